import Foundation
import GRDB
import TestSupport
import Testing

extension ScaleOutCLITests {
    /// What a sharded job refuses: changing the shard count (exit 65 unless `--restart`), merging while a shard has
    /// not run or has not finished (exit 75, naming the shard); and that a rerun of a shard is incremental on its own.
    @Suite struct ShardRefusalTests {
        @Test(.timeLimit(.minutes(5))) func changingTheShardCountAndMergingUnfinishedShardsAreRefused() async throws {
            let folder = try makeTemporaryDirectory()
            defer { try? FileManager.default.removeItem(at: folder) }
            let sim = try await SimulatorProcess(conversations: 16, rateLimit: 0, clients: 2)
            defer { sim.stop() }
            let job = try ShardFixtures.writeJob(
                in: folder,
                name: "small",
                requestsPerMinute: 100_000,
                extra: "  communicationMedia: true"
            )
            let out = folder.appendingPathComponent("out")
            let shard0 = CommandRunner(environment: sim.environment(shard: 0))
            let shard1 = CommandRunner(environment: sim.environment(shard: 1))
            let first = try await shard0.run(["run", job.path, "--shard", "0/2"])
            #expect(first.status == 0, "\(first.stderr)")

            let missing = try await CommandRunner().run(["merge", job.path, "--shards", "2"])
            #expect(missing.status == 75)
            #expect(missing.stderr.contains("shard 1/2 has not run yet"), "\(missing.stderr)")

            let second = try await shard1.run(["run", job.path, "--shard", "1/2"])
            #expect(second.status == 0, "\(second.stderr)")
            try Self.markLastRun(out.appendingPathComponent("small.shard-1-of-2.sqlite"), status: "interrupted")
            let unfinished = try await CommandRunner().run(["merge", job.path, "--shards", "2"])
            #expect(unfinished.status == 75)
            #expect(unfinished.stderr.contains("shard 1/2 has not finished: its last run #1 is interrupted"), "\(unfinished.stderr)")
            let resumed = try await shard1.run(["run", job.path, "--shard", "1/2"])
            #expect(resumed.status == 0, "\(resumed.stderr)")
            // A media file's temporary copy left by a killed shard: merge, holding every shard's lock, removes it.
            let leftover = out.appendingPathComponent("ndjson/media/sha256/ab/.abcd.0000.partial")
            try FileManager.default.createDirectory(at: leftover.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data("half a file".utf8).write(to: leftover)
            let merged = try await CommandRunner().run(["merge", job.path, "--shards", "2"])
            #expect(merged.status == 0, "\(merged.stderr)")
            #expect(!FileManager.default.fileExists(atPath: leftover.path))
            #expect(merged.stdout.contains("merged 2 shards") && merged.stdout.contains("16 conversations"), "\(merged.stdout)")
            try Self.expectMergedRunsAsDocumented(out.appendingPathComponent("small.sqlite"))
            if await InteropSupport.require(["jsonschema"], for: "NDJSON schema check of the merged shards' tree") {
                let found = try await InteropSupport.read(out.appendingPathComponent("ndjson"), modes: ["schemas"])
                let expected = try InteropSupport.expectedCounts(out.appendingPathComponent("small.sqlite"))
                try TreeInteropTests.expectValid(found, records: expected.mapValues { $0.values.reduce(0, +) })
            }

            try await Self.expectShardCountChangesRefused(job: job, sim: sim)
        }

        /// Shards rerun incrementally on their own; a new N, an unsharded run or a merge with the wrong N are refused.
        static func expectShardCountChangesRefused(job: URL, sim: SimulatorProcess) async throws {
            let runner = CommandRunner(environment: sim.environment(shard: 0))
            let rerun = try await runner.run(["run", job.path, "--shard", "0/2"])
            #expect(rerun.status == 0, "\(rerun.stderr)")
            #expect(rerun.stdout.contains("complete — 0/0 conversations"), "an unchanged org: \(rerun.stdout)")
            for arguments in [["run", job.path, "--shard", "0/3"], ["run", job.path], ["merge", job.path, "--shards", "3"]] {
                let refused = try await runner.run(arguments)
                #expect(refused.status == 65, "\(arguments): \(refused.stderr)")
                #expect(refused.stderr.contains("was written with 2 shards"), "\(arguments): \(refused.stderr)")
            }
            let restarted = try await runner.run(["run", job.path, "--shard", "0/3", "--restart", "--yes"])
            #expect(restarted.status == 0, "\(restarted.stderr)")
            let layout = try String(contentsOf: job.deletingLastPathComponent().appendingPathComponent("out/small.shards.json"), encoding: .utf8)
            #expect(layout.contains("\"shards\":3"), "\(layout)")
            let old = try await runner.run(["run", job.path, "--shard", "0/2"])
            #expect(old.status == 65, "\(old.stderr)")
        }

        /// `merged_runs` of a merged file has the columns of `schemas/sqlite-merged.sql`, one row per shard run.
        static func expectMergedRunsAsDocumented(_ sqlite: URL) throws {
            let ddl = try String(
                contentsOf: CommandRunner.repositoryRoot.appendingPathComponent("schemas/sqlite-merged.sql"),
                encoding: .utf8
            )
            let reference = try DatabaseQueue()
            try reference.write { try $0.execute(sql: ddl) }
            let documented = try reference.read { try $0.columns(in: "merged_runs").map(\.name) }
            let merged = try DatabaseQueue(path: sqlite.path)
            #expect(try merged.read { try $0.columns(in: "merged_runs").map(\.name) } == documented)
            let rows = try merged.read { try Row.fetchAll($0, sql: "SELECT shard, shard_count, shard_run_id FROM merged_runs ORDER BY run_id") }
            // Shard 0 ran once; shard 1 ran once and was resumed (same run): two runs, one per shard.
            #expect(rows.map { [$0[0], $0[1], $0[2]] as [Int] } == [[0, 2, 1], [1, 2, 1]])
        }

        static func markLastRun(_ sqlite: URL, status: String) throws {
            let queue = try DatabaseQueue(path: sqlite.path)
            try queue.write { db in
                try db.execute(sql: "UPDATE runs SET status = ? WHERE id = (SELECT max(id) FROM runs)", arguments: [status])
            }
        }
    }
}
