import ExportPipeline
import Foundation
import GRDB
import GenesysModels
import Testing

/// The fetch stage reads the pending work list from `run_work` in pages instead of holding it.
struct WorkListReaderTests {
    @Test func readsThePendingItemsOfItsRunInOrderAcrossPages() throws {
        let folder = try TempFolder()
        defer { folder.cleanup() }
        let queue = try ExportDatabase.open(at: folder.url.appendingPathComponent("export.sqlite"))
        let count = 2 * WorkListReader.pageSize + 7
        let record = #"{"conversationId":"c-5","conversationEnd":"2026-11-01T08:00:00.000Z","participants":[]}"#
        try queue.write { db in
            for position in 0..<count {
                try db.execute(
                    sql: "INSERT INTO run_work (run_id, position, conversation_id, done, analytics_json) VALUES (2, ?, ?, ?, ?)",
                    arguments: [position, "c-\(position)", position % 3 == 0 ? 1 : 0, position == 5 ? record : nil]
                )
            }
            // Another run's work is not this run's.
            try db.execute(sql: "INSERT INTO run_work (run_id, position, conversation_id) VALUES (3, 1, 'other')")
        }
        let reader = try WorkListReader(path: queue.path, runID: 2)
        var positions: [Int] = []
        var analytics: [String: Date] = [:]
        while let item = try reader.next() {
            positions.append(item.position)
            if let record = item.analytics { analytics[item.conversationID] = record.conversationEnd }
        }
        #expect(positions == (0..<count).filter { $0 % 3 != 0 })
        #expect(analytics == ["c-5": try #require(GenesysDate.parse("2026-11-01T08:00:00.000Z"))])
        #expect(try reader.next() == nil)
    }

    @Test func doneFlagsSetWhileReadingDoNotRepeatOrSkipItems() throws {
        let folder = try TempFolder()
        defer { folder.cleanup() }
        let queue = try ExportDatabase.open(at: folder.url.appendingPathComponent("export.sqlite"))
        let count = WorkListReader.pageSize + 10
        try queue.write { db in
            for position in 0..<count {
                try db.execute(
                    sql: "INSERT INTO run_work (run_id, position, conversation_id) VALUES (1, ?, ?)",
                    arguments: [position, "c-\(position)"]
                )
            }
        }
        let reader = try WorkListReader(path: queue.path, runID: 1)
        var seen: [Int] = []
        while let item = try reader.next() {
            seen.append(item.position)
            // The writer marks each item done as it commits, on its own connection.
            try queue.write { db in
                try db.execute(sql: "UPDATE run_work SET done = 1 WHERE run_id = 1 AND position = ?", arguments: [item.position])
            }
        }
        #expect(seen == Array(0..<count))
    }
}
