import Foundation
import GenesysSimulator
import TestSupport
import Testing

/// Kills the real `genesys-export` process with SIGKILL at several points and checks that reruns end with
/// exactly the outputs of an uninterrupted run: no row or NDJSON line missing, none twice.
@Suite struct KillAndResumeTests {
    /// A simulator slow enough (added latency) that a run spans several commits.
    static func slowOrg() -> SimulatorConfiguration {
        var configuration = SimulatorConfiguration(seed: 11, conversations: 36, rateLimitPerMinute: 0)
        configuration.faults.latency = .milliseconds(15)
        return configuration
    }

    @Test(.timeLimit(.minutes(6))) func sigkillAtSeveralPointsThenRerunGivesExactlyTheUninterruptedOutputs() async throws {
        let folder = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        try await withSimulator(Self.slowOrg()) { sim in
            let runner = CommandRunner(environment: ExportFixtures.environment(for: sim))
            let reference = folder.appendingPathComponent("reference", isDirectory: true)
            let killed = folder.appendingPathComponent("killed", isDirectory: true)
            for dir in [reference, killed] {
                try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            }
            let referenceJob = try ExportFixtures.writeJob(in: reference, name: "resume", concurrency: 2)
            let killedJob = try ExportFixtures.writeJob(in: killed, name: "resume", concurrency: 2)

            let clean = try await runner.run(["run", referenceJob.path])
            #expect(clean.status == 0, "\(clean.stderr)")

            // Kill early (during enumeration or the first fetches), then after 1, 10 and 22 committed
            // conversations; each rerun resumes the interrupted run.
            let sqlite = killed.appendingPathComponent("out/resume.sqlite")
            var kills = 0
            let early = try await runner.run(["run", killedJob.path], killAfter: .milliseconds(150))
            if early.wasKilled { kills += 1 }
            for threshold in [1, 10, 22] {
                let result = try await runner.run(
                    ["run", killedJob.path],
                    signalWhen: ({ ExportFixtures.committedCount("conversations", in: sqlite) >= threshold }, SIGKILL)
                )
                if result.status != 0 { kills += 1 }
            }
            #expect(kills >= 3, "the run finished before it could be killed; slow the simulator down")
            let final = try await runner.run(["run", killedJob.path])
            #expect(final.status == 0, "\(final.stderr)")

            let expectedRows = try ExportFixtures.tableContents(of: reference.appendingPathComponent("out/resume.sqlite"))
            let actualRows = try ExportFixtures.tableContents(of: killed.appendingPathComponent("out/resume.sqlite"))
            #expect((expectedRows["messages"] ?? []).count > 100)
            for (table, rows) in expectedRows {
                let got = actualRows[table] ?? []
                #expect(got.count == rows.count, "\(table): \(got.count) rows, expected \(rows.count)")
                #expect(Self.firstDifference(got, rows) == nil, "table \(table) differs after kill and resume")
            }
            let expectedLines = try ExportFixtures.ndjsonLines(under: reference.appendingPathComponent("out/ndjson"))
            let actualLines = try ExportFixtures.ndjsonLines(under: killed.appendingPathComponent("out/ndjson"))
            #expect(Set(expectedLines.keys) == Set(actualLines.keys))
            for (entity, lines) in expectedLines {
                let got = actualLines[entity] ?? []
                #expect(got.count == lines.count, "\(entity): \(got.count) lines, expected \(lines.count)")
                #expect(Self.firstDifference(got, lines) == nil, "\(entity) NDJSON differs after kill and resume")
            }
            // The run after completion finds every conversation unchanged and exports none again.
            let again = try await runner.run(["run", killedJob.path])
            #expect(again.status == 0, "\(again.stderr)")
            #expect(again.stdout.contains("— 0/0 conversations") || again.stdout.contains("unchanged"), "\(again.stdout)")
            let afterAgain = try ExportFixtures.tableContents(of: killed.appendingPathComponent("out/resume.sqlite"))
            #expect(afterAgain["messages"] == actualRows["messages"])
        }
    }

    /// The first line present in one list and not the other, shortened.
    static func firstDifference(_ got: [String], _ expected: [String]) -> String? {
        var remaining = Dictionary(expected.map { ($0, 1) }, uniquingKeysWith: +)
        for line in got {
            if let count = remaining[line], count > 0 {
                remaining[line] = count - 1
            } else {
                return "unexpected \(line.prefix(160))"
            }
        }
        if let missing = remaining.first(where: { $0.value > 0 }) { return "missing \(missing.key.prefix(160))" }
        return nil
    }

    @Test(.timeLimit(.minutes(3))) func sigintFinishesTheCommitExits75AndTheRerunCompletes() async throws {
        let folder = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        try await withSimulator(Self.slowOrg()) { sim in
            let runner = CommandRunner(environment: ExportFixtures.environment(for: sim))
            let job = try ExportFixtures.writeJob(in: folder, name: "interrupt", concurrency: 2)
            let sqlite = folder.appendingPathComponent("out/interrupt.sqlite")
            // Interrupt once the first conversations are committed, so there is a run to resume.
            let first = try await runner.run(
                ["run", job.path],
                signalWhen: ({ ExportFixtures.committedCount("conversations", in: sqlite) > 0 }, SIGINT)
            )
            #expect(first.status == 75, "\(first.stdout) \(first.stderr)")
            #expect(first.stdout.contains("interrupted"))
            let second = try await runner.run(["run", job.path])
            #expect(second.status == 0, "\(second.stderr)")
            #expect(second.stdout.contains("resumed"), "\(second.stdout)")
            #expect(try ExportFixtures.count("conversations", in: sqlite) == 36)
        }
    }

    @Test(.timeLimit(.minutes(3))) func aSecondRunOfTheSameJobIsRefusedWhileOneIsRunning() async throws {
        let folder = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        try await withSimulator(Self.slowOrg()) { sim in
            let runner = CommandRunner(environment: ExportFixtures.environment(for: sim))
            let job = try ExportFixtures.writeJob(in: folder, name: "locked", concurrency: 1)
            let sqlite = folder.appendingPathComponent("out/locked.sqlite")
            async let first = runner.run(["run", job.path])
            // The first run holds the lock once it has recorded its run row; a fixed sleep raced a slow start.
            while ExportFixtures.committedCount("runs", in: sqlite) == 0 {
                try await Task.sleep(for: .milliseconds(50))
            }
            let second = try await runner.run(["run", job.path])
            #expect(second.status == 75, "\(second.stderr)")
            #expect(second.stderr.contains("already running"))
            let firstResult = try await first
            #expect(firstResult.status == 0, "\(firstResult.stderr)")
        }
    }
}
