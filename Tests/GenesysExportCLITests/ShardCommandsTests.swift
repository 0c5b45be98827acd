import Foundation
import TestSupport
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

extension ScaleOutCLITests {
    /// The README's `xargs -P` commands for a sharded job, run exactly as printed there (through `sh`, in a folder laid
    /// out as the README says: `jobs/nightly.yaml`, `secrets/shard-K/…`, `scripts/shards/shard-run.sh`,
    /// `./genesys-export`), against a simulator with one OAuth client per shard.
    @Suite struct ShardCommandsTests {
        static let readme = CommandRunner.repositoryRoot.appendingPathComponent("README.md")

        /// The README's lines of the shell block that starts with `seq 0 3 | xargs`.
        static func readmeCommands() throws -> [String] {
            let text = try String(contentsOf: readme, encoding: .utf8)
            let start = try #require(text.range(of: "```sh\nseq 0 3 | xargs"))
            let block = text[start.lowerBound...].dropFirst("```sh\n".count)
            let end = try #require(block.range(of: "```"))
            return block[..<end.lowerBound].split(separator: "\n").map(String.init)
        }

        @Test(.timeLimit(.minutes(5))) func xargsShardsThenMergeAsTheReadmeShows() async throws {
            let folder = try makeTemporaryDirectory()
            defer { try? FileManager.default.removeItem(at: folder) }
            let sim = try await SimulatorProcess(conversations: 24, rateLimit: 0, clients: 4)
            defer { sim.stop() }
            try Self.layOut(folder)
            _ = try ShardFixtures.writeJob(in: folder.appendingPathComponent("jobs"), name: "nightly", requestsPerMinute: 100_000)
            let commands = try Self.readmeCommands()
            #expect(commands.count == 2)
            var environment = sim.environment()
            environment["GENESYSCLOUD_OAUTHCLIENT_ID"] = nil
            environment["GENESYSCLOUD_OAUTHCLIENT_SECRET"] = nil
            let runner = CommandRunner(environment: environment, workingDirectory: folder)
            for command in commands {
                let result = try await runner.runShell(command)
                #expect(result.status == 0, "\(command): \(result.stderr.suffix(2_000))")
            }
            let merged = folder.appendingPathComponent("jobs/out/nightly.sqlite")
            #expect(try ShardFixtures.conversationIDs(merged).count == 24)
            let stats = try await Self.tokensByClient(sim.url)
            for shard in 0..<4 { #expect(stats["shard-\(shard)"] == 1, "\(stats)") }
            #expect(stats["sim-client"] == nil, "\(stats)")
        }

        /// `./genesys-export` (a link to the built binary), the script, and shard K's client in `secrets/shard-K/`.
        static func layOut(_ folder: URL) throws {
            let manager = FileManager.default
            try manager.createSymbolicLink(
                at: folder.appendingPathComponent("genesys-export"),
                withDestinationURL: try CommandRunner.executableURL()
            )
            let scripts = folder.appendingPathComponent("scripts/shards")
            try manager.createDirectory(at: scripts, withIntermediateDirectories: true)
            try manager.copyItem(
                at: CommandRunner.repositoryRoot.appendingPathComponent("scripts/shards/shard-run.sh"),
                to: scripts.appendingPathComponent("shard-run.sh")
            )
            for shard in 0..<4 {
                let secrets = folder.appendingPathComponent("secrets/shard-\(shard)")
                try manager.createDirectory(at: secrets, withIntermediateDirectories: true)
                try Data("shard-\(shard)\n".utf8).write(to: secrets.appendingPathComponent("client-id"))
                try Data("secret-\(shard)\n".utf8).write(to: secrets.appendingPathComponent("client-secret"))
            }
        }

        /// `GET /sim/stats` → `tokensIssuedByClient`.
        static func tokensByClient(_ url: String) async throws -> [String: Int] {
            let (data, _) = try await URLSession.shared.data(from: try #require(URL(string: url + "/sim/stats")))
            let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
            return (object?["tokensIssuedByClient"] as? [String: Int]) ?? [:]
        }
    }
}

extension CommandRunner {
    /// Runs `command` with `/bin/sh -c`, as a person pasting it would.
    func runShell(_ command: String) async throws -> Result {
        var shell = self
        shell.executable = URL(fileURLWithPath: "/bin/sh")
        return try await shell.run(["-c", command])
    }
}
