import Foundation
import GRDB
import GenesysSimulator
import TestSupport
import Testing

/// A runner bug the kill storm found, pinned down deterministically, and now fixed.
///
/// `--restart` used to discard the unfinished run's NDJSON files by their checkpoints only: a part file the run
/// created in a batch that was killed before its commit had no checkpoint and survived the restart, its records in
/// the archive twice and `verify` reporting it as extra. Every part file of a discarded run now goes, after the
/// discard commits and again at any later run's start.
@Suite struct RestartOrphanTests {
    @Test(.timeLimit(.minutes(3))) func restartRemovesEveryPartFileOfTheDiscardedRun() async throws {
        let folder = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        try await withSimulator(KillAndResumeTests.slowOrg()) { sim in
            let runner = CommandRunner(environment: ExportFixtures.environment(for: sim))
            let job = try ExportFixtures.writeJob(in: folder, name: "orphan", concurrency: 2)
            let sqlite = folder.appendingPathComponent("out/orphan.sqlite")
            let root = folder.appendingPathComponent("out/ndjson")
            let first = try await runner.run(
                ["run", job.path],
                signalWhen: ({ ExportFixtures.committedCount("conversations", in: sqlite) > 0 }, SIGINT)
            )
            #expect(first.status == 75, "\(first.stdout) \(first.stderr)")
            // What a SIGKILL after a batch's gzip member was appended to a new file, before its commit, leaves behind.
            let committed = try #require(
                ArchiveFilesOnDisk.partFiles(under: root).first { $0.contains("/part-000001-") },
                "run 1 committed no NDJSON file"
            )
            let uncommitted = committed.replacingOccurrences(of: "-0001.ndjson.gz", with: "-0099.ndjson.gz")
            try FileManager.default.copyItem(
                at: root.appendingPathComponent(committed),
                to: root.appendingPathComponent(uncommitted)
            )
            let restarted = try await runner.run(["run", job.path, "--restart", "--yes"])
            #expect(restarted.status == 0, "\(restarted.stderr)")
            let verify = try await runner.run(["verify", root.path])
            #expect(verify.status == 0, "\(verify.stdout)")
            #expect(!verify.stderr.contains("extra: \(uncommitted)"), "\(verify.stderr)")
            #expect(!ArchiveFilesOnDisk.partFiles(under: root).contains(uncommitted))
        }
    }

    /// Those of `paths` (relative to the NDJSON root) that are part files of a run discarded by `--restart`.
    static func discardedRunFiles(_ paths: [String], sqlite: URL) throws -> Set<String> {
        guard !paths.isEmpty else { return [] }
        let queue = try DatabaseQueue(path: sqlite.path)
        let discarded = try queue.read { db in
            try Int64.fetchAll(db, sql: "SELECT id FROM runs WHERE error = 'discarded by --restart'")
        }
        return Set(
            paths.filter { path in
                guard let range = path.range(of: "/part-") else { return false }
                let id = Int64(path[range.upperBound...].prefix(6))
                return id.map(discarded.contains) ?? false
            }
        )
    }
}

/// Lists the archive's part files.
enum ArchiveFilesOnDisk {
    /// Every `.ndjson.gz` below `root`, relative to it, sorted.
    static func partFiles(under root: URL) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: root.path) else { return [] }
        var paths: [String] = []
        while let path = walker.nextObject() as? String {
            if path.hasSuffix(".ndjson.gz") { paths.append(path) }
        }
        return paths.sorted()
    }
}
