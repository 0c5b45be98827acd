import Foundation
import GRDB
import GenesysClient
import GenesysModels
import GenesysSimulator
import TestSupport
import Testing

@testable import ExportPipeline

/// A redacting export leaves no original address or PII anywhere in SQLite or NDJSON.
struct RedactionEndToEndTests {
    static let secrets = [
        "4111 1111 1111 1111", "jane.doe@example.com", "555 765 4321", "+15550001", "+15559999",
    ]

    /// The addresses in `organisation()`, each counted once: every one of the 20 messages has a `fromAddress` and a
    /// `toAddress` (40), and each of the 5 conversation objects has its customer's `fromAddress.addressNormalized`
    /// (5). The rows' copies of the same values (`messages.from_address`, `participants.from_address`) are not
    /// counted again.
    static let addressesInOrganisation = 20 * 2 + 5

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
            // One card, one e-mail and one phone number in each of the 20 messages, each counted once.
            #expect(manifest.redaction.counts.cards == 20)
            #expect(manifest.redaction.counts.emails == 20)
            #expect(manifest.redaction.counts.phones == 20)
            let texts = try await DatabaseQueue(path: job.output.sqlite.path).read { db in
                try String.fetchAll(db, sql: "SELECT text FROM messages ORDER BY id")
            }
            #expect(texts.first?.hasPrefix("pay with [card], mail [email] or call [phone] ") == true)
        } else {
            #expect(manifest.redaction.counts.textsDropped == 20)
            #expect(manifest.redaction.counts.addressesDropped == Self.addressesInOrganisation)
        }
        if addresses == .hash {
            #expect(manifest.redaction.counts.addressesHashed == Self.addressesInOrganisation)
            let customers = try await DatabaseQueue(path: job.output.sqlite.path).read { db in
                try String.fetchAll(db, sql: "SELECT DISTINCT from_address FROM messages WHERE direction = 'inbound'")
            }
            // One customer, one stable keyed hash: analysts can still count and join.
            #expect(customers.count == 1)
            #expect(customers.first?.hasPrefix("hmac:") == true)
        }
        #expect(try ArchiveVerifier.verify(root).isValid)
    }

    /// Against the simulator's realistic conversations: every customer name and address the API returns is gone
    /// from the outputs, while agent names stay (they are the organisation's own).
    @Test(.timeLimit(.minutes(5)))
    func simulatorExportWithHashedAddressesLeavesNoCustomerNameOrAddress() async throws {
        let folder = try TempFolder()
        defer { folder.cleanup() }
        let configuration = SimulatorConfiguration(conversations: 30, rateLimitPerMinute: 0)
        try await withSimulator(configuration) { sim in
            try await withClient(sim) { client in
                var job = simulatorJob(folder.url, source: orgInterval(configuration))
                job.redact = JobSpec.Redaction(text: .maskPII, addresses: .hash)
                var exportRunner = runner(job, client)
                exportRunner.configuration.writesManifest = true
                exportRunner.configuration.redactionHashKey = Data("simulator-key".utf8)
                let summary = try await exportRunner.run()
                #expect(summary.conversations == 30)

                var secrets = Set<String>()
                var agents = Set<String>()
                for conversation in await sim.store.allConversations() {
                    let snapshot: MessageConversation = try await client.send(.messageConversation(id: conversation.id)).value
                    for participant in snapshot.participants ?? [] {
                        if participant.purpose == "customer" {
                            // toAddress is the organisation's side (number, page or deployment id): not PII.
                            let addresses = [participant.fromAddress].compactMap { $0 }
                                .flatMap { [$0.addressNormalized, $0.addressRaw] }
                            secrets.formUnion(([participant.name, participant.address] + addresses).compactMap { $0 })
                        } else if participant.purpose == "agent", let name = participant.name {
                            agents.insert(name)
                        }
                    }
                }
                secrets = secrets.filter { $0.count >= 4 }
                #expect(secrets.count >= 30)
                let outputs = try Self.outputs(of: job)
                for (name, data) in outputs {
                    for secret in secrets {
                        #expect(data.range(of: Data(secret.utf8)) == nil, "\(secret) found in \(name)")
                    }
                }
                let database = try Data(contentsOf: job.output.sqlite)
                #expect(agents.contains { database.range(of: Data($0.utf8)) != nil })
                #expect(try ArchiveVerifier.verify(try #require(job.output.ndjson)).isValid)
            }
        }
    }
}
