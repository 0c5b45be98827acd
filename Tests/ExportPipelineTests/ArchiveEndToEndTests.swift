import Foundation
import GRDB
import Testing

@testable import ExportPipeline

/// The runner, the manifest writer and the verifier together, on a scripted source.
struct ArchiveEndToEndTests {
    private func manifestRunner(_ job: JobSpec, _ source: FakeSource, hashKey: Data? = nil) -> ExportRunner {
        var exportRunner = runner(job, source)
        exportRunner.configuration.writesManifest = true
        exportRunner.configuration.redactionHashKey = hashKey
        return exportRunner
    }

    @Test func completedRunsWriteChainedManifestsThatVerifyUntilAByteChanges() async throws {
        let folder = try TempFolder()
        defer { folder.cleanup() }
        let org = FakeSource.org(count: 6, messages: 4)
        let job = makeJob(folder.url, source: .conversationIDs(org.map(\.id)))
        let root = try #require(job.output.ndjson)

        let first = try await manifestRunner(job, FakeSource(org)).run()
        #expect(first.status == .complete)
        var report = try ArchiveVerifier.verify(root)
        #expect(report.problems == [])
        #expect(report.isValid)
        #expect(report.manifestsChecked == 1)
        #expect(report.recordsChecked > 0)

        // The second run finds conversation 0 ended later and its messages edited: only those objects are written.
        var changed = org
        changed[0].end = changed[0].end?.addingTimeInterval(60)
        for index in changed[0].messages.indices { changed[0].messages[index].text += " (edited)" }
        let second = try await manifestRunner(job, FakeSource(changed)).run()
        #expect(second.status == .complete)
        #expect(second.conversations == 1)
        #expect(second.conversationsSkipped == 5)
        report = try ArchiveVerifier.verify(root)
        #expect(report.problems == [])
        #expect(report.manifestsChecked == 2)

        let manifests = ArchiveFiles.relativeFiles(under: root).filter { $0.hasPrefix("manifests/") }
        #expect(manifests.count == 2)
        let newest = try ManifestDocument.decode(Data(contentsOf: root.appendingPathComponent(manifests[1])))
        let (oldestSHA, _) = try ArchiveFiles.sha256(ofFileAt: root.appendingPathComponent(manifests[0]))
        #expect(newest.previousManifestSHA256 == oldestSHA)
        #expect(newest.job.name == job.name)
        #expect(newest.job.fileSHA256 == job.fileSHA256)
        #expect(newest.files.filter { $0.path.hasPrefix("messages/") }.map(\.records) == [4])
        #expect(newest.files.filter { $0.path.hasPrefix("conversations/") }.map(\.records) == [1])
        #expect(newest.files.filter { $0.path.hasPrefix("participants/") }.map(\.records) == [2])
        #expect(!newest.files.contains { $0.path.hasPrefix("wrapups/") })
        #expect(newest.changes?["messages"] == ChangeCounts.Entry(new: 0, changed: 4, unchanged: 0))
        #expect(newest.changes?["wrapups"] == ChangeCounts.Entry(new: 0, changed: 0, unchanged: 1))

        // Every file the manifests list is read-only, and one flipped byte is caught, naming the file.
        let target = try #require(newest.files.first { $0.path.hasPrefix("messages/") })
        let url = root.appendingPathComponent(target.path)
        let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o444)
        var bytes = try Data(contentsOf: url)
        bytes[bytes.count / 3] ^= 0x20
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: url.path)
        try bytes.write(to: url)
        report = try ArchiveVerifier.verify(root)
        #expect(!report.isValid)
        #expect(report.problems.contains { $0.kind == .altered && $0.path == target.path })
    }
}
