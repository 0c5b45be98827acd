import Foundation
import GenesysSimulator
import TestSupport
import Testing

/// Under cron only standard error reaches the mail: every command's failure must be there (with the JSON log line
/// under `--log-format json`), and standard output keeps only the summary.
@Suite struct StandardErrorTests {
    @Test(.timeLimit(.minutes(2))) func aRunThatCannotAuthenticateFailsOnStderrWithAJSONErrorLine() async throws {
        let folder = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        try await withSimulator(SimulatorConfiguration(seed: 3, conversations: 4, rateLimitPerMinute: 0)) { sim in
            var environment = ExportFixtures.environment(for: sim)
            environment["GENESYSCLOUD_OAUTHCLIENT_SECRET"] = "wrong-secret"
            let job = try ExportFixtures.writeJob(in: folder, name: "badauth")
            let result = try await CommandRunner(environment: environment).run(["run", job.path, "--log-format", "json"])
            #expect(result.status == 1, "\(result.stdout) \(result.stderr)")
            let errorLines = result.stderr.split(separator: "\n").filter { $0.contains("\"level\":\"error\"") }
            #expect(errorLines.count == 1, "one JSON error line: \(result.stderr)")
            #expect(errorLines.first?.contains("\"message\":\"run failed\"") == true, "\(result.stderr)")
            #expect(result.stderr.contains("job 'badauth'"), "\(result.stderr)")
            #expect(!result.stdout.lowercased().contains("error"), "stdout keeps only the summary: \(result.stdout)")
            #expect(!result.stdout.contains("401") && !result.stdout.contains("auth"), "\(result.stdout)")
        }
    }

    @Test func verifyOfATamperedArchiveListsTheProblemOnStderrAndOnlyTheVerdictOnStdout() async throws {
        let folder = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let archive = folder.appendingPathComponent("ndjson", isDirectory: true)
        try FileManager.default.createDirectory(
            at: archive.appendingPathComponent("messages"),
            withIntermediateDirectories: true
        )
        try Data("stray".utf8).write(to: archive.appendingPathComponent("messages/stray.ndjson.gz"))
        let result = try await CommandRunner().run(["verify", archive.path])
        #expect(result.status == 1)
        #expect(
            result.stderr == "\(archive.path): extra: messages/stray.ndjson.gz: is not listed in any manifest\n",
            "\(result.stderr)"
        )
        #expect(result.stdout == "FAILED: 0 manifests, 0 files, 0 records, 0 media files, 1 problems\n", "\(result.stdout)")
    }

    @Test func reportAndStatusOfAMissingDatabaseFailOnStderrOnly() async throws {
        let folder = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let job = try ExportFixtures.writeJob(in: folder, name: "never")
        let report = try await CommandRunner().run(["report", job.path])
        #expect(report.status == 1)
        #expect(report.stdout.isEmpty, "\(report.stdout)")
        #expect(report.stderr.contains("never.sqlite"), "\(report.stderr)")
        let missing = try await CommandRunner().run(["verify", folder.appendingPathComponent("nothing").path])
        #expect(missing.status == 1)
        #expect(missing.stdout.isEmpty, "\(missing.stdout)")
        #expect(missing.stderr.contains("nothing"), "\(missing.stderr)")
    }
}
