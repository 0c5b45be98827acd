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
        #expect(try autocheckpoint(queue) == WALCheckpointer.writerFallbackPages)
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
        let queue = try ExportDatabase.open(at: folder.url.appendingPathComponent("export.sqlite"))
        let checkpointer = try WALCheckpointer(queue: queue, restartFrames: 2_048)
        try queue.write { db in try db.execute(sql: "CREATE TABLE t(id INTEGER PRIMARY KEY, body TEXT)") }
        // 40 commits of 500 rows of 4,000 bytes, each about 500 pages: 20,000 in all, ten times the restart size.
        // Each commit begins while the checkpoint of the one before still runs, as in an export.
        let body = String(repeating: "y", count: 4_000)
        for batch in 0..<40 {
            checkpointer.letLogRestart()
            try queue.write { db in
                for n in 0..<500 { try db.execute(sql: "INSERT INTO t(body) VALUES (?)", arguments: ["\(batch)-\(n)-" + body]) }
            }
            checkpointer.request()
        }
        checkpointer.stop()
        #expect(try queue.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM t") } == 20_000)
        // Written over from its start once it passed the restart size, the log file stays well under all the pages
        // written (frames are a page plus a 24-byte header).
        let walBytes = try #require(try FileManager.default.attributesOfItem(atPath: queue.path + "-wal")[.size] as? Int)
        let frameBytes = 4_096 + 24
        #expect(walBytes < 2 * checkpointer.restartFrames * frameBytes)
        #expect(walBytes > checkpointer.restartFrames * frameBytes / 2)
    }
}
