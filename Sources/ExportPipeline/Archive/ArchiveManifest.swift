import Crypto
import Foundation

/// Writes the per-run compliance manifest that chains the archive's runs together.
///
/// ```swift
/// let url = try ArchiveManifest.write(ndjsonRoot: root, run: info, files: written, media: stored)
/// // root/manifests/run-7.json, read-only, previousManifestSHA256 = SHA-256 of run-6.json
/// ```
package enum ArchiveManifest {
    /// The folder below the NDJSON root that holds the manifests.
    package static let folderName = "manifests"

    /// Writes <ndjsonRoot>/manifests/run-<runID>.json (chained to the previous manifest's SHA-256), makes the listed files read-only; returns the URL.
    ///
    /// The previous manifest is the one with the highest run id below `run.runID` in the same chain (a shard's
    /// manifests, `run-<id>.shard-K-of-N.json`, chain among themselves). A manifest of the same run
    /// (left by a crash between writing it and recording the run as complete) is replaced.
    /// - Throws: ``ArchiveError`` naming the file when a listed file is missing or outside the root, when a
    ///   later run's manifest exists, or when the previous manifest cannot be read.
    package static func write(
        ndjsonRoot: URL,
        run: ArchiveRunInfo,
        files: [ArchiveFileRecord],
        media: [ArchiveMediaRecord],
        shardTag: String? = nil
    ) throws -> URL {
        let manager = FileManager.default
        let folder = ndjsonRoot.appendingPathComponent(folderName, isDirectory: true)
        try DurableFile.makeFolder(folder)

        var fileEntries: [ManifestDocument.File] = []
        for file in files.sorted(by: { $0.path < $1.path }) {
            guard isSafeRelativePath(file.path) else { throw ArchiveError.pathOutsideRoot(path: file.path) }
            let url = ndjsonRoot.appendingPathComponent(file.path)
            guard manager.fileExists(atPath: url.path) else { throw ArchiveError.fileMissing(path: file.path) }
            let (sha256, bytes) = try ArchiveFiles.sha256(ofFileAt: url)
            fileEntries.append(
                ManifestDocument.File(
                    path: file.path,
                    bytes: bytes,
                    sha256: sha256,
                    records: file.records,
                    firstTimestamp: file.firstTimestamp.map(format),
                    lastTimestamp: file.lastTimestamp.map(format)
                )
            )
        }
        for item in media {
            guard isSafeRelativePath(item.path) else { throw ArchiveError.pathOutsideRoot(path: item.path) }
            guard manager.fileExists(atPath: ndjsonRoot.appendingPathComponent(item.path).path) else {
                throw ArchiveError.fileMissing(path: item.path)
            }
        }

        let previous = try previousManifest(in: folder, before: run.runID, chain: shardTag)
        var document = ManifestDocument(
            runID: run.runID,
            toolVersion: run.toolVersion,
            job: ManifestDocument.Job(name: run.jobName, fileSHA256: run.jobSHA256),
            source: ManifestDocument.Source(
                description: run.source,
                windowStart: run.windowStart.map(format),
                windowEnd: run.windowEnd.map(format),
                conversationIDs: run.conversationIDs
            ),
            startedAt: format(run.startedAt),
            finishedAt: format(run.finishedAt),
            files: fileEntries,
            media: deduplicated(media),
            redaction: ManifestDocument.Redaction(
                text: run.redaction.text.rawValue,
                addresses: run.redaction.addresses.rawValue,
                counts: run.redactionCounts
            ),
            changes: run.changeCounts.entities,
            previousManifest: previous.map { "\(folderName)/\($0.name)" },
            previousManifestSHA256: previous?.sha256,
            contentSHA256: ManifestDocument.zeroHash
        )
        let zeroed = try document.encoded()
        document.contentSHA256 = ArchiveFiles.hex(SHA256.hash(data: zeroed))
        let data = try document.encoded()

        let url = folder.appendingPathComponent(ManifestDocument.fileName(runID: run.runID, shardTag: shardTag))
        // Durable before the run's completion is committed: the file and the folder are fsynced, and the rename
        // replaces a manifest of the same run left by a crash in one step.
        try DurableFile.write(data, to: url, permissions: 0o444)
        for entry in fileEntries {
            try makeReadOnly(ndjsonRoot.appendingPathComponent(entry.path))
        }
        for item in media {
            try makeReadOnly(ndjsonRoot.appendingPathComponent(item.path))
        }
        return url
    }

    // MARK: - Private

    /// chmod 0444, with an error naming the file and the system's reason.
    private static func makeReadOnly(_ url: URL) throws {
        guard chmod(url.path, 0o444) == 0 else { throw DurableFile.error(url.path, "make read-only", errno) }
    }

    private static func previousManifest(
        in folder: URL,
        before runID: Int64,
        chain: String?
    ) throws -> (name: String, sha256: String)? {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        var best: (id: Int64, name: String)?
        for name in names {
            guard let (nameChain, id) = ManifestDocument.chainAndRunID(fromFileName: name), nameChain == chain else {
                continue
            }
            if id > runID {
                throw ArchiveError.laterManifestExists(runID: runID, laterPath: "\(folderName)/\(name)")
            }
            if id < runID, id > best?.id ?? Int64.min { best = (id, name) }
        }
        guard let best else { return nil }
        do {
            let (sha256, _) = try ArchiveFiles.sha256(ofFileAt: folder.appendingPathComponent(best.name))
            return (best.name, sha256)
        } catch {
            throw ArchiveError.unreadableManifest(path: "\(folderName)/\(best.name)", reason: "\(error)")
        }
    }

    private static func deduplicated(_ media: [ArchiveMediaRecord]) -> [ArchiveMediaRecord] {
        var seen = Set<String>()
        return media.sorted { ($0.path, $0.sourceID ?? "") < ($1.path, $1.sourceID ?? "") }
            .filter { seen.insert($0.path + "\u{0}" + ($0.sourceID ?? "")).inserted }
    }

    /// True for a relative path with no `..` component.
    static func isSafeRelativePath(_ path: String) -> Bool {
        !path.isEmpty && !path.hasPrefix("/") && !path.split(separator: "/").contains("..")
    }

    static func format(_ date: Date) -> String {
        date.formatted(
            Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: TimeZone(identifier: "UTC") ?? .gmt)
        )
    }
}
