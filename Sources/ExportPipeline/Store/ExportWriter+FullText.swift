import Foundation
import GRDB

extension ExportWriter {
    /// Keeps `messages_fts` (an external-content FTS5 index over `messages`) up to date for the rows one commit
    /// writes, in the same transaction, instead of a full `rebuild` at the end of every run (whose cost grows with
    /// the whole database rather than the run).
    ///
    /// Before the batch's message rows are written, the index entries of those that already exist are deleted with
    /// their old values (FTS5's `'delete'` command, which external-content tables require); after they are written,
    /// the entries of all of them are inserted. Both are one statement a commit, over the batch's ids.
    enum FullTextIndex {
        /// Removes the entries of the existing rows among `ids`; call before writing the rows.
        static func unindex(_ ids: [String], db: Database) throws {
            guard !ids.isEmpty else { return }
            try db.execute(
                sql: """
                    INSERT INTO messages_fts(messages_fts, rowid, text, conversation_id, id)
                    SELECT 'delete', m.rowid, m.text, m.conversation_id, m.id
                    FROM json_each(?) AS j JOIN messages AS m ON m.id = j.value
                    """,
                arguments: [ExportNormalizer.jsonArray(ids)]
            )
        }

        /// Adds the entries of the rows `ids`; call after writing them.
        static func index(_ ids: [String], db: Database) throws {
            guard !ids.isEmpty else { return }
            try db.execute(
                sql: """
                    INSERT INTO messages_fts(rowid, text, conversation_id, id)
                    SELECT m.rowid, m.text, m.conversation_id, m.id
                    FROM json_each(?) AS j JOIN messages AS m ON m.id = j.value
                    """,
                arguments: [ExportNormalizer.jsonArray(ids)]
            )
        }
    }
}
