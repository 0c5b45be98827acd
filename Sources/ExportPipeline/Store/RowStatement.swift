import GRDB
import GRDBSQLite

/// Binds one row's values straight to a cached statement through the SQLite C API, and runs it.
///
/// The writer's hot inserts (messages, participants, attachments) go through it instead of `StatementArguments`,
/// whose per-value existential boxing and checks cost more than the insert itself. Values bind exactly as GRDB
/// binds them: `String` as TEXT, `Int` as INTEGER, `Bool` as 0 or 1, nil as NULL.
///
/// ```swift
/// var insert = RowStatement(try db.cachedStatement(sql: ExportSQL.upsertMessage), db: db)
/// insert.bind(row.id)
/// insert.bind(row.attachmentCount)
/// try insert.run()
/// ```
struct RowStatement {
    private let statement: Statement
    private let db: Database
    private var index: Int32 = 0
    /// The row's text values, copied end to end; bound in place (`SQLITE_STATIC`) when the row runs, so SQLite
    /// neither allocates nor copies per value.
    private var texts: [UInt8] = []
    /// Parameter index, offset and length of each text value in `texts`.
    private var textBinds: [(index: Int32, offset: Int, count: Int)] = []

    /// Wraps a prepared statement of `db`.
    init(_ statement: Statement, db: Database) {
        self.statement = statement
        self.db = db
    }

    /// Binds the next parameter to text, or NULL.
    mutating func bind(_ value: String?) {
        index += 1
        guard let value else {
            sqlite3_bind_null(statement.sqliteStatement, index)
            return
        }
        let offset = texts.count
        texts.append(contentsOf: value.utf8)
        textBinds.append((index, offset, texts.count - offset))
    }

    /// Binds the next parameter to an integer, or NULL.
    mutating func bind(_ value: Int?) {
        index += 1
        guard let value else {
            sqlite3_bind_null(statement.sqliteStatement, index)
            return
        }
        sqlite3_bind_int64(statement.sqliteStatement, index, Int64(value))
    }

    /// Binds the next parameter to an integer.
    mutating func bind(_ value: Int64) {
        index += 1
        sqlite3_bind_int64(statement.sqliteStatement, index, value)
    }

    /// Binds the next parameter to 0 or 1, or NULL.
    mutating func bind(_ value: Bool?) {
        bind(value.map { $0 ? 1 : 0 })
    }

    /// The rowid of the connection's latest successful INSERT (of any table); an upsert that updates leaves it as is.
    var lastInsertRowID: Int64 { db.sqliteConnection.map(sqlite3_last_insert_rowid) ?? 0 }

    /// Runs the statement with the values bound so far, then readies it for the next row.
    ///
    /// - Throws: `DatabaseError` with SQLite's code and message (a full disk stays recognisable as such).
    mutating func run() throws {
        let expected = sqlite3_bind_parameter_count(statement.sqliteStatement)
        precondition(index == expected, "bound \(index) of \(expected) values")
        let code = texts.withUnsafeBufferPointer { bytes in
            // `texts` no longer grows, so its bytes stay where they are until the bindings are cleared below. An
            // empty value must still bind text, not NULL, so it points at a byte of its own.
            for bind in textBinds {
                let start = bind.count == 0 ? Self.emptyText : UnsafeRawPointer(bytes.baseAddress! + bind.offset)
                // No destructor (SQLITE_STATIC): SQLite reads the bytes in place and never frees them.
                sqlite3_bind_text(
                    statement.sqliteStatement, bind.index, start.assumingMemoryBound(to: CChar.self),
                    Int32(bind.count), nil
                )
            }
            let code = sqlite3_step(statement.sqliteStatement)
            sqlite3_reset(statement.sqliteStatement)
            sqlite3_clear_bindings(statement.sqliteStatement)
            return code
        }
        texts.removeAll(keepingCapacity: true)
        textBinds.removeAll(keepingCapacity: true)
        index = 0
        guard code == SQLITE_DONE else {
            let message = db.sqliteConnection.map { String(cString: sqlite3_errmsg($0)) }
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
        }
    }

    /// A byte for the empty string to point at (a literal's, in the executable's constant data).
    private static var emptyText: UnsafeRawPointer { UnsafeRawPointer(("" as StaticString).utf8Start) }
}
