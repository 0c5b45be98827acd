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
        var (listing, rejects) = try await cachedMediaListing()
        let known = try await storedCachedMedia(queue: queue)
        var rows: [CachedMediaRow] = []
        var records: [NDJSONRecord] = []
        var mediaFiles: [ArchiveMediaRecord] = []
        var stored: Set<String> = []
        var changes = ChangeCounts()
        for failure in listing.undecodable {
            rejects.append(Self.cachedMediaReject(failure.reason, failure.json))
        }
        for item in listing.values {
            guard let id = item.value.id, !id.isEmpty else {
                rejects.append(Self.cachedMediaReject("cached media item without an id", item.json))
                continue
            }
            var (row, record) = normalizer.cachedMedia(item, id: id)
            if let stored = known[id] {
                if !includingUnchanged, JSONIdentity.same(stored, item.json) {
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
                    rejects.append(Self.cachedMediaReject(reason, nil, id: id, endpoint: SourceEndpoint.mediaDownload))
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

    /// The cached-media listing (4); a malformed listing becomes a reject and an empty listing.
    private func cachedMediaListing() async throws -> (SourceElements<CachedMediaItem>, [RejectRow]) {
        do {
            return (try await source.allCachedMedia(), [])
        } catch let ConversationSourceError.malformed(endpoint, payload, reason) {
            return (SourceElements(), [Self.cachedMediaReject(reason, payload, endpoint: endpoint)])
        } catch {
            throw ExportError.wrapped(error) {
                ExportError.enumerationFailed(job: job.name, endpoint: SourceEndpoint.cachedMedia, underlying: $0)
            }
        }
    }

    /// The stored JSON of every exported cached media item, by id.
    private func storedCachedMedia(queue: DatabaseQueue) async throws -> [String: String] {
        try await queue.read { db in
            try Dictionary(
                Row.fetchAll(db, sql: "SELECT id, raw_json FROM cached_media").map { ($0["id"] as String, $0["raw_json"] as String) },
                uniquingKeysWith: { $1 }
            )
        }
    }

    /// A reject of cached media, which belongs to no conversation.
    static func cachedMediaReject(
        _ reason: String,
        _ json: Data?,
        id: String? = nil,
        endpoint: String = SourceEndpoint.cachedMedia
    ) -> RejectRow {
        RejectRow(
            conversationID: nil,
            entity: "cached_media",
            entityID: id,
            endpoint: endpoint,
            reason: reason,
            rawPayload: json.map(ExportNormalizer.text)
        )
    }
}
