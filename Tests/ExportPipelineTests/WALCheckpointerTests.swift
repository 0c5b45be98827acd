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
}
