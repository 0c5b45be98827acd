import Foundation
import GenesysClient
import GRDB
import GenesysModels

extension ExportRunner {
    // MARK: - Cached media

    /// Fetches the org's cached media list (4) once per run; items already exported unchanged (the same JSON value)
    /// get no new NDJSON line, so repeated runs archive only new or changed items. With an `archiver` (`media: download`)
    /// the bytes behind each exported item's `downloadUrl` are stored in the archive before the commit.
    func exportCachedMedia(
        writer: ExportWriter,
        normalizer: ExportNormalizer,
        runID: Int64,
        queue: DatabaseQueue,
        includingUnchanged: Bool,
        archiver: MediaArchiver? = nil
    ) async throws {
        let listing: ElementPage<CachedMediaItem>
        var rejects: [RejectRow] = []
        do {
            listing = try await source.allCachedMedia()
        } catch let ConversationSourceError.malformed(endpoint, payload, reason) {
            listing = ElementPage()
            rejects.append(
                RejectRow(
                    conversationID: nil,
                    entity: "cached_media",
                    entityID: nil,
                    endpoint: endpoint,
                    reason: reason,
                    rawPayload: payload.map(ExportNormalizer.text)
                )
            )
        } catch let error as CancellationError {
            throw error
        } catch {
            throw ExportError.enumerationFailed(job: job.name, endpoint: SourceEndpoint.cachedMedia, underlying: error)
        }
        // What each listed item was last exported as, looked up item by item rather than loading the whole table.
        let items = listing.values
        let known: [String: ChangeCounts.Outcome] = try await queue.read { db in
            let statement = try db.cachedStatement(sql: "SELECT raw_json FROM cached_media WHERE id = ?")
            var known: [String: ChangeCounts.Outcome] = [:]
            for item in items {
                guard let id = item.value.id, !id.isEmpty,
                    let stored = try String.fetchOne(statement, arguments: [id])
                else { continue }
                known[id] = JSONIdentity.same(stored, item.json) ? .unchanged : .changed
            }
            return known
        }
        var rows: [CachedMediaRow] = []
        var records: [NDJSONRecord] = []
        var mediaFiles: [ArchiveMediaRecord] = []
        var stored: Set<String> = []
        var changes = ChangeCounts()
        for failure in listing.undecodable {
            rejects.append(
                RejectRow(
                    conversationID: nil,
                    entity: "cached_media",
                    entityID: nil,
                    endpoint: SourceEndpoint.cachedMedia,
                    reason: failure.reason,
                    rawPayload: ExportNormalizer.text(failure.json)
                )
            )
        }
        for item in listing.values {
            guard let id = item.value.id, !id.isEmpty else {
                rejects.append(
                    RejectRow(
                        conversationID: nil,
                        entity: "cached_media",
                        entityID: nil,
                        endpoint: SourceEndpoint.cachedMedia,
                        reason: "cached media item without an id",
                        rawPayload: ExportNormalizer.text(item.json)
                    )
                )
                continue
            }
            var (row, record) = normalizer.cachedMedia(item, id: id)
            if let outcome = known[id] {
                if !includingUnchanged, outcome == .unchanged {
                    changes.count(.unchanged, entity: "cached_media")
                    continue
                }
                changes.count(.changed, entity: "cached_media")
            } else {
                changes.count(.new, entity: "cached_media")
            }
            if let archiver {
                switch try await archiver.archive(urlText: row.downloadURL, expectedSHA256: nil, sourceID: id) {
                case let .stored(file):
                    row.archivePath = file.path
                    if stored.insert(file.sha256).inserted { mediaFiles.append(file) }
                case let .rejected(reason):
                    rejects.append(
                        RejectRow(
                            conversationID: nil,
                            entity: "cached_media",
                            entityID: id,
                            endpoint: SourceEndpoint.mediaDownload,
                            reason: reason,
                            rawPayload: nil
                        )
                    )
                }
            }
            rows.append(row)
            records.append(record)
        }
        writer.addCachedMedia(
            rows,
            records: records,
            rejects: rejects,
            mediaFiles: mediaFiles,
            changes: changes,
            doneKey: CheckpointKey.cachedMedia(run: runID).rawValue
        )
    }

    func loadCodeCache(_ queue: DatabaseQueue) async throws -> WrapupCodeCache {
        let known = try await queue.read { db in
            try Row.fetchAll(db, sql: "SELECT id, name FROM wrapup_codes").map { ($0["id"] as String, $0["name"] as String?) }
        }
        return WrapupCodeCache(codes: known.map { (id: $0.0, name: $0.1) })
    }
}
