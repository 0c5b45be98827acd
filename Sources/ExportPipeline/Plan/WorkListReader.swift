import Foundation
import GRDB

/// Reads a run's pending work list from `run_work` a page at a time, so a run of any number of conversations
/// holds one page of work items (each with its analytics record) instead of the whole list.
///
/// It reads on a read-only connection of its own: in WAL mode a reader never waits for the writer's commits, and
/// the work list it reads was committed before fetching began. Items come in `position` order; the `done` flags the
/// writer sets meanwhile do not matter, as the reader only moves forward.
package final class WorkListReader {
    /// Work items read per query.
    package static let pageSize = 256

    private let connection: DatabaseQueue
    private let runID: Int64
    private var lastPosition = -1
    private var page: [WorkItem] = []  // reversed: the next item is last
    private var isExhausted = false

    /// Opens a read-only connection to the database at `path` for the pending work of run `runID`.
    ///
    /// - Throws: `DatabaseError` when the database cannot be opened.
    package init(path: String, runID: Int64) throws {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.label = "genesys-export work list"
        connection = try DatabaseQueue(path: path, configuration: configuration)
        self.runID = runID
    }

    /// The next pending item; nil once the list is done.
    ///
    /// - Throws: `DatabaseError` when a page cannot be read.
    package func next() throws -> WorkItem? {
        if page.isEmpty && !isExhausted {
            let loaded = try load()
            isExhausted = loaded.count < Self.pageSize
            page = loaded.reversed()
        }
        return page.popLast()
    }

    private func load() throws -> [WorkItem] {
        let (runID, after) = (runID, lastPosition)
        let items = try connection.read { db in
            try Row.fetchAll(
                db.cachedStatement(
                    sql: "SELECT position, conversation_id, analytics_json FROM run_work "
                        + "WHERE run_id = ? AND done = 0 AND position > ? ORDER BY position LIMIT ?"
                ),
                arguments: [runID, after, Self.pageSize]
            ).map(Self.item)
        }
        lastPosition = items.last?.position ?? lastPosition
        return items
    }

    /// A work item from its `run_work` row.
    private static func item(_ row: Row) -> WorkItem {
        WorkItem(
            position: row["position"],
            conversationID: row["conversation_id"],
            analytics: (row["analytics_json"] as String?).flatMap { AnalyticsRecord(json: Data($0.utf8)) }
        )
    }
}
