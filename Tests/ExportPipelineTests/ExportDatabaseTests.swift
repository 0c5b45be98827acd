import ExportPipeline
import Foundation
import GRDB
import Testing

struct ExportDatabaseTests {
    private static let referenceDDL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("schemas/sqlite.sql")

    private static func columns(_ db: Database) throws -> [String: Set<String>] {
        let tables = try String.fetchAll(
            db,
            sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'grdb_%'"
        )
        var result: [String: Set<String>] = [:]
        for table in tables {
            result[table] = Set(try Row.fetchAll(db, sql: "PRAGMA table_info(\(table.quotedDatabaseIdentifier))").map { $0["name"] as String })
        }
        return result
    }

    @Test func freshExportDatabaseHasEveryTableColumnAndIndexOfTheReferenceDDL() throws {
        let folder = try TempFolder()
        defer { folder.cleanup() }
        let reference = try DatabaseQueue()
        try reference.write { db in try db.execute(sql: String(contentsOf: Self.referenceDDL, encoding: .utf8)) }
        let export = try ExportDatabase.open(at: folder.url.appendingPathComponent("x.sqlite"))
        let expected = try reference.read(Self.columns)
        let actual = try export.read(Self.columns)
        #expect(expected.count >= 12)
        for (table, columns) in expected {
            let found = try #require(actual[table], "missing table \(table)")
            #expect(columns.subtracting(found).isEmpty, "\(table) lacks \(columns.subtracting(found))")
            #expect(found.subtracting(columns).isEmpty, "\(table) has undocumented \(found.subtracting(columns))")
        }
        let indexes = "SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%'"
        let expectedIndexes = Set(try reference.read { try String.fetchAll($0, sql: indexes) })
        let actualIndexes = Set(try export.read { try String.fetchAll($0, sql: indexes) })
        #expect(expectedIndexes.subtracting(actualIndexes).isEmpty)
        let mode = try export.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") }
        #expect(mode == "wal")
    }

    @Test func migrationsAreIdempotentWhenReopened() throws {
        let folder = try TempFolder()
        defer { folder.cleanup() }
        let url = folder.url.appendingPathComponent("x.sqlite")
        _ = try ExportDatabase.open(at: url)
        let again = try ExportDatabase.open(at: url)
        let applied = try again.read { db in try ExportDatabase.makeMigrator().appliedMigrations(db) }
        #expect(applied.contains("v1-export-tables"))
        #expect(applied.contains("v2-resume-work-list"))
    }
}
