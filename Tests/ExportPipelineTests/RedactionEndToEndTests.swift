import Foundation
import GRDB
import Testing

@testable import ExportPipeline

/// A redacting export leaves no original address or PII anywhere in SQLite or NDJSON.
struct RedactionEndToEndTests {
    static let secrets = [
        "4111 1111 1111 1111", "jane.doe@example.com", "555 765 4321", "+15550001", "+15559999",
    ]

    static func organisation() -> [FakeSource.FakeConversation] {
        FakeSource.org(count: 5, messages: 4).map { conversation in
            var conversation = conversation
            conversation.messages = conversation.messages.map { message in
                var message = message
                message.text =
                    "pay with 4111 1111 1111 1111, mail jane.doe@example.com or call 555 765 4321 "
                    + message.id
                return message
            }
            return conversation
        }
    }

    /// All bytes of the SQLite database (main file, WAL, shared memory) and every decompressed NDJSON line.
    static func outputs(of job: JobSpec) throws -> [(String, Data)] {
        var outputs: [(String, Data)] = []
        for suffix in ["", "-wal", "-shm"] {
            let url = URL(fileURLWithPath: job.output.sqlite.path + suffix)
            if let data = try? Data(contentsOf: url) { outputs.append((url.lastPathComponent, data)) }
        }
        let root = try #require(job.output.ndjson)
        for path in ArchiveFiles.relativeFiles(under: root) {
            let data = try Data(contentsOf: root.appendingPathComponent(path))
            outputs.append((path, data))
            if path.hasSuffix(".gz") {
                outputs.append(
                    (path + " (decompressed)", try shell(["gzip", "-dc", root.appendingPathComponent(path).path]))
                )
            }
        }
        return outputs
    }

    @Test(arguments: [
        (JobSpec.TextPolicy.maskPII, JobSpec.AddressPolicy.hash),
        (JobSpec.TextPolicy.drop, JobSpec.AddressPolicy.drop),
    ])
    func redactedExportLeavesNoOriginalPIIInSQLiteOrNDJSON(
        text: JobSpec.TextPolicy,
        addresses: JobSpec.AddressPolicy
    ) async throws {
        let folder = try TempFolder()
        defer { folder.cleanup() }
        let org = Self.organisation()
        var job = makeJob(folder.url, source: .conversationIDs(org.map(\.id)))
        job.redact = JobSpec.Redaction(text: text, addresses: addresses)
        var exportRunner = runner(job, FakeSource(org))
        exportRunner.configuration.writesManifest = true
        exportRunner.configuration.redactionHashKey = Data("end-to-end-key".utf8)
        let summary = try await exportRunner.run()
        #expect(summary.status == .complete)
        #expect(summary.messages == 20)

        let outputs = try Self.outputs(of: job)
        #expect(outputs.count > 3)
        for (name, data) in outputs {
            for secret in Self.secrets {
                #expect(data.range(of: Data(secret.utf8)) == nil, "\(secret) found in \(name)")
            }
        }

        let root = try #require(job.output.ndjson)
        let manifestPath = try #require(ArchiveFiles.relativeFiles(under: root).first { $0.hasPrefix("manifests/") })
        let manifest = try ManifestDocument.decode(Data(contentsOf: root.appendingPathComponent(manifestPath)))
        #expect(manifest.redaction.text == text.rawValue)
        #expect(manifest.redaction.addresses == addresses.rawValue)
        if text == .maskPII {
            #expect(manifest.redaction.counts.cards >= 20)
            #expect(manifest.redaction.counts.emails >= 20)
            #expect(manifest.redaction.counts.phones >= 20)
            let texts = try await DatabaseQueue(path: job.output.sqlite.path).read { db in
                try String.fetchAll(db, sql: "SELECT text FROM messages ORDER BY id")
            }
            #expect(texts.first?.hasPrefix("pay with [card], mail [email] or call [phone] ") == true)
        } else {
            #expect(manifest.redaction.counts.textsDropped >= 20)
            #expect(manifest.redaction.counts.addressesDropped > 0)
        }
        if addresses == .hash {
            #expect(manifest.redaction.counts.addressesHashed > 0)
            let customers = try await DatabaseQueue(path: job.output.sqlite.path).read { db in
                try String.fetchAll(db, sql: "SELECT DISTINCT from_address FROM messages WHERE direction = 'inbound'")
            }
            // One customer, one stable keyed hash: analysts can still count and join.
            #expect(customers.count == 1)
            #expect(customers.first?.hasPrefix("hmac:") == true)
        }
        #expect(try ArchiveVerifier.verify(root).isValid)
    }
}
