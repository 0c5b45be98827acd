import Foundation
import GenesysSimulator
import TestSupport
import Testing

/// Real full and read-only file systems (a small tmpfs the test mounts): the run stops with exit 1 and an error on
/// standard error naming the file and the system's reason; once the disk is usable again the same job resumes and
/// its outputs equal an uninterrupted run's.
@Suite struct DiskFullTests {
    /// 36 conversations (about 7 MB of SQLite and 1 MB of NDJSON), slow enough that SIGINT lands mid-run.
    static func org() -> SimulatorConfiguration {
        var configuration = SimulatorConfiguration(seed: 11, conversations: 36, rateLimitPerMinute: 0)
        configuration.faults.latency = .milliseconds(15)
        return configuration
    }

    /// A job writing its SQLite file and NDJSON folder to the given absolute folders.
    static func writeJob(in folder: URL, sqliteFolder: URL, ndjsonFolder: URL) throws -> URL {
        let yaml = """
            name: diskfull
            source:
              interval: "2026-10-02T00:00:00Z/2026-11-01T00:00:00Z"
            fetch:
              concurrency: 2
              requestsPerMinute: 100000
            output:
              sqlite: \(sqliteFolder.path)/diskfull.sqlite
              ndjson: \(ndjsonFolder.path)/ndjson

            """
        let url = folder.appendingPathComponent("diskfull.yaml")
        try Data(yaml.utf8).write(to: url)
        return url
    }

    /// Which output is on the small file system.
    enum Placement: String, CaseIterable, Sendable {
        case sqlite, ndjson
    }

    @Test(.timeLimit(.minutes(4)), arguments: Placement.allCases)
    func aFullDiskStopsTheRunWithExit1AndTheFreedDiskResumesToTheUninterruptedOutputs(placement: Placement) async throws {
        let folder = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (mounted, reason) = SmallFileSystem.mount(bytes: placement == .sqlite ? 3 << 20 : 512 << 10, in: folder)
        guard let small = mounted else {
            print("note: DiskFullTests skipped: \(reason)")
            return
        }
        defer { small.unmount() }
        try await withSimulator(Self.org()) { sim in
            let runner = CommandRunner(environment: ExportFixtures.environment(for: sim))
            let reference = try await Self.referenceRun(in: folder, runner: runner)
            let disk = folder.appendingPathComponent("disk", isDirectory: true)
            try FileManager.default.createDirectory(at: disk, withIntermediateDirectories: true)
            let job = try Self.writeJob(
                in: disk,
                sqliteFolder: placement == .sqlite ? small.url : disk,
                ndjsonFolder: placement == .ndjson ? small.url : disk
            )
            let full = try await runner.run(["run", job.path, "--log-format", "json"])
            #expect(full.status == 1, "stdout: \(full.stdout)\nstderr: \(full.stderr)")
            #expect(full.stderr.contains("no space left on device"), "\(full.stderr)")
            #expect(full.stderr.contains(small.url.path + "/"), "the error names the file: \(full.stderr)")
            #expect(full.stderr.contains("\"level\":\"error\""), "a JSON error log line: \(full.stderr)")
            #expect(!full.stdout.contains("no space"), "stdout keeps only the summary: \(full.stdout)")
            #expect(!full.stdout.contains("error"), "stdout keeps only the summary: \(full.stdout)")

            // Nothing half-committed: every conversation row has its work item marked done, and no more.
            let sqlite = (placement == .sqlite ? small.url : disk).appendingPathComponent("diskfull.sqlite")
            #expect(
                try ExportFixtures.count("conversations", in: sqlite)
                    == ExportFixtures.count("run_work WHERE done = 1", in: sqlite)
            )

            try small.resize(bytes: 64 << 20)
            let resumed = try await runner.run(["run", job.path])
            #expect(resumed.status == 0, "stdout: \(resumed.stdout)\nstderr: \(resumed.stderr)")
            #expect(resumed.stdout.contains("(resumed run 1)"), "\(resumed.stdout)")
            try await Self.expectSameOutputs(
                reference,
                sqlite: (placement == .sqlite ? small.url : disk).appendingPathComponent("diskfull.sqlite"),
                ndjson: (placement == .ndjson ? small.url : disk).appendingPathComponent("ndjson"),
                runner: runner
            )
        }
    }

    @Test(.timeLimit(.minutes(4))) func aReadOnlyNDJSONFolderStopsTheRunAndTheWritableFolderResumesIt() async throws {
        let folder = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (mounted, reason) = SmallFileSystem.mount(bytes: 64 << 20, in: folder)
        guard let small = mounted else {
            print("note: DiskFullTests skipped: \(reason)")
            return
        }
        defer { small.unmount() }
        try await withSimulator(Self.org()) { sim in
            let runner = CommandRunner(environment: ExportFixtures.environment(for: sim))
            let reference = try await Self.referenceRun(in: folder, runner: runner)
            let disk = folder.appendingPathComponent("disk", isDirectory: true)
            try FileManager.default.createDirectory(at: disk, withIntermediateDirectories: true)
            let job = try Self.writeJob(in: disk, sqliteFolder: disk, ndjsonFolder: small.url)
            let sqlite = disk.appendingPathComponent("diskfull.sqlite")
            // Part of the job is committed, then the NDJSON file system turns read-only.
            let first = try await runner.run(
                ["run", job.path],
                signalWhen: ({ ExportFixtures.committedCount("conversations", in: sqlite) > 0 }, SIGINT)
            )
            #expect(first.status == 75, "exit \(first.status): \(first.stdout) \(first.stderr)")
            try small.setReadOnly(true)
            let readOnly = try await runner.run(["run", job.path, "--log-format", "json"])
            if first.status == 75 {
                #expect(readOnly.status == 1, "stdout: \(readOnly.stdout)\nstderr: \(readOnly.stderr)")
                #expect(readOnly.stderr.contains("read-only file system"), "\(readOnly.stderr)")
                #expect(readOnly.stderr.contains(small.url.path + "/ndjson"), "names the file: \(readOnly.stderr)")
                #expect(!readOnly.stdout.contains("read-only"), "\(readOnly.stdout)")
            }
            try small.setReadOnly(false)
            let resumed = try await runner.run(["run", job.path])
            #expect(resumed.status == 0, "stdout: \(resumed.stdout)\nstderr: \(resumed.stderr)")
            #expect(resumed.stdout.contains("(resumed run 1)"), "\(resumed.stdout)")
            try await Self.expectSameOutputs(
                reference,
                sqlite: sqlite,
                ndjson: small.url.appendingPathComponent("ndjson"),
                runner: runner
            )
        }
    }

    @Test(.timeLimit(.minutes(2))) func aReadOnlyOutputFolderFailsBeforeFetchingWithTheFileAndReason() async throws {
        let folder = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (mounted, reason) = SmallFileSystem.mount(bytes: 1 << 20, in: folder)
        guard let small = mounted else {
            print("note: DiskFullTests skipped: \(reason)")
            return
        }
        defer { small.unmount() }
        try FileManager.default.createDirectory(
            at: small.url.appendingPathComponent("out"),
            withIntermediateDirectories: true
        )
        try small.setReadOnly(true)
        try await withSimulator(Self.org()) { sim in
            let runner = CommandRunner(environment: ExportFixtures.environment(for: sim))
            let out = small.url.appendingPathComponent("out")
            let job = try Self.writeJob(in: folder, sqliteFolder: out, ndjsonFolder: out)
            let result = try await runner.run(["run", job.path, "--log-format", "json"])
            #expect(result.status == 1, "\(result.stdout) \(result.stderr)")
            #expect(
                result.stderr.contains("cannot open lock file \(out.path)/diskfull.sqlite.lock: read-only file system"),
                "\(result.stderr)"
            )
            #expect(result.stdout.isEmpty, "\(result.stdout)")
        }
    }

    // MARK: - Helpers

    struct Reference {
        var rows: [String: [String]]
        var lines: [String: [String]]
    }

    /// An uninterrupted run of the same job on the ordinary disk.
    static func referenceRun(in folder: URL, runner: CommandRunner) async throws -> Reference {
        let reference = folder.appendingPathComponent("reference", isDirectory: true)
        try FileManager.default.createDirectory(at: reference, withIntermediateDirectories: true)
        let job = try writeJob(in: reference, sqliteFolder: reference, ndjsonFolder: reference)
        let clean = try await runner.run(["run", job.path])
        #expect(clean.status == 0, "\(clean.stderr)")
        return Reference(
            rows: try ExportFixtures.tableContents(of: reference.appendingPathComponent("diskfull.sqlite")),
            lines: try ExportFixtures.ndjsonLines(under: reference.appendingPathComponent("ndjson"))
        )
    }

    /// Every row and NDJSON line equals the reference's, and `verify` passes with no extra file.
    static func expectSameOutputs(_ reference: Reference, sqlite: URL, ndjson: URL, runner: CommandRunner) async throws {
        let rows = try ExportFixtures.tableContents(of: sqlite)
        #expect((reference.rows["messages"] ?? []).count > 100)
        for (table, expected) in reference.rows {
            let got = rows[table] ?? []
            #expect(got.count == expected.count, "\(table): \(got.count) rows, expected \(expected.count)")
            #expect(KillAndResumeTests.firstDifference(got, expected) == nil, "table \(table) differs")
        }
        let lines = try ExportFixtures.ndjsonLines(under: ndjson)
        #expect(Set(lines.keys) == Set(reference.lines.keys))
        for (entity, expected) in reference.lines {
            let got = lines[entity] ?? []
            #expect(got.count == expected.count, "\(entity): \(got.count) lines, expected \(expected.count)")
            #expect(KillAndResumeTests.firstDifference(got, expected) == nil, "\(entity) NDJSON differs")
        }
        let verify = try await runner.run(["verify", ndjson.path])
        #expect(verify.status == 0, "verify: \(verify.stdout) \(verify.stderr)")
        #expect(verify.stdout.contains(" 0 problems"), "\(verify.stdout)")
    }
}
