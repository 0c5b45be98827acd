import ExportPipeline
import Foundation
import GRDB
import GenesysClient
import GenesysModels
import GenesysSimulator
import Synchronization
import Testing
import TestSupport

/// `fetch.media: download`: attachment and cached-media bytes stored content-addressed, listed by manifests, verified.
@Suite(.timeLimit(.minutes(5)))
struct MediaDownloadTests {
    private func downloadJob(_ folder: URL, _ configuration: SimulatorConfiguration) -> JobSpec {
        var job = simulatorJob(folder, name: "media", source: orgInterval(configuration))
        job.fetch.media = .download
        return job
    }

    /// Every `media/sha256/...` file under the archive root.
    private func mediaFilesOnDisk(_ root: URL) -> Set<String> {
        Set(ArchiveFiles.relativeFiles(under: root).filter { $0.hasPrefix("media/sha256/") })
    }

    /// The media paths of every manifest under the root, in manifest order, duplicates kept.
    private func manifestMediaPaths(_ root: URL) throws -> [String] {
        let folder = root.appendingPathComponent("manifests")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix(".json") }.sorted()
        var paths: [String] = []
        for name in names {
            let data = try Data(contentsOf: folder.appendingPathComponent(name))
            let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            let media = try #require(object["media"] as? [[String: Any]], "manifest \(name) has no media list")
            paths += media.compactMap { $0["path"] as? String }
        }
        return paths
    }

    @Test func downloadStoresEveryAttachmentUnderItsSHA256AndTheManifestAndVerifyCoverThem() async throws {
        let folder = try TempFolder()
        defer { folder.cleanup() }
        let configuration = SimulatorConfiguration(conversations: 25, rateLimitPerMinute: 0)
        try await withSimulator(configuration) { sim in
            try await withClient(sim) { client in
                let job = downloadJob(folder.url, configuration)
                let summary = try await runner(job, client, writesManifest: true).run()
                #expect(summary.status == .complete)
                let root = try #require(job.output.ndjson)

                let attachments = try await openDatabase(job).read { db in
                    try Row.fetchAll(
                        db,
                        sql: "SELECT message_id, url, sha256, archive_path FROM message_attachments WHERE url IS NOT NULL"
                    )
                }
                try #require(attachments.count > 0, "the simulated org should carry attachments")
                var expectedPaths: Set<String> = []
                for row in attachments {
                    let messageID: String = row["message_id"]
                    let path = try #require(row["archive_path"] as String?, "attachment of \(messageID) was not stored")
                    #expect(path.hasPrefix("media/sha256/"))
                    let file = try ArchiveFiles.sha256(ofFileAt: root.appendingPathComponent(path))
                    #expect(path.hasSuffix(file.sha256))
                    if let apiSHA = row["sha256"] as String? {
                        #expect(ArchiveMedia.normalizedHex(apiSHA) == file.sha256, "bytes of \(messageID) differ from the API's sha256")
                    }
                    // The stored bytes are the ones the API serves.
                    let urlText = try #require(row["url"] as String?)
                    let url = try #require(URL(string: urlText))
                    let served = try await client.downloadMedia(from: url)
                    #expect(ArchiveFiles.hex(ArchiveFiles.sha256Digest(of: served)) == file.sha256)
                    expectedPaths.insert(path)
                }
                let cached = try await openDatabase(job).read { db in
                    try String.fetchAll(db, sql: "SELECT archive_path FROM cached_media WHERE download_url IS NOT NULL")
                }
                #expect(!cached.isEmpty)
                expectedPaths.formUnion(cached)

                let listed = try manifestMediaPaths(root)
                #expect(listed.count == Set(listed).count)
                #expect(Set(listed) == expectedPaths)
                #expect(mediaFilesOnDisk(root) == expectedPaths)
                let recorded = try await openDatabase(job).read { db in
                    try Set(String.fetchAll(db, sql: "SELECT path FROM media_files WHERE run_id = ?", arguments: [summary.runID]))
                }
                #expect(recorded == expectedPaths)

                let report = try ArchiveVerifier.verify(root)
                #expect(report.isValid, "\(report.renderText())")
                #expect(report.mediaChecked == expectedPaths.count)

                // Deleting one media file and altering another makes verify fail naming both.
                let sorted = expectedPaths.sorted()
                let deleted = try #require(sorted.first)
                let altered = try #require(sorted.last)
                try #require(deleted != altered)
                try FileManager.default.removeItem(at: root.appendingPathComponent(deleted))
                let alteredURL = root.appendingPathComponent(altered)
                try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: alteredURL.path)
                var bytes = try Data(contentsOf: alteredURL)
                bytes[0] ^= 0xFF
                try bytes.write(to: alteredURL)
                let broken = try ArchiveVerifier.verify(root)
                #expect(!broken.isValid)
                #expect(broken.problems.contains { $0.path == deleted && $0.kind == .missing })
                #expect(broken.problems.contains { $0.path == altered && $0.kind == .altered })
            }
        }
    }

    @Test func aResumedRunListsEveryMediaFileExactlyOnceAcrossManifests() async throws {
        let folder = try TempFolder()
        defer { folder.cleanup() }
        let configuration = SimulatorConfiguration(conversations: 30, rateLimitPerMinute: 0)
        try await withSimulator(configuration) { sim in
            try await withClient(sim) { client in
                var job = downloadJob(folder.url, configuration)
                job.fetch.concurrency = 2
                let box = CancelBox()
                // The cached media list is the first commit; stop after a conversation commit or two.
                let interrupted = runner(job, client, maxRows: 60, writesManifest: true) { progress in
                    if progress.commits >= 3 { box.cancel() }
                }
                let task = Task { try await interrupted.run() }
                box.set(task)
                let first = try await task.value
                #expect(first.status == .interrupted)
                #expect(first.conversations < 30)
                let root = try #require(job.output.ndjson)
                let storedBefore = mediaFilesOnDisk(root)
                #expect(!storedBefore.isEmpty)

                let second = try await runner(job, client, maxRows: 60, writesManifest: true).run()
                #expect(second.resumed)
                #expect(second.runID == first.runID)
                #expect(second.status == .complete)
                #expect(first.conversations + second.conversations == 30)

                let listed = try manifestMediaPaths(root)
                #expect(listed.count == Set(listed).count, "a media file is listed twice")
                let onDisk = mediaFilesOnDisk(root)
                #expect(Set(listed) == onDisk)
                #expect(storedBefore.isSubset(of: onDisk))
                let attachmentPaths = try await openDatabase(job).read { db in
                    try Set(String.fetchAll(db, sql: "SELECT archive_path FROM message_attachments WHERE url IS NOT NULL"))
                }
                #expect(!attachmentPaths.isEmpty)
                #expect(attachmentPaths.isSubset(of: Set(listed)))
                let report = try ArchiveVerifier.verify(root)
                #expect(report.isValid, "\(report.renderText())")

                // A later run re-exporting the same attachments stores nothing new and lists nothing twice.
                let third = try await runner(job, client, writesManifest: true).run(restart: true)
                #expect(third.status == .complete)
                let relisted = try manifestMediaPaths(root)
                #expect(relisted.count == Set(relisted).count)
                #expect(Set(relisted) == mediaFilesOnDisk(root))
                #expect(try ArchiveVerifier.verify(root).isValid)
            }
        }
    }

    @Test func wrongBytesAndFailedDownloadsAreRejectsWithoutTheSignedQuery() async throws {
        let folder = try TempFolder()
        defer { folder.cleanup() }
        let source = FakeSource(FakeSource.org(count: 3, messages: 2))
        let good = Data("good attachment bytes".utf8)
        source.state.withLock { state in
            state.attachments["conv-0-m0"] = good
            state.attachments["conv-0-m1"] = Data("second attachment".utf8)
            state.attachments["conv-1-m0"] = Data("the real bytes".utf8)
            state.servedInstead["conv-1-m0"] = Data("tampered bytes".utf8)
            state.attachments["conv-2-m1"] = good  // same bytes as conv-0-m0: stored once
        }
        var job = makeJob(folder.url, source: .conversationIDs(["conv-0", "conv-1", "conv-2"]))
        job.fetch.media = .download
        job.fetch.cachedMedia = false
        // conv-2-m1's attachment is listed by the API but its URL has expired (404).
        let withExpired = ExpiringSource(base: source, expired: ["conv-2-m1"])
        let summary = try await runner(job, withExpired, writesManifest: true).run()
        #expect(summary.status == .completeWithRejects)
        #expect(summary.conversations == 3)

        let db = try openDatabase(job)
        let rejects = try await db.read { db in
            try Row.fetchAll(db, sql: "SELECT entity, entity_id, endpoint, reason FROM rejects ORDER BY entity_id")
        }
        #expect(rejects.count == 2)
        #expect(rejects.allSatisfy { ($0["entity"] as String) == "attachment" })
        #expect(rejects.map { $0["entity_id"] as String? } == ["att-conv-1-m0", "att-conv-2-m1"])
        for reject in rejects {
            let reason: String = reject["reason"]
            #expect(reason.contains("media.example"))
            #expect(!reason.contains("secret-signature"), "the signed query leaked into a reject: \(reason)")
        }
        #expect((rejects.first?["reason"] as String?)?.contains("sha256") == true)

        let root = try #require(job.output.ndjson)
        let stored = try await db.read { db in
            try Row.fetchAll(db, sql: "SELECT message_id, archive_path FROM message_attachments ORDER BY message_id")
        }
        let paths = Dictionary(uniqueKeysWithValues: stored.map { ($0["message_id"] as String, $0["archive_path"] as String?) })
        let goodPath = ArchiveMedia.relativePath(forSHA256: ArchiveFiles.hex(ArchiveFiles.sha256Digest(of: good)))
        #expect(paths["conv-0-m0"] == goodPath)
        #expect(paths["conv-0-m1"] != nil)
        #expect(paths["conv-1-m0"] == .some(nil))
        #expect(paths["conv-2-m1"] == .some(nil))
        #expect(try Data(contentsOf: root.appendingPathComponent(goodPath)) == good)
        #expect(mediaFilesOnDisk(root).count == 2)  // the tampered bytes were never stored
        let listed = try manifestMediaPaths(root)
        #expect(listed.sorted() == mediaFilesOnDisk(root).sorted())
        #expect(try ArchiveVerifier.verify(root).isValid)
    }
}

/// Forwards to a ``FakeSource`` but fails the downloads of some messages' attachments as expired.
private struct ExpiringSource: ConversationSource {
    var base: FakeSource
    var expired: Set<String>

    func conversationDetails(query: ConversationQuery) async throws -> AnalyticsPage {
        try await base.conversationDetails(query: query)
    }
    func analyticsConversations(ids: [String]) async throws -> AnalyticsPage {
        try await base.analyticsConversations(ids: ids)
    }
    func createConversationDetailsJob(_ query: AsyncConversationQuery) async throws -> String {
        try await base.createConversationDetailsJob(query)
    }
    func conversationDetailsJobStatus(id: String) async throws -> AsyncQueryStatus {
        try await base.conversationDetailsJobStatus(id: id)
    }
    func conversationDetailsJobResults(id: String, cursor: String?, pageSize: Int) async throws -> AnalyticsPage {
        try await base.conversationDetailsJobResults(id: id, cursor: cursor, pageSize: pageSize)
    }
    func deleteConversationDetailsJob(id: String) async throws { try await base.deleteConversationDetailsJob(id: id) }
    func conversationDetailsAvailability() async throws -> Date? { try await base.conversationDetailsAvailability() }
    func activeConversationIDs() async throws -> [String] { try await base.activeConversationIDs() }
    func rawMessageConversation(id: String, decoding: FieldDecoding) async throws -> Raw<ConversationFields>? {
        try await base.rawMessageConversation(id: id, decoding: decoding)
    }
    func bulkMessages(ids: [String], inConversation conversationID: String, decoding: FieldDecoding) async throws
        -> FetchedByID<MessageFields>
    {
        try await base.bulkMessages(ids: ids, inConversation: conversationID, decoding: decoding)
    }
    func rawMessageDetails(id: String, decoding: FieldDecoding) async throws -> Raw<MessageFields>? {
        try await base.rawMessageDetails(id: id, decoding: decoding)
    }
    func rawWrapup(conversationID: String, participantID: String, communicationID: String) async throws
        -> Raw<AssignedWrapupCode>?
    {
        try await base.rawWrapup(conversationID: conversationID, participantID: participantID, communicationID: communicationID)
    }
    func rawWrapupCodes(conversationID: String, participantID: String) async throws -> [Raw<WrapupCode>] {
        try await base.rawWrapupCodes(conversationID: conversationID, participantID: participantID)
    }
    func allCommunicationMedia(conversationID: String, communicationID: String) async throws -> ElementPage<MessageMediaData> {
        try await base.allCommunicationMedia(conversationID: conversationID, communicationID: communicationID)
    }
    func allCachedMedia() async throws -> ElementPage<CachedMediaItem> { try await base.allCachedMedia() }
    func downloadMedia(from url: URL) async throws -> Data {
        if expired.contains(url.lastPathComponent) {
            throw FakeDownloadError(message: "404 Not Found from \(url.host ?? "?"): \(url.absoluteString) has expired")
        }
        return try await base.downloadMedia(from: url)
    }
    func requestStatistics() async -> ClientStatistics { await base.requestStatistics() }
}
