import Foundation
import Testing

@testable import ExportPipeline

struct ArchiveVerifierTests {
    @Test func freshArchiveVerifies() throws {
        let fixture = try ArchiveFixture()
        defer { fixture.remove() }
        try fixture.writeTwoRuns()
        let report = try ArchiveVerifier.verify(fixture.root)
        #expect(report.problems == [])
        #expect(report.isValid)
        #expect(report.manifestsChecked == 2)
        #expect(report.filesChecked == 3)
        #expect(report.recordsChecked == 54)
        #expect(report.mediaChecked == 1)
    }

    @Test func manifestRecordsRunFilesMediaRedactionAndChain() throws {
        let fixture = try ArchiveFixture()
        defer { fixture.remove() }
        try fixture.writeTwoRuns()
        let first = try ManifestDocument.decode(try fixture.contents("manifests/run-1.json"))
        let second = try ManifestDocument.decode(try fixture.contents("manifests/run-2.json"))
        #expect(first.previousManifestSHA256 == nil)
        #expect(first.job == ManifestDocument.Job(name: "demo", fileSHA256: String(repeating: "a", count: 64)))
        #expect(first.toolVersion == "0.1.0")
        #expect(first.source.windowStart == "2026-11-01T00:00:00.000Z")
        #expect(
            first.files.map(\.path) == [
                "conversations/dt=2026-11-01/part-000001-0001.ndjson.gz",
                "messages/dt=2026-11-01/part-000001-0001.ndjson.gz",
            ]
        )
        let file = try #require(first.files.first)
        let (sha, bytes) = try ArchiveFiles.sha256(ofFileAt: fixture.root.appendingPathComponent(file.path))
        #expect(file.sha256 == sha)
        #expect(file.bytes == bytes)
        #expect(file.records == 3)
        #expect(file.firstTimestamp == "2026-11-01T09:00:00.000Z")
        #expect(first.media.count == 1)
        #expect(first.media.first?.sourceID == "att-1")
        #expect(first.redaction.counts == RedactionCounts(cards: 1, emails: 2))
        #expect(first.redaction.text == "keep")
        let (firstManifestSHA, _) = try ArchiveFiles.sha256(
            ofFileAt: fixture.root.appendingPathComponent("manifests/run-1.json")
        )
        #expect(second.previousManifest == "manifests/run-1.json")
        #expect(second.previousManifestSHA256 == firstManifestSHA)
    }

    @Test func archiveFilesAndManifestsAreReadOnly() throws {
        let fixture = try ArchiveFixture()
        defer { fixture.remove() }
        try fixture.writeTwoRuns()
        for path in [
            "manifests/run-1.json", "manifests/run-2.json",
            "messages/dt=2026-11-01/part-000001-0001.ndjson.gz",
        ] {
            let attributes = try FileManager.default.attributesOfItem(
                atPath: fixture.root.appendingPathComponent(path).path
            )
            #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o444, "\(path)")
        }
    }

    @Test func oneChangedByteIsReportedAsAlteredNamingTheFile() throws {
        let fixture = try ArchiveFixture()
        defer { fixture.remove() }
        try fixture.writeTwoRuns()
        let path = "conversations/dt=2026-11-01/part-000001-0001.ndjson.gz"
        var data = try fixture.contents(path)
        data[data.count / 2] ^= 0x01
        try fixture.overwrite(path, with: data)
        let report = try ArchiveVerifier.verify(fixture.root)
        #expect(!report.isValid)
        #expect(report.problems.contains { $0.kind == .altered && $0.path == path })
        #expect(report.renderText().contains("altered: \(path)"))
    }

    @Test func deletedFileIsReportedAsMissing() throws {
        let fixture = try ArchiveFixture()
        defer { fixture.remove() }
        try fixture.writeTwoRuns()
        let path = "messages/dt=2026-11-02/part-000002-0001.ndjson.gz"
        try FileManager.default.removeItem(at: fixture.root.appendingPathComponent(path))
        let report = try ArchiveVerifier.verify(fixture.root)
        #expect(!report.isValid)
        #expect(
            report.problems == [ArchiveProblem(kind: .missing, path: path, detail: "listed in a manifest but gone")]
        )
    }

    @Test func truncatedFileIsReportedAsTruncated() throws {
        let fixture = try ArchiveFixture()
        defer { fixture.remove() }
        try fixture.writeTwoRuns()
        let path = "messages/dt=2026-11-01/part-000001-0001.ndjson.gz"
        let data = try fixture.contents(path)
        try fixture.overwrite(path, with: data.prefix(data.count - 20))
        let report = try ArchiveVerifier.verify(fixture.root)
        #expect(!report.isValid)
        #expect(report.problems.contains { $0.kind == .truncated && $0.path == path })
    }

    @Test func gzipCutAtAMemberBoundaryStillFailsOnTheRecordCount() throws {
        let fixture = try ArchiveFixture()
        defer { fixture.remove() }
        let path = "messages/x.ndjson.gz"
        let record = try fixture.writeNDJSON(path, lines: ["{}", "{}", "{}", "{}"], members: 2)
        _ = try ArchiveManifest.write(ndjsonRoot: fixture.root, run: fixture.run(1), files: [record], media: [])
        let firstMember = try ArchiveFiles.gzipMember(Data("{}\n{}\n".utf8))
        let scan = ArchiveFiles.scanGzipNDJSON(firstMember)
        #expect(scan.lines == 2)
        #expect(!scan.isTruncated)
        try fixture.overwrite(path, with: firstMember)
        let report = try ArchiveVerifier.verify(fixture.root)
        #expect(report.problems.contains { $0.kind == .truncated && $0.path == path })
        #expect(report.problems.contains { $0.kind == .corrupt && $0.detail == "2 records, manifest says 4" })
    }

    @Test func scanDetectsStreamsEndingInsideAMember() throws {
        let member = try ArchiveFiles.gzipMember(Data(String(repeating: "{\"a\":1}\n", count: 100).utf8))
        #expect(ArchiveFiles.scanGzipNDJSON(member) == ArchiveFiles.LineScan(lines: 100))
        for cut in [member.count - 1, member.count - 8, member.count / 2] {
            #expect(ArchiveFiles.scanGzipNDJSON(member.prefix(cut)).isTruncated, "cut at \(cut)")
        }
        let garbage = ArchiveFiles.scanGzipNDJSON(Data("not gzip at all".utf8))
        #expect(garbage.gzipError != nil)
    }

    @Test func scannerReadsMembersSplitAcrossChunksAtAnyBoundary() throws {
        let first = try ArchiveFiles.gzipMember(Data("{\"a\":1}\n{\"a\":2}\n".utf8))
        let second = try ArchiveFiles.gzipMember(Data("{\"b\":1}\n".utf8))
        let file = first + second
        for split in 1..<file.count {
            let scanner = GzipNDJSONScanner()
            scanner.feed(file.prefix(split))
            scanner.feed(file.dropFirst(split))
            #expect(scanner.finish() == ArchiveFiles.LineScan(lines: 3), "split at \(split)")
        }
        for cut in [1, first.count + 3, file.count - 1] {
            let scanner = GzipNDJSONScanner()
            scanner.feed(file.prefix(cut))
            #expect(scanner.finish().isTruncated, "cut at \(cut)")
        }
        let garbage = GzipNDJSONScanner()
        garbage.feed(file + Data("trailing junk".utf8))
        #expect(garbage.finish().gzipError != nil)
    }

    @Test func extraFileIsReported() throws {
        let fixture = try ArchiveFixture()
        defer { fixture.remove() }
        try fixture.writeTwoRuns()
        try fixture.writeNDJSON("messages/dt=2026-11-03/part-000009-0001.ndjson.gz", lines: ["{}"])
        let report = try ArchiveVerifier.verify(fixture.root)
        #expect(report.problems.map(\.path) == ["messages/dt=2026-11-03/part-000009-0001.ndjson.gz"])
        #expect(report.problems.first?.kind == .extra)
    }

    @Test func invalidJSONLineWithCorrectHashIsStillCorrupt() throws {
        let fixture = try ArchiveFixture()
        defer { fixture.remove() }
        let record = try fixture.writeNDJSON("x/a.ndjson.gz", lines: [#"{"id":1}"#, #"{"id":"#])
        _ = try ArchiveManifest.write(ndjsonRoot: fixture.root, run: fixture.run(1), files: [record], media: [])
        let report = try ArchiveVerifier.verify(fixture.root)
        #expect(report.problems.count == 1)
        #expect(report.problems.first?.kind == .corrupt)
        #expect(report.problems.first?.detail == "1 lines are not JSON (lines 2)")
    }

    @Test func alteredEarlierManifestBreaksTheChain() throws {
        let fixture = try ArchiveFixture()
        defer { fixture.remove() }
        try fixture.writeTwoRuns()
        let path = "manifests/run-1.json"
        let text = String(decoding: try fixture.contents(path), as: UTF8.self)
        try fixture.overwrite(
            path,
            with: Data(text.replacingOccurrences(of: "\"records\" : 3", with: "\"records\" : 4").utf8)
        )
        let report = try ArchiveVerifier.verify(fixture.root)
        #expect(!report.isValid)
        #expect(report.problems.contains { $0.kind == .brokenChain && $0.path == path })
        #expect(report.problems.contains { $0.kind == .altered && $0.path == path })
    }

    @Test func alteredNewestManifestFailsItsContentHash() throws {
        let fixture = try ArchiveFixture()
        defer { fixture.remove() }
        try fixture.writeTwoRuns()
        let path = "manifests/run-2.json"
        let text = String(decoding: try fixture.contents(path), as: UTF8.self)
        try fixture.overwrite(path, with: Data(text.replacingOccurrences(of: "0.1.0", with: "0.1.1").utf8))
        let report = try ArchiveVerifier.verify(fixture.root)
        #expect(report.problems.map(\.path) == [path])
        #expect(report.problems.first?.kind == .altered)
    }

    @Test func deletedEarlierManifestIsABrokenChainAndItsFilesBecomeExtra() throws {
        let fixture = try ArchiveFixture()
        defer { fixture.remove() }
        try fixture.writeTwoRuns()
        try FileManager.default.removeItem(at: fixture.root.appendingPathComponent("manifests/run-1.json"))
        let report = try ArchiveVerifier.verify(fixture.root)
        #expect(report.problems.contains { $0.kind == .brokenChain && $0.path == "manifests/run-2.json" })
        #expect(
            report.problems.contains {
                $0.kind == .extra && $0.path == "conversations/dt=2026-11-01/part-000001-0001.ndjson.gz"
            }
        )
    }

    @Test func alteredMediaFileIsReported() throws {
        let fixture = try ArchiveFixture()
        defer { fixture.remove() }
        try fixture.writeTwoRuns()
        let path = ArchiveMedia.relativePath(forSHA256: ArchiveFiles.hex(Data("PNG bytes".utf8).sha256Digest))
        try fixture.overwrite(path, with: Data("PNG bytez".utf8))
        let report = try ArchiveVerifier.verify(fixture.root)
        #expect(report.problems.map(\.path) == [path])
        #expect(report.problems.first?.kind == .altered)
    }

    @Test func rewritingTheSameRunsManifestKeepsTheChainValid() throws {
        let fixture = try ArchiveFixture()
        defer { fixture.remove() }
        try fixture.writeTwoRuns()
        let record = ArchiveFileRecord(path: "messages/dt=2026-11-02/part-000002-0001.ndjson.gz", records: 1)
        _ = try ArchiveManifest.write(ndjsonRoot: fixture.root, run: fixture.run(2), files: [record], media: [])
        let report = try ArchiveVerifier.verify(fixture.root)
        #expect(report.problems == [])
        #expect(report.manifestsChecked == 2)
    }

    @Test func verifyingAMissingFolderThrowsNamingIt() {
        let missing = URL(fileURLWithPath: "/nonexistent/archive-\(UUID().uuidString)")
        #expect(throws: ArchiveError.archiveFolderMissing(path: missing.path)) { try ArchiveVerifier.verify(missing) }
    }

    @Test func emptyFolderIsNotValid() throws {
        let fixture = try ArchiveFixture()
        defer { fixture.remove() }
        let report = try ArchiveVerifier.verify(fixture.root)
        #expect(!report.isValid)
        #expect(report.renderText().hasPrefix("NO MANIFESTS"))
    }

    @Test func manifestRefusesToChainBehindALaterRun() throws {
        let fixture = try ArchiveFixture()
        defer { fixture.remove() }
        try fixture.writeTwoRuns()
        #expect(throws: ArchiveError.laterManifestExists(runID: 1, laterPath: "manifests/run-2.json")) {
            try ArchiveManifest.write(ndjsonRoot: fixture.root, run: fixture.run(1), files: [], media: [])
        }
        #expect(throws: ArchiveError.fileMissing(path: "nope.ndjson.gz")) {
            try ArchiveManifest.write(
                ndjsonRoot: fixture.root,
                run: fixture.run(3),
                files: [ArchiveFileRecord(path: "nope.ndjson.gz", records: 1)],
                media: []
            )
        }
    }
}

struct ArchiveMediaTests {
    @Test func storesContentAddressedReadOnlyAndIdempotently() throws {
        let fixture = try ArchiveFixture()
        defer { fixture.remove() }
        let bytes = Data("hello media".utf8)
        let hash = ArchiveFiles.hex(bytes.sha256Digest)
        let record = try ArchiveMedia.store(
            bytes: bytes,
            expectedSHA256: hash.uppercased(),
            root: fixture.root,
            sourceID: "a1"
        )
        #expect(record.path == "media/sha256/\(hash.prefix(2))/\(hash)")
        #expect(record.bytes == bytes.count)
        #expect(try fixture.contents(record.path) == bytes)
        let again = try ArchiveMedia.store(bytes: bytes, expectedSHA256: nil, root: fixture.root, sourceID: "a1")
        #expect(again == record)
        let base64 = try ArchiveMedia.store(
            bytes: bytes,
            expectedSHA256: bytes.sha256Digest.base64EncodedString(),
            root: fixture.root,
            sourceID: "a1"
        )
        #expect(base64 == record)
    }

    @Test func hashMismatchIsAnErrorNamingTheAttachment() throws {
        let fixture = try ArchiveFixture()
        defer { fixture.remove() }
        let wrong = String(repeating: "0", count: 64)
        #expect(throws: ArchiveError.self) {
            try ArchiveMedia.store(bytes: Data("x".utf8), expectedSHA256: wrong, root: fixture.root, sourceID: "att-42")
        }
        do {
            _ = try ArchiveMedia.store(
                bytes: Data("x".utf8),
                expectedSHA256: wrong,
                root: fixture.root,
                sourceID: "att-42"
            )
        } catch {
            #expect("\(error)".contains("att-42"))
        }
        #expect(!FileManager.default.fileExists(atPath: fixture.root.appendingPathComponent("media").path))
    }
}

extension Data {
    fileprivate var sha256Digest: Data {
        ArchiveFiles.sha256Digest(of: self)
    }
}
