import ExportPipeline
import Foundation
import GRDB
import Testing

/// The checkpointer copies committed WAL frames back on its own connection and hands the writer its default back.
struct WALCheckpointerTests {
    private func autocheckpoint(_ queue: DatabaseQueue) throws -> Int? {
        try queue.read { try Int.fetchOne($0, sql: "PRAGMA wal_autocheckpoint") }
    }

    @Test func checkpointsWhatTheWriterCommittedWithoutTheWriterDoingIt() throws {
        let folder = try TempFolder()
        defer { folder.cleanup() }
        let queue = try ExportDatabase.open(at: folder.url.appendingPathComponent("export.sqlite"))
        let checkpointer = try WALCheckpointer(queue: queue)
        // SQLite's own automatic checkpoint is off while the checkpointer's WAL hook stands in for it.
        #expect(try autocheckpoint(queue) == 0)
        try queue.write { db in try db.execute(sql: "CREATE TABLE t(id INTEGER PRIMARY KEY, body TEXT)") }
        let body = String(repeating: "x", count: 2_000)
        for batch in 0..<20 {
            try queue.write { db in
                for n in 0..<200 { try db.execute(sql: "INSERT INTO t(body) VALUES (?)", arguments: ["\(batch)-\(n)-" + body]) }
            }
            checkpointer.request()
        }
        checkpointer.stop()
        #expect(checkpointer.checkpoints >= 1)
        #expect(try autocheckpoint(queue) == 1000)
        // Every frame of the log is in the database file: a passive checkpoint now finds nothing left to copy.
        let (logFrames, copied) = try queue.writeWithoutTransaction { try $0.checkpoint(.passive) }
        #expect(logFrames == copied)
        #expect(try queue.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM t") } == 4_000)
        // And another connection reading only the database file sees all the rows after the log is truncated.
        try queue.writeWithoutTransaction { _ = try $0.checkpoint(.truncate) }
        let walSize = try FileManager.default.attributesOfItem(atPath: queue.path + "-wal")[.size] as? Int
        #expect(walSize == 0)
    }

    @Test func aBulkLoadStartsTheLogAgainInsteadOfGrowingIt() throws {
        let folder = try TempFolder()
        defer { folder.cleanup() }
        let (queue, checkpointer) = try openTable(in: folder)
        // 40 commits of about 500 pages: 20,000 in all, ten times the restart size.
        try load(0..<40, into: queue, checkpointer)
        checkpointer.stop()
        #expect(try queue.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM t") } == 20_000)
        // Written over from its start once a commit took it past the restart size, the log file ends at most one
        // commit (about 500 frames, here given 1,000) past that size, however far the checkpoints lagged behind the
        // commits (frames are a page plus a 24-byte header).
        let walBytes = try walSize(queue)
        let frameBytes = 4_096 + 24
        print("WAL after a bulk load of 20,000 pages, restart size 2,048 frames: \(walBytes / frameBytes) frames")
        #expect(walBytes < (checkpointer.restartFrames + 1_000) * frameBytes)
        #expect(walBytes > checkpointer.restartFrames * frameBytes)
    }

    @Test func aReaderHoldingTheLogCostsTheWriterOneExtraCheckpointThenTheLogRestartsWhenItEnds() throws {
        let folder = try TempFolder()
        defer { folder.cleanup() }
        let (queue, checkpointer) = try openTable(in: folder)
        // A query that keeps its snapshot open: no checkpoint can copy what was committed after it began.
        var readerConfiguration = Configuration()
        readerConfiguration.allowsUnsafeTransactions = true  // its transaction spans the writer's commits
        let reader = try DatabaseQueue(path: queue.path, configuration: readerConfiguration)
        try reader.writeWithoutTransaction { db in
            try db.execute(sql: "BEGIN DEFERRED")
            _ = try Int.fetchOne(db, sql: "SELECT count(*) FROM t")
        }
        // Ten commits of about 500 frames: the log passes the restart size at the fifth.
        try load(0..<10, into: queue, checkpointer)
        // Ten commits ask for ten checkpoints at most; the writer asked once more, found the reader, and let be.
        // Waiting and asking again on each of the six commits past the restart size would have run sixteen.
        #expect(checkpointer.checkpoints <= 11)
        let frameBytes = 4_096 + 24
        #expect(try walSize(queue) > 4_500 * frameBytes)  // grown, not started again under the reader
        try reader.writeWithoutTransaction { db in try db.execute(sql: "COMMIT") }
        // The writer goes on while the backlog is copied (its checkpoint runs for several commits), then waits for
        // the log to start again as before.
        try load(10..<50, into: queue, checkpointer)
        checkpointer.stop()
        #expect(try queue.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM t") } == 25_000)
        let (logFrames, copied) = try queue.writeWithoutTransaction { try $0.checkpoint(.passive) }
        #expect(logFrames == copied)
        #expect(logFrames < checkpointer.restartFrames + 1_000)  // the log in use began again since the reader
    }

    /// An export database with a table `t`, and a checkpointer that lets the log restart past 2,048 frames.
    private func openTable(in folder: TempFolder) throws -> (DatabaseQueue, WALCheckpointer) {
        let queue = try ExportDatabase.open(at: folder.url.appendingPathComponent("export.sqlite"))
        let checkpointer = try WALCheckpointer(queue: queue, restartFrames: 2_048)
        try queue.write { db in try db.execute(sql: "CREATE TABLE t(id INTEGER PRIMARY KEY, body TEXT)") }
        return (queue, checkpointer)
    }

    /// One commit of 500 rows of 4,000 bytes (about 500 pages) per batch, as the export's writer commits: each
    /// begins while the checkpoint of the one before may still run.
    private func load(_ batches: Range<Int>, into queue: DatabaseQueue, _ checkpointer: WALCheckpointer) throws {
        let body = String(repeating: "y", count: 4_000)
        for batch in batches {
            checkpointer.letLogRestart()
            try queue.write { db in
                for n in 0..<500 { try db.execute(sql: "INSERT INTO t(body) VALUES (?)", arguments: ["\(batch)-\(n)-" + body]) }
            }
            checkpointer.request()
        }
    }

    private func walSize(_ queue: DatabaseQueue) throws -> Int {
        try #require(try FileManager.default.attributesOfItem(atPath: queue.path + "-wal")[.size] as? Int)
    }
}
