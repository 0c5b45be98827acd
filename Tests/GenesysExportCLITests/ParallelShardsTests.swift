import Foundation
import GRDB
import TestSupport
import Testing

extension ScaleOutCLITests {
    /// Four shards of one job, run in parallel as four processes of the built CLI, each with its own OAuth client in
    /// its environment, against one simulator with four clients at `--rate-limit 300`; then `merge`. The merged
    /// database must equal an unsharded run of the same job row for row, every conversation must be in exactly one
    /// shard (the one Python's FNV-1a says), and the NDJSON tree must hold each object once. Wall times and requests
    /// are printed next to each other, never asserted.
    @Suite struct ParallelShardsTests {
        static let shards = 4
        /// `SHARD_TEST_CONVERSATIONS` overrides the org size (about 2 requests a conversation at 300 a minute).
        static let conversations = Int(ProcessInfo.processInfo.environment["SHARD_TEST_CONVERSATIONS"] ?? "") ?? 240

        struct Timed {
            var seconds: Double
            var requests: [Int?]
        }

        @Test(.timeLimit(.minutes(15))) func fourParallelShardsThenMergeEqualOneUnshardedRun() async throws {
            let folder = try makeTemporaryDirectory()
            defer { try? FileManager.default.removeItem(at: folder) }
            let sim = try await SimulatorProcess(conversations: Self.conversations, rateLimit: 300, clients: Self.shards)
            defer { sim.stop() }
            let single = try ShardFixtures.writeJob(in: folder.appendingPathComponent("single"), name: "big", requestsPerMinute: 300)
            let sharded = try ShardFixtures.writeJob(in: folder.appendingPathComponent("sharded"), name: "big", requestsPerMinute: 300)

            let singleRun = try await Self.timed {
                [try await CommandRunner(environment: sim.environment()).run(["run", single.path, "--log-format", "json"])]
            }
            let shardRuns = try await Self.timed { try await Self.runShards(sharded, sim: sim) }
            let merge = try await CommandRunner().run(["merge", sharded.path, "--shards", "\(Self.shards)"])
            #expect(merge.status == 0, "\(merge.stderr)")
            #expect(merge.stdout.contains("merged 4 shards"), "\(merge.stdout)")

            let out = folder.appendingPathComponent("sharded/out")
            let merged = out.appendingPathComponent("big.sqlite")
            let reference = folder.appendingPathComponent("single/out/big.sqlite")
            try Self.expectEqualContents(merged: merged, reference: reference)
            try Self.expectEachConversationInExactlyOneShard(out: out, reference: reference)
            try Self.expectEachObjectOnce(sharded: out.appendingPathComponent("ndjson"), single: folder.appendingPathComponent("single/out/ndjson"))
            try await Self.expectArchiveTools(job: sharded, out: out)

            let before = try ShardFixtures.everything(of: merged)
            let again = try await CommandRunner().run(["merge", sharded.path, "--shards", "\(Self.shards)"])
            #expect(again.status == 0, "\(again.stderr)")
            #expect(try ShardFixtures.everything(of: merged) == before, "merging twice gives the same database")
            Self.printTable(single: singleRun.timing, shards: shardRuns.timing)
        }

        /// Runs `body` and measures its wall time; requests come from each run's JSON log.
        static func timed(_ body: () async throws -> [CommandRunner.Result]) async throws -> (results: [CommandRunner.Result], timing: Timed) {
            let start = ContinuousClock.now
            let results = try await body()
            let elapsed = ContinuousClock.now - start
            for result in results { #expect(result.status == 0, "\(result.stderr.suffix(2_000))") }
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            return (results, Timed(seconds: seconds, requests: results.map { ShardFixtures.requests(in: $0.stderr) }))
        }

        /// Shards 0…3 as four processes at once, shard K with client `shard-K` in its environment.
        static func runShards(_ job: URL, sim: SimulatorProcess) async throws -> [CommandRunner.Result] {
            let environments = (0..<shards).map { sim.environment(shard: $0) }
            return try await withThrowingTaskGroup(of: (Int, CommandRunner.Result).self) { group in
                for shard in 0..<shards {
                    let environment = environments[shard]
                    group.addTask {
                        let runner = CommandRunner(environment: environment)
                        return (shard, try await runner.run(["run", job.path, "--shard", "\(shard)/\(shards)", "--log-format", "json"]))
                    }
                }
                var results: [(Int, CommandRunner.Result)] = []
                for try await result in group { results.append(result) }
                return results.sorted { $0.0 < $1.0 }.map(\.1)
            }
        }

        static func expectEqualContents(merged: URL, reference: URL) throws {
            let mergedContents = try ShardFixtures.comparableContents(of: merged)
            let referenceContents = try ShardFixtures.comparableContents(of: reference)
            #expect(Set(mergedContents.keys) == Set(referenceContents.keys))
            for (table, rows) in referenceContents.sorted(by: { $0.key < $1.key }) {
                let other = mergedContents[table] ?? []
                let differing = Set(other).symmetricDifference(rows).sorted().first.map { String($0.prefix(300)) } ?? "-"
                #expect(other == rows, "\(table): merged \(other.count) rows, unsharded \(rows.count); e.g. \(differing)")
            }
            #expect((referenceContents["conversations"] ?? []).count == conversations)
        }

        static func expectEachConversationInExactlyOneShard(out: URL, reference: URL) throws {
            let all = try ShardFixtures.conversationIDs(reference)
            let python = try ShardFixtures.pythonShards(all.sorted(), count: shards)
            var seen: [String: Int] = [:]
            for shard in 0..<shards {
                let ids = try ShardFixtures.conversationIDs(out.appendingPathComponent("big.shard-\(shard)-of-\(shards).sqlite"))
                #expect(!ids.isEmpty, "shard \(shard) exported nothing")
                for id in ids {
                    #expect(seen[id] == nil, "\(id) is in shards \(seen[id] ?? -1) and \(shard)")
                    seen[id] = shard
                    #expect(python[id] == shard, "\(id): Python's FNV-1a puts it in shard \(python[id] ?? -1), not \(shard)")
                }
            }
            #expect(Set(seen.keys) == all)
        }

        static func expectEachObjectOnce(sharded: URL, single: URL) throws {
            let shardedLines = try ExportFixtures.ndjsonLines(under: sharded)
            let singleLines = try ExportFixtures.ndjsonLines(under: single)
            #expect(Set(shardedLines.keys) == Set(singleLines.keys))
            for (entity, lines) in singleLines.sorted(by: { $0.key < $1.key }) {
                let other = shardedLines[entity] ?? []
                #expect(Set(other).count == other.count, "\(entity): a record appears twice in the sharded tree")
                #expect(other == lines, "\(entity): sharded tree \(other.count) records, unsharded \(lines.count)")
                if other == lines { print("NDJSON \(entity): \(lines.count) records, each once") }
            }
        }

        /// `verify` over the whole multi-shard archive; `status` and `report` on the merged file.
        static func expectArchiveTools(job: URL, out: URL) async throws {
            let runner = CommandRunner()
            let verify = try await runner.run(["verify", out.appendingPathComponent("ndjson").path])
            #expect(verify.status == 0, "\(verify.stderr)")
            #expect(verify.stdout.hasPrefix("OK: \(shards) manifests"), "\(verify.stdout)")
            let status = try await runner.run(["status", job.path])
            #expect(status.status == 0, "\(status.stderr)")
            #expect(status.stdout.contains("complete"), "\(status.stdout)")
            let report = try await runner.run(["report", out.appendingPathComponent("big.sqlite").path])
            #expect(report.status == 0, "\(report.stderr)")
            let shardStatus = try await runner.run(["status", job.path, "--shard", "2/\(shards)"])
            #expect(shardStatus.status == 0 && shardStatus.stdout.contains("big.shard-2-of-4.sqlite"), "\(shardStatus.stdout)")
        }

        static func printTable(single: Timed, shards: Timed) {
            let shardRequests = shards.requests.map { $0.map(String.init) ?? "?" }.joined(separator: " + ")
            let total = shards.requests.compactMap { $0 }.reduce(0, +)
            print(
                """
                shard timing (\(conversations) conversations, --rate-limit 300 per client):
                  | run | wall s | requests |
                  | single (1 client) | \(String(format: "%.1f", single.seconds)) | \(single.requests.first.flatMap { $0 }.map(String.init) ?? "?") |
                  | 4 shards in parallel (4 clients) | \(String(format: "%.1f", shards.seconds)) | \(total) (\(shardRequests)) |
                  ratio \(String(format: "%.2f", shards.seconds / max(single.seconds, 0.001)))
                """
            )
        }
    }
}
