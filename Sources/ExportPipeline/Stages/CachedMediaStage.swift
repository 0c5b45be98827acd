import Foundation
import GenesysClient
import GenesysModels
import GRDB

/// Stage 3a: the org's cached media list (4), fetched once per run and made ready for the writer.
///
/// Items already exported unchanged (the same JSON value) get no new NDJSON line, so repeated runs archive only new
/// or changed items. With an `archiver` (`media: download`) the bytes behind each exported item's `downloadUrl` are
/// stored in the archive before the commit.
struct CachedMediaStage {
    let source: any ConversationSource
    let jobName: String
    let normalizer: ExportNormalizer
    /// Whether unchanged items are written again (the run rewrites what `--restart` discarded).
    let includingUnchanged: Bool
    let archiver: MediaArchiver?

    /// The rows, lines, rejects and archived files of the run's cached media list.
    func export(queue: DatabaseQueue) async throws -> CachedMediaExport {
        var export = CachedMediaExport()
        let listing = try await list(into: &export)
        let known = try await storedOutcomes(of: listing.values, queue: queue)
        for failure in listing.undecodable {
            export.rejects.append(reject(nil, SourceEndpoint.cachedMedia, failure.reason, failure.json))
        }
        for item in listing.values {
            try await add(item, known: known, to: &export)
        }
        return export
    }

    /// The listed items; a malformed list becomes one reject and an empty listing.
    private func list(into export: inout CachedMediaExport) async throws -> ElementPage<CachedMediaItem> {
        do {
            return try await source.allCachedMedia()
        } catch let ConversationSourceError.malformed(endpoint, payload, reason) {
            export.rejects.append(reject(nil, endpoint, reason, payload))
            return ElementPage()
        } catch let error as CancellationError {
            throw error
        } catch {
            throw ExportError.enumerationFailed(job: jobName, endpoint: SourceEndpoint.cachedMedia, underlying: error)
        }
    }

    /// What each listed item was last exported as, looked up item by item rather than loading the whole table. A
    /// rewrite counts every stored item as changed without comparing, as ``ChangeTracker`` does for conversations.
    private func storedOutcomes(
        of items: [Raw<CachedMediaItem>],
        queue: DatabaseQueue
    ) async throws -> [String: ChangeCounts.Outcome] {
        try await queue.read { db in
            let statement = try db.cachedStatement(sql: "SELECT raw_json FROM cached_media WHERE id = ?")
            var known: [String: ChangeCounts.Outcome] = [:]
            for item in items {
                guard let id = item.value.id, !id.isEmpty,
                    let stored = try String.fetchOne(statement, arguments: [id])
                else { continue }
                known[id] = !includingUnchanged && JSONIdentity.same(stored, item.json) ? .unchanged : .changed
            }
            return known
        }
    }

    /// Counts one item as new, changed or unchanged and adds it unless it is unchanged.
    private func add(
        _ item: Raw<CachedMediaItem>,
        known: [String: ChangeCounts.Outcome],
        to export: inout CachedMediaExport
    ) async throws {
        guard let id = item.value.id, !id.isEmpty else {
            export.rejects.append(reject(nil, SourceEndpoint.cachedMedia, "cached media item without an id", item.json))
            return
        }
        let outcome = known[id] ?? .new
        export.changes.count(outcome, entity: "cached_media")
        if outcome == .unchanged { return }
        var (row, record) = normalizer.cachedMedia(item, id: id)
        if let archiver {
            switch try await archiver.archive(urlText: row.downloadURL, expectedSHA256: nil, sourceID: id) {
            case let .stored(file):
                row.archivePath = file.path
                export.addFile(file)
            case let .rejected(reason):
                export.rejects.append(reject(id, SourceEndpoint.mediaDownload, reason, nil))
            }
        }
        export.rows.append(row)
        export.records.append(record)
    }

    private func reject(_ entityID: String?, _ endpoint: String, _ reason: String, _ payload: Data?) -> RejectRow {
        RejectRow(
            conversationID: nil,
            entity: "cached_media",
            entityID: entityID,
            endpoint: endpoint,
            reason: reason,
            payload: payload
        )
    }
}
