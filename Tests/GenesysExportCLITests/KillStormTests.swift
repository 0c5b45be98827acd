import Foundation
import GenesysSimulator
import TestSupport
import Testing

/// Fifty SIGKILLs of the real `run`, at points drawn with a fixed seed: just after NDJSON bytes are appended, a
/// while after a commit, during completion, during `--restart` and early in start-up, over and over on the
/// resumed runs. Whenever a run gets to the end, and after a final rerun, every SQLite row and NDJSON record
/// equals an uninterrupted run's, every gzip member is valid, and `verify` passes with no extra file.
@Suite struct KillStormTests {
    static func org() -> SimulatorConfiguration {
        var configuration = SimulatorConfiguration(seed: 23, conversations: 24, rateLimitPerMinute: 0)
        configuration.faults.latency = .milliseconds(8)
        return configuration
    }

    /// Where a kill lands.
    enum Point: String, CaseIterable {
        case afterNDJSONAppend, afterCommit, duringCompletion, duringRestart, early
    }

    @Test(.timeLimit(.minutes(5))) func fiftySeededKillsNeverLoseOrRepeatARecord() async throws {
        let folder = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        try await withSimulator(Self.org()) { sim in
            let runner = CommandRunner(environment: ExportFixtures.environment(for: sim))
            let reference = folder.appendingPathComponent("reference", isDirectory: true)
            let storm = folder.appendingPathComponent("storm", isDirectory: true)
            for dir in [reference, storm] {
                try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            }
            let referenceJob = try ExportFixtures.writeJob(in: reference, name: "storm", concurrency: 2)
            let job = try ExportFixtures.writeJob(in: storm, name: "storm", concurrency: 2)
            let clean = try await runner.run(["run", referenceJob.path])
            #expect(clean.status == 0, "\(clean.stderr)")
            let expected = try Outputs(folder: reference)
            let total = expected.rows["conversations"]?.count ?? 0
            #expect(total == 24)

            var random = SeededRandom(seed: 0x5EED_0050)
            let weighted: [Point] = [
                .afterNDJSONAppend, .afterNDJSONAppend, .afterCommit, .afterCommit, .duringCompletion,
                .duringCompletion, .early, .duringRestart,
            ]
            var log: [String] = []
            var completions = 0
            for index in 0..<50 {
                let point = weighted[Int(random.next() % UInt64(weighted.count))]
                let delay = Duration.milliseconds(Int(random.next() % 60))
                let result = try await Self.killed(at: point, delay: delay, job: job, storm: storm, total: total, runner: runner)
                log.append("\(index) \(point.rawValue)+\(delay): exit \(result.status)\(result.wasKilled ? " (killed)" : "")")
                if !result.wasKilled {
                    #expect(result.status == 0 || result.status == 75, "\(log.last ?? ""): \(result.stderr)")
                }
                if result.status == 0 {
                    // A run that got to the end: its outputs must already be exact; start the next storm afresh.
                    completions += 1
                    try await Self.expectExact(expected, storm: storm, runner: runner, context: log.joined(separator: "\n"))
                    try FileManager.default.removeItem(at: storm.appendingPathComponent("out"))
                }
            }
            let final = try await runner.run(["run", job.path])
            #expect(final.status == 0, "\(final.stderr)")
            try await Self.expectExact(expected, storm: storm, runner: runner, context: log.joined(separator: "\n"))
            print("kill storm: \(log.filter { $0.hasSuffix("(killed)") }.count) kills, \(completions) completions")
        }
    }

    /// Runs once and SIGKILLs at `point`.
    static func killed(
        at point: Point,
        delay: Duration,
        job: URL,
        storm: URL,
        total: Int,
        runner: CommandRunner
    ) async throws -> CommandRunner.Result {
        let out = storm.appendingPathComponent("out")
        let sqlite = out.appendingPathComponent("storm.sqlite")
        let ndjson = out.appendingPathComponent("ndjson")
        switch point {
        case .afterNDJSONAppend:
            let before = Self.ndjsonBytes(under: ndjson)
            return try await runner.run(
                ["run", job.path],
                killWhen: ({ Self.ndjsonBytes(under: ndjson) != before }, delay / 6)
            )
        case .afterCommit:
            let before = ExportFixtures.committedCount("conversations", in: sqlite)
            return try await runner.run(
                ["run", job.path],
                killWhen: ({ ExportFixtures.committedCount("conversations", in: sqlite) > before }, delay)
            )
        case .duringCompletion:
            return try await runner.run(
                ["run", job.path],
                killWhen: ({ ExportFixtures.committedCount("conversations", in: sqlite) >= total }, delay / 2)
            )
        case .duringRestart:
            return try await runner.run(["run", job.path, "--restart", "--yes"], killAfter: delay * 5)
        case .early:
            return try await runner.run(["run", job.path], killAfter: delay * 3)
        }
    }

    /// Every row and NDJSON line, gzip validity and `verify` against the uninterrupted run.
    ///
    /// Part files of a run discarded by `--restart` must be gone (``RestartOrphanTests``); any left are named.
    static func expectExact(_ expected: Outputs, storm: URL, runner: CommandRunner, context: String) async throws {
        let root = storm.appendingPathComponent("out/ndjson")
        let verify = try await runner.run(["verify", root.path])
        let extra = verify.stderr.split(separator: "\n").compactMap { line -> String? in
            guard let range = line.range(of: ": extra: ") else { return nil }
            return line[range.upperBound...].split(separator: ":").first.map(String.init)
        }
        let discarded = try RestartOrphanTests.discardedRunFiles(
            extra,
            sqlite: storm.appendingPathComponent("out/storm.sqlite")
        )
        #expect(discarded.isEmpty, "orphaned by --restart: \(discarded.sorted())\n\(context)")
        let problems = verify.stderr.split(separator: "\n").filter { line in
            !discarded.contains { line.contains(": extra: \($0):") }
        }
        #expect(problems.isEmpty, "verify found: \(problems)\n\(context)")
        #expect(verify.status == 0 || problems.isEmpty && !discarded.isEmpty, "verify: \(verify.stdout)\n\(context)")
        let actual = try Outputs(folder: storm, excluding: discarded)
        for (table, rows) in expected.rows {
            let got = actual.rows[table] ?? []
            #expect(got.count == rows.count, "\(table): \(got.count) rows, expected \(rows.count)\n\(context)")
            #expect(KillAndResumeTests.firstDifference(got, rows) == nil, "table \(table) differs\n\(context)")
        }
        #expect(Set(actual.lines.keys) == Set(expected.lines.keys), "\(context)")
        for (entity, lines) in expected.lines {
            let got = actual.lines[entity] ?? []
            #expect(got.count == lines.count, "\(entity): \(got.count) lines, expected \(lines.count)\n\(context)")
            #expect(KillAndResumeTests.firstDifference(got, lines) == nil, "\(entity) NDJSON differs\n\(context)")
        }
    }

    /// The rows and NDJSON lines of an export under `folder/out`.
    struct Outputs {
        var rows: [String: [String]]
        var lines: [String: [String]]

        init(folder: URL, excluding excluded: Set<String> = []) throws {
            rows = try ExportFixtures.tableContents(of: folder.appendingPathComponent("out/storm.sqlite"))
            // `gzip -dc` fails on any damaged member, so reading the lines also checks every member.
            lines = try ExportFixtures.ndjsonLines(under: folder.appendingPathComponent("out/ndjson"), excluding: excluded)
        }
    }

    /// Total size of the NDJSON part files (0 while there are none).
    static func ndjsonBytes(under root: URL) -> Int {
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.fileSizeKey]) else {
            return 0
        }
        var total = 0
        for case let file as URL in walker where file.lastPathComponent.hasSuffix(".ndjson.gz") {
            total += (try? file.resourceValues(forKeys: [.fileSizeKey]).fileSize) ?? 0
        }
        return total
    }
}
