import GRDB

extension ExportDatabase {
    /// Appends the analyst migrations (views, messages_fts) to the migrator; called LAST by the pipeline's migrator setup.
    package static func registerAnalystMigrations(_ migrator: inout DatabaseMigrator) {
        AnalystSchema.registerAnalystMigrations(&migrator)
    }

    /// Brings messages_fts up to date after a load (called by the runner at the end of every run, in its own write).
    package static func refreshFullTextIndex(_ db: Database) throws {
        try AnalystSchema.refreshFullTextIndex(db)
    }
}
