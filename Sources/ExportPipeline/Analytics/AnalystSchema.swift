import Foundation
import GRDB

/// The analyst layer of the export database: views and the `messages_fts` full-text index.
package enum AnalystSchema {
    /// Appends the analyst migrations (views, messages_fts) to the migrator; register them LAST.
    package static func registerAnalystMigrations(_ migrator: inout DatabaseMigrator) {
    }

    /// Brings messages_fts up to date after a load (one bulk `rebuild`).
    package static func refreshFullTextIndex(_ db: Database) throws {
    }
}
