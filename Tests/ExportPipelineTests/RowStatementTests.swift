import Foundation
import GRDB
import Testing

@testable import ExportPipeline

/// Values bound through `RowStatement` land exactly as GRDB's own arguments would put them.
struct RowStatementTests {
    private static let sql = "INSERT INTO t(a, b, c, d, e) VALUES (?, ?, ?, ?, ?)"

    @Test func textIntegersNullsAndTheEmptyStringRoundTripRowAfterRow() throws {
        let queue = try DatabaseQueue()
        let rows: [(String?, Int?, String?, Bool?, String?)] = [
            ("", 0, nil, true, "é👋 e\u{301}"),
            (String(repeating: "x", count: 5_000), nil, "", false, nil),
            ("a\u{0}b", -7, "z", nil, ""),
        ]
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE t(n INTEGER PRIMARY KEY, a, b, c, d, e)")
            var insert = RowStatement(try db.cachedStatement(sql: Self.sql), db: db)
            for row in rows {
                insert.bind(row.0)
                insert.bind(row.1)
                insert.bind(row.2)
                insert.bind(row.3)
                insert.bind(row.4)
                try insert.run()
            }
        }
        let stored = try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT a, typeof(a), b, c, typeof(c), d, e, typeof(e), hex(a) FROM t ORDER BY n")
        }
        #expect(stored.count == 3)
        #expect(stored[0][0] as String? == "" && stored[0][1] as String? == "text")
        #expect(stored[0][2] as Int? == 0 && stored[0][4] as String? == "null" && stored[0][5] as Int? == 1)
        #expect(stored[0][6] as String? == "é👋 e\u{301}")
        #expect(stored[1][0] as String? == String(repeating: "x", count: 5_000))
        #expect(stored[1][2] as Int? == nil && stored[1][3] as String? == "" && stored[1][4] as String? == "text")
        #expect(stored[1][5] as Int? == 0 && stored[1][7] as String? == "null")
        // All the bytes are stored, the NUL too (GRDB reads text only up to one).
        #expect(stored[2][8] as String? == "610062" && stored[2][2] as Int? == -7 && stored[2][5] as Int? == nil)
        #expect(stored[2][6] as String? == "" && stored[2][7] as String? == "text")
    }

    @Test func aFailedStepNamesSQLitesReasonAndTheNextRowStillBinds() throws {
        let queue = try DatabaseQueue()
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE t(n INTEGER PRIMARY KEY, a UNIQUE, b, c, d, e)")
            var insert = RowStatement(try db.cachedStatement(sql: Self.sql), db: db)
            for a in ["same", "same", "other"] {
                insert.bind(a)
                insert.bind(1)
                insert.bind(nil as String?)
                insert.bind(nil as Bool?)
                insert.bind("e")
                do {
                    try insert.run()
                } catch let error as DatabaseError {
                    #expect(error.resultCode == .SQLITE_CONSTRAINT)
                    #expect(error.message?.contains("UNIQUE") == true)
                }
            }
        }
        #expect(try queue.read { try String.fetchAll($0, sql: "SELECT a FROM t ORDER BY n") } == ["same", "other"])
    }
}
