import Crypto
import Foundation

/// The outcome of checking an archive against its manifests.
package struct VerificationReport: Sendable, Equatable {
    /// Every problem found, each naming the file concerned.
    package var problems: [ArchiveProblem] = []
    /// Number of manifests checked.
    package var manifestsChecked = 0
    /// Number of NDJSON files checked.
    package var filesChecked = 0
    /// Number of records counted across all NDJSON files.
    package var recordsChecked = 0
    /// Number of media files checked.
    package var mediaChecked = 0

    /// Records a problem of `kind` with the file at `path`.
    mutating func add(_ kind: ArchiveProblem.Kind, _ path: String, _ detail: String) {
        problems.append(ArchiveProblem(kind: kind, path: path, detail: detail))
    }

    /// True only when every file, record count and chain link holds.
    package var isValid: Bool { problems.isEmpty && manifestsChecked > 0 }

    /// A plain-text summary: one line per problem, then the totals.
    package func renderText() -> String {
        var lines = problems.map(\.description)
        let verdict = isValid ? "OK" : (manifestsChecked == 0 && problems.isEmpty ? "NO MANIFESTS" : "FAILED")
        lines.append(
            "\(verdict): \(manifestsChecked) manifests, \(filesChecked) files, \(recordsChecked) records, "
                + "\(mediaChecked) media files, \(problems.count) problems"
        )
        return lines.joined(separator: "\n") + "\n"
    }
}

/// One thing wrong with an archive.
package struct ArchiveProblem: Sendable, Equatable, CustomStringConvertible {
    /// The kinds of problem `verify` reports.
    package enum Kind: String, Sendable, Equatable {
        /// A file listed in a manifest is gone.
        case missing
        /// A file is in the archive but in no manifest.
        case extra
        /// A file's bytes differ from the manifest (hash or size).
        case altered
        /// A file is shorter than the manifest says, or its gzip stream ends early.
        case truncated
        /// A file's content does not parse (bad gzip, bad JSON line, wrong record count).
        case corrupt
        /// A manifest's link to the previous manifest, or its own content hash, does not hold.
        case brokenChain = "broken-chain"
    }

    /// What is wrong.
    package var kind: Kind
    /// The file concerned, relative to the archive root.
    package var path: String
    /// Details for the reader.
    package var detail: String

    /// One line: kind, path, detail.
    package var description: String { "\(kind.rawValue): \(path): \(detail)" }
}

/// Recomputes an archive's hashes, sizes and record counts and checks its manifest chain.
///
/// ```swift
/// let report = try ArchiveVerifier.verify(ndjsonRoot)
/// print(report.renderText()); exit(report.isValid ? 0 : 1)
/// ```
package struct ArchiveVerifier {
    /// Verifies the archive rooted at `root` (the job's NDJSON folder).
    ///
    /// Checks, for every manifest in `manifests/` (ordered by run id within its chain — a multi-shard archive has one
    /// chain per shard): its own content hash, its link to the previous manifest of its chain; for every file it lists: present, size, SHA-256, that every gzip member decompresses
    /// to the end, that the line count equals the record count and every line parses as JSON; for every media
    /// file: present, size, SHA-256 and the content address. Files in no manifest are reported as extra.
    /// - Throws: only when `root` is not a readable folder.
    package static func verify(_ root: URL) throws -> VerificationReport {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ArchiveError.archiveFolderMissing(path: root.path)
        }
        var report = VerificationReport()
        let present = Set(ArchiveFiles.relativeFiles(under: root))
        var accounted = Set<String>()
        let manifests = present.compactMap { path -> (chain: String, id: Int64, path: String)? in
            let parts = path.split(separator: "/")
            guard parts.count == 2, parts[0] == ArchiveManifest.folderName,
                let (chain, id) = ManifestDocument.chainAndRunID(fromFileName: String(parts[1]))
            else { return nil }
            return (chain ?? "", id, path)
        }.sorted { ($0.chain, $0.id) < ($1.chain, $1.id) }

        var previous: (path: String, sha256: String)?
        var chain: String?
        var expectedFiles: [String: ManifestDocument.File] = [:]
        var expectedMedia: [String: ArchiveMediaRecord] = [:]
        for manifest in manifests {
            accounted.insert(manifest.path)
            report.manifestsChecked += 1
            if manifest.chain != chain {
                // Each shard's manifests (and the unsharded job's) chain among themselves.
                (chain, previous) = (manifest.chain, nil)
            }
            let url = root.appendingPathComponent(manifest.path)
            guard let data = try? Data(contentsOf: url) else {
                report.add(.missing, manifest.path, "cannot be read")
                continue
            }
            let ownHash = ArchiveFiles.hex(SHA256.hash(data: data))
            defer { previous = (manifest.path, ownHash) }
            let document: ManifestDocument
            do {
                document = try ManifestDocument.decode(data)
            } catch {
                report.add(.altered, manifest.path, "is not a valid manifest: \(error)")
                continue
            }
            checkContentHash(document, data: data, path: manifest.path, into: &report)
            checkLink(document, previous: previous, path: manifest.path, into: &report)
            for file in document.files { expectedFiles[file.path] = file }
            for item in document.media { expectedMedia[item.path] = item }
        }

        for (path, file) in expectedFiles.sorted(by: { $0.key < $1.key }) {
            accounted.insert(path)
            report.filesChecked += 1
            guard present.contains(path) else { report.add(.missing, path, gone); continue }
            checkFile(file, root: root, into: &report)
        }
        for (path, item) in expectedMedia.sorted(by: { $0.key < $1.key }) {
            accounted.insert(path)
            report.mediaChecked += 1
            guard present.contains(path) else { report.add(.missing, path, gone); continue }
            checkMedia(item, root: root, into: &report)
        }
        for path in present.subtracting(accounted).sorted() {
            report.add(.extra, path, "is not listed in any manifest")
        }
        return report
    }

    // MARK: - Checks

    private static func checkContentHash(
        _ document: ManifestDocument,
        data: Data,
        path: String,
        into report: inout VerificationReport
    ) {
        guard let zeroed = ManifestDocument.zeroedContent(data, contentSHA256: document.contentSHA256),
            ArchiveFiles.hex(SHA256.hash(data: zeroed)) == document.contentSHA256
        else {
            report.add(.altered, path, "content does not match its contentSHA256: the manifest was changed after it was written")
            return
        }
    }

    private static func checkLink(
        _ document: ManifestDocument,
        previous: (path: String, sha256: String)?,
        path: String,
        into report: inout VerificationReport
    ) {
        switch (previous, document.previousManifestSHA256) {
        case (nil, nil):
            break
        case (nil, let expected?):
            let missing = document.previousManifest ?? "the previous manifest"
            report.add(.brokenChain, path, "links to \(missing) (SHA-256 \(expected)), which is missing")
        case (let previous?, nil):
            report.add(.brokenChain, path, "starts a new chain but \(previous.path) precedes it")
        case (let previous?, let expected?):
            if document.previousManifest.map({ $0 != previous.path }) ?? false {
                report.add(.brokenChain, path, "links to \(document.previousManifest ?? "?"), which is missing; found \(previous.path)")
            } else if previous.sha256 != expected {
                report.add(.brokenChain, previous.path, "SHA-256 is \(previous.sha256) but \(path) records \(expected): it was changed")
            }
        }
    }

    /// What a file listed in a manifest but absent is reported as.
    private static let gone = "listed in a manifest but gone"

    private static func checkFile(
        _ file: ManifestDocument.File,
        root: URL,
        into report: inout VerificationReport
    ) {
        let url = root.appendingPathComponent(file.path)
        let isGzip = file.path.hasSuffix(".gz")
        let scanner = GzipNDJSONScanner()
        var hasher = SHA256()
        var size = 0
        do {
            let handle = try FileHandle(forReadingFrom: url)
            defer { try? handle.close() }
            while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
                hasher.update(data: chunk)
                size += chunk.count
                if isGzip { scanner.feed(chunk) }
            }
        } catch {
            report.add(.missing, file.path, "cannot be read: \(error)")
            return
        }
        let sha256 = ArchiveFiles.hex(hasher.finalize())
        if size < file.bytes {
            report.add(.truncated, file.path, "\(size) bytes, manifest says \(file.bytes)")
        } else if size != file.bytes {
            report.add(.altered, file.path, "\(size) bytes, manifest says \(file.bytes)")
        } else if sha256 != file.sha256 {
            report.add(.altered, file.path, "SHA-256 \(sha256), manifest says \(file.sha256)")
        }
        guard isGzip else { return }
        let scan = scanner.finish()
        report.recordsChecked += scan.lines
        if let gzipError = scan.gzipError {
            report.add(.corrupt, file.path, "gzip error: \(gzipError)")
        } else if scan.isTruncated {
            report.add(.truncated, file.path, "gzip stream ends before its end marker")
        }
        if scan.lines != file.records {
            report.add(.corrupt, file.path, "\(scan.lines) records, manifest says \(file.records)")
        }
        if scan.invalidLineCount > 0 {
            let lines = scan.invalidLines.map(String.init).joined(separator: ", ")
            report.add(.corrupt, file.path, "\(scan.invalidLineCount) lines are not JSON (lines \(lines))")
        }
    }

    private static func checkMedia(
        _ item: ArchiveMediaRecord,
        root: URL,
        into report: inout VerificationReport
    ) {
        guard let (sha256, bytes) = try? ArchiveFiles.sha256(ofFileAt: root.appendingPathComponent(item.path)) else {
            report.add(.missing, item.path, "cannot be read")
            return
        }
        if bytes < item.bytes {
            report.add(.truncated, item.path, "\(bytes) bytes, manifest says \(item.bytes)")
        } else if bytes != item.bytes || sha256 != item.sha256 {
            report.add(.altered, item.path, "SHA-256 \(sha256), manifest says \(item.sha256)")
        }
        if ArchiveMedia.relativePath(forSHA256: item.sha256) != item.path {
            report.add(.corrupt, item.path, "path does not match its SHA-256 \(item.sha256)")
        }
    }
}
