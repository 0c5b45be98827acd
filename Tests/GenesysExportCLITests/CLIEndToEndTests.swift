import Foundation
import GRDB
import GenesysSimulator
import TestSupport
import Testing

/// Runs the built `genesys-export` binary end to end, as a user or cron would.
@Suite struct CLIEndToEndTests {
    @Test func helpDocumentsEveryExitCode() async throws {
        let result = try await CommandRunner().run(["--help"])
        #expect(result.status == 0)
        for line in ["0   complete", "3   complete, but some records were rejected", "64  usage error", "75  interrupted", "1   failure"] {
            #expect(result.stdout.contains(line), "missing \(line)")
        }
        let version = try await CommandRunner().run(["--version"])
        #expect(version.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "0.1.0")
    }

    @Test(.timeLimit(.minutes(3))) func demoExitsZeroAndItsDatabaseHasThePrintedCounts() async throws {
        let folder = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("demo")
        let result = try await CommandRunner().run(["demo", "--output", output.path, "--conversations", "25"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        func printed(_ label: String) -> Int? {
            result.stdout.split(separator: "\n")
                .first { $0.trimmingCharacters(in: .whitespaces).hasPrefix(label + " ") }
                .flatMap { $0.split(separator: " ").dropFirst().first.flatMap { Int($0) } }
        }
        let sqlite = output.appendingPathComponent("out/demo.sqlite")
        let conversations = try #require(printed("conversations"))
        let messages = try #require(printed("messages"))
        let wrapups = try #require(printed("wrap-ups"))
        #expect(conversations == 25)
        #expect(try ExportFixtures.count("conversations", in: sqlite) == conversations)
        #expect(try ExportFixtures.count("messages", in: sqlite) == messages)
        #expect(try ExportFixtures.count("wrapups", in: sqlite) == wrapups)
        #expect(messages > 0)
        #expect(result.stdout.contains("sqlite3 \(sqlite.path)"))
        // The demo writes the bundled job next to its outputs; it must be jobs/demo.yaml, byte for byte.
        let written = try String(contentsOf: output.appendingPathComponent("demo.yaml"), encoding: .utf8)
        let shipped = try String(
            contentsOf: CommandRunner.repositoryRoot.appendingPathComponent("jobs/demo.yaml"),
            encoding: .utf8
        )
        #expect(written == shipped)
        // The archive it wrote verifies.
        let verify = try await CommandRunner().run(["verify", output.appendingPathComponent("out/demo-ndjson").path])
        #expect(verify.status == 0, "verify: \(verify.stdout) \(verify.stderr)")
        // The job file it leaves behind describes the export it made.
        let status = try await CommandRunner().run(["status", output.appendingPathComponent("demo.yaml").path])
        #expect(status.stdout.contains("#1 complete"), "\(status.stdout)")
    }

    @Test func validateListsEveryProblemOfABrokenJobAndExits64() async throws {
        let folder = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let job = folder.appendingPathComponent("broken.yaml")
        try Data(
            """
            name: broken
            source:
              since: "yesterday"
            fetch:
              concurrency: 0
              colour: blue
            output:
              sqlite: out/x.sqlite

            """.utf8
        ).write(to: job)
        let result = try await CommandRunner().run(["validate", job.path])
        #expect(result.status == 64)
        #expect(result.stderr.contains("broken.yaml:3"), "since problem on line 3: \(result.stderr)")
        #expect(result.stderr.contains("source.since"))
        #expect(result.stderr.contains("broken.yaml:5"), "concurrency problem on line 5: \(result.stderr)")
        #expect(result.stderr.contains("fetch.concurrency"))
        #expect(result.stderr.contains("fetch.colour"))
        // Every shipped example is valid.
        let examples = try FileManager.default.contentsOfDirectory(
            at: CommandRunner.repositoryRoot.appendingPathComponent("jobs"),
            includingPropertiesForKeys: nil
        ).filter { $0.pathExtension == "yaml" }
        let valid = try await CommandRunner().run(["validate"] + examples.map(\.path))
        #expect(valid.status == 0, "\(valid.stderr)")
        // `run` on the broken job is a usage error too, before anything is fetched.
        let run = try await CommandRunner().run(["run", job.path])
        #expect(run.status == 64)
    }

    @Test(.timeLimit(.minutes(2))) func dryRunFetchesNoMessageAndStatusReportsARun() async throws {
        let folder = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        try await withSimulator(SimulatorConfiguration(conversations: 12, rateLimitPerMinute: 0)) { sim in
            let job = try ExportFixtures.writeJob(in: folder)
            let runner = CommandRunner(environment: ExportFixtures.environment(for: sim))
            let dry = try await runner.run(["run", job.path, "--dry-run"])
            #expect(dry.status == 0, "\(dry.stderr)")
            #expect(dry.stdout.contains("estimated requests"))
            #expect(dry.stdout.contains("conversations: 12"), "\(dry.stdout)")
            let afterDryRun = await sim.stats()
            #expect(afterDryRun.bulkRequests == 0)
            #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out/e2e.sqlite").path))

            let before = try await runner.run(["status", job.path])
            #expect(before.status == 0)
            #expect(before.stdout.contains("never ran"))

            let run = try await runner.run(["run", job.path])
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.stdout.contains("job e2e: complete"))
            let status = try await runner.run(["status", job.path])
            #expect(status.status == 0)
            #expect(status.stdout.contains("#1 complete"), "\(status.stdout)")
            #expect(status.stdout.contains("12 conversations"), "\(status.stdout)")
            #expect(status.stdout.contains("conversations 12"))

            let report = try await runner.run(["report", job.path, "--html", folder.appendingPathComponent("r.html").path])
            #expect(report.status == 0, "\(report.stderr)")
            let html = try String(contentsOf: folder.appendingPathComponent("r.html"), encoding: .utf8)
            #expect(html.contains("<svg"))
        }
    }

    @Test(.timeLimit(.minutes(2))) func missingCredentialsAreAUsageErrorNamingTheVariable() async throws {
        let folder = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let job = try ExportFixtures.writeJob(in: folder)
        let result = try await CommandRunner(environment: ["GENESYSCLOUD_OAUTHCLIENT_SECRET": "s3cr3t-value"])
            .run(["run", job.path])
        #expect(result.status == 64)
        #expect(result.stderr.contains("GENESYSCLOUD_OAUTHCLIENT_ID"))
        #expect(!result.stderr.contains("s3cr3t-value"))
        let plain = try await CommandRunner(
            environment: [
                "GENESYSCLOUD_OAUTHCLIENT_ID": "id", "GENESYSCLOUD_OAUTHCLIENT_SECRET": "s3cr3t-value",
                "GENESYSCLOUD_API_URL": "http://api.example.com",
            ]
        ).run(["run", job.path])
        #expect(plain.status == 64, "plain http to a non-loopback host is refused: \(plain.stderr)")
        #expect(!plain.stderr.contains("s3cr3t-value"))
    }

    @Test(.timeLimit(.minutes(2))) func rejectedRecordsExitThreeAndAreStored() async throws {
        let folder = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let probe = SimulatorStore(configuration: SimulatorConfiguration(conversations: 6, rateLimitPerMinute: 0))
        let victim = try #require(await probe.allConversations().first?.id)
        var configuration = SimulatorConfiguration(conversations: 6, rateLimitPerMinute: 0)
        configuration.faults.malformedConversationIDs = [victim]
        try await withSimulator(configuration) { sim in
            let job = try ExportFixtures.writeJob(in: folder)
            let result = try await CommandRunner(environment: ExportFixtures.environment(for: sim)).run(["run", job.path])
            #expect(result.status == 3, "\(result.stdout) \(result.stderr)")
            let sqlite = folder.appendingPathComponent("out/e2e.sqlite")
            #expect(try ExportFixtures.count("rejects", in: sqlite) >= 1)
            #expect(try ExportFixtures.count("conversations", in: sqlite) == 5)
        }
    }

    @Test(.timeLimit(.minutes(2))) func aConversationTheTokenMayNotReadIsARejectNotAFailedRun() async throws {
        let folder = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let probe = SimulatorStore(configuration: SimulatorConfiguration(conversations: 6, rateLimitPerMinute: 0))
        let hidden = try #require(await probe.allConversations().last?.id)
        var configuration = SimulatorConfiguration(conversations: 6, rateLimitPerMinute: 0)
        configuration.faults.forbiddenConversationIDs = [hidden]
        try await withSimulator(configuration) { sim in
            let job = try ExportFixtures.writeJob(in: folder)
            let result = try await CommandRunner(environment: ExportFixtures.environment(for: sim)).run(["run", job.path])
            #expect(result.status == 3, "\(result.stdout) \(result.stderr)")
            let sqlite = folder.appendingPathComponent("out/e2e.sqlite")
            #expect(try ExportFixtures.count("conversations", in: sqlite) == 5)
            let queue = try DatabaseQueue(path: sqlite.path)
            let reason = try await queue.read { db in
                try String.fetchOne(db, sql: "SELECT reason FROM rejects WHERE conversation_id = ?", arguments: [hidden])
            }
            #expect(reason?.contains("403") == true, "\(reason ?? "no reject")")
        }
    }

    @Test(.timeLimit(.minutes(2))) func logsAreJSONLinesUnderCronAndNeverCarryTheSecretOrToken() async throws {
        let folder = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let secret = "sim-secret-\(UUID().uuidString)"
        var configuration = SimulatorConfiguration(conversations: 5, clientSecret: secret, rateLimitPerMinute: 0)
        configuration.faults.rate5xx = 0.2
        try await withSimulator(configuration) { sim in
            let job = try ExportFixtures.writeJob(in: folder)
            var environment = ExportFixtures.environment(for: sim)
            environment["GENESYSCLOUD_OAUTHCLIENT_SECRET"] = secret
            // Standard error is a pipe here, as under cron: JSON lines by default.
            let result = try await CommandRunner(environment: environment).run(["run", job.path, "--log-level", "trace"])
            #expect(result.status == 0, "\(result.stderr)")
            let lines = result.stderr.split(separator: "\n").filter { !$0.isEmpty }
            #expect(lines.count >= 2)
            for line in lines {
                let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
                #expect(object?["message"] != nil, "not a JSON log line: \(line)")
                #expect(object?["level"] != nil)
            }
            #expect(result.stderr.contains("run finished"))
            #expect(!result.stderr.contains(secret))
            #expect(!result.stdout.contains(secret))
            #expect(!result.stderr.lowercased().contains("bearer "), "an Authorization header reached the log")
            let text = try await CommandRunner(environment: environment).run(["run", job.path, "--log-format", "text"])
            #expect(text.status == 0)
            #expect(!text.stderr.hasPrefix("{"))
        }
    }
}
