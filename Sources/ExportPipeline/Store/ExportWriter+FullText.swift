import Foundation
import GRDB

extension ExportWriter {
    /// Keeps `messages_fts` (an external-content FTS5 index over `messages`) up to date for the rows one commit
    /// writes, in the same transaction, instead of a full `rebuild` at the end of every run (whose cost grows with
    /// the whole database rather than the run).
    ///
    /// Before the batch's message rows are written, the index entries of those that already exist are deleted with
    /// their old values (FTS5's `'delete'` command, which external-content tables require); after they are written,
    /// the entries of all of them are inserted, each once. Rows the batch inserted are found by their rowid, the
    /// table's own key; rows an upsert updated (which leaves no rowid behind) by their id.
    enum FullTextIndex {
        /// The message rows a batch wrote, as the index needs them.
        struct Pending {
            /// Rowids of rows the batch inserted.
            private(set) var inserted: [Int64] = []
            /// Ids of rows the batch updated rather than inserted.
            private(set) var updated: [String] = []

            /// Notes one upsert of message `id`, given the connection's last insert rowid before and after it.
            mutating func wrote(id: String, lastInsertRowID: Int64, before: Int64) {
                // An update leaves the last insert rowid alone; an insert sets it to the new row's (which cannot be
                // the previous one's unless another table's row happens to share it: that row takes the id path).
                if lastInsertRowID != before {
                    inserted.append(lastInsertRowID)
                } else {
                    updated.append(id)
                }
            }
        }

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

        /// Adds the entries of the rows `pending` notes; call after writing them.
        static func index(_ pending: Pending, db: Database) throws {
            let inserted = pending.inserted.isEmpty ? "[]" : "[" + pending.inserted.map(String.init).joined(separator: ",") + "]"
            if !pending.inserted.isEmpty {
                try db.execute(
                    sql: """
                        INSERT INTO messages_fts(rowid, text, conversation_id, id)
                        SELECT m.rowid, m.text, m.conversation_id, m.id
                        FROM json_each(?) AS j JOIN messages AS m ON m.rowid = j.value
                        """,
                    arguments: [inserted]
                )
            }
            guard !pending.updated.isEmpty else { return }
            var seen: Set<String> = []
            let updated = pending.updated.filter { seen.insert($0).inserted }
            // A row inserted and then updated by the same batch is already indexed above.
            try db.execute(
                sql: """
                    INSERT INTO messages_fts(rowid, text, conversation_id, id)
                    SELECT m.rowid, m.text, m.conversation_id, m.id
                    FROM json_each(?) AS j JOIN messages AS m ON m.id = j.value
                    WHERE m.rowid NOT IN (SELECT value FROM json_each(?))
                    """,
                arguments: [ExportNormalizer.jsonArray(updated), inserted]
            )
        }
    }
}
