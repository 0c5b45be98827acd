import GRDB

/// The SQL of ``ShardMerger``: copies from the attached database `shard` into `main`, by column name so the
/// column order of either file does not matter.
enum MergeSQL {
    /// The merged file's map from its run ids to the shards' (only merged files have this table).
    static let createMergedRuns = """
        CREATE TABLE merged_runs (
            run_id        INTEGER PRIMARY KEY,      -- runs.id in the merged file
            shard         INTEGER NOT NULL,
            shard_count   INTEGER NOT NULL,
            shard_run_id  INTEGER NOT NULL,
            UNIQUE (shard, shard_run_id)
        )
        """

    /// Inserts the shard's runs under new ids (after those already merged) and maps them in `merged_runs`.
    static func copyRuns(shard: ShardSpec, db: Database) throws {
        let columns = try self.columns(of: "runs", db: db).filter { $0 != "id" }
        let list = columns.joined(separator: ", ")
        let offset = try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(id), 0) FROM main.runs") ?? 0
        try db.execute(
            sql: """
                INSERT INTO main.merged_runs (run_id, shard, shard_count, shard_run_id)
                SELECT ? + ROW_NUMBER() OVER (ORDER BY id), ?, ?, id FROM shard.runs
                """,
            arguments: [offset, shard.index, shard.count]
        )
        try db.execute(
            sql: """
                INSERT INTO main.runs (id, \(list))
                SELECT m.run_id, \(columns.map { "r.\($0)" }.joined(separator: ", "))
                FROM shard.runs r JOIN main.merged_runs m ON m.shard = ? AND m.shard_run_id = r.id
                """,
            arguments: [shard.index]
        )
    }

    /// Copies a table as it is; a row whose key is already there (an org-wide list another shard had) is kept.
    static func copyTable(_ table: String, db: Database) throws {
        let list = try columns(of: table, db: db).joined(separator: ", ")
        try db.execute(sql: "INSERT OR IGNORE INTO main.\(table) (\(list)) SELECT \(list) FROM shard.\(table)")
    }

    /// Copies a table with a `run_id` column, pointing it at the merged run id (`rejects` also get new ids).
    static func copyRenumbering(_ table: String, shard: Int, db: Database) throws {
        let columns = try self.columns(of: table, db: db)
            .filter { $0 != "run_id" && !(table == "rejects" && $0 == "id") }
        let list = columns.joined(separator: ", ")
        try db.execute(
            sql: """
                INSERT OR IGNORE INTO main.\(table) (run_id, \(list))
                SELECT m.run_id, \(columns.map { "t.\($0)" }.joined(separator: ", "))
                FROM shard.\(table) t JOIN main.merged_runs m ON m.shard = ? AND m.shard_run_id = t.run_id
                ORDER BY t.rowid
                """,
            arguments: [shard]
        )
    }

    /// The column names of `main.<table>`.
    private static func columns(of table: String, db: Database) throws -> [String] {
        try db.columns(in: table, in: "main").map(\.name)
    }
}
