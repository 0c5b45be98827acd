import Foundation

/// Downloads attachment and cached-media bytes and stores them content-addressed in the archive (`media: download`).
///
/// Bytes are stored under `<ndjson>/media/sha256/<first2>/<hash>` before the conversation that lists them is
/// committed, so a crash in between only means the next run downloads and stores the same file again (a no-op).
/// A failed download or a SHA-256 that differs from the API's becomes a reject; only local IO failures throw.
package struct MediaArchiver: Sendable {
    /// What happened to one file.
    package enum Outcome: Sendable, Equatable {
        /// Stored (or already present) with this record.
        case stored(ArchiveMediaRecord)
        /// Not stored; the reason names the host, never the URL's query.
        case rejected(String)
    }

    /// The API.
    package var source: any ConversationSource
    /// The NDJSON root the media folder lives in.
    package var root: URL

    /// Creates an archiver storing under `root`.
    package init(source: any ConversationSource, root: URL) {
        self.source = source
        self.root = root
    }

    /// Downloads `urlText` and stores the bytes, checking them against `expectedSHA256` when the API gave one.
    ///
    /// - Throws: `CancellationError` when cancelled; `ExportError.io` when the archive cannot be written.
    package func archive(urlText: String?, expectedSHA256: String?, sourceID: String?) async throws -> Outcome {
        guard let urlText, !urlText.isEmpty else { return .rejected("no url to download") }
        guard let url = URL(string: urlText), let host = url.host, !host.isEmpty else {
            return .rejected("the url is not an absolute URL")
        }
        let bytes: Data
        do {
            bytes = try await source.downloadMedia(from: url)
        } catch let error as CancellationError {
            throw error
        } catch {
            if Task.isCancelled { throw CancellationError() }
            return .rejected("download from \(host) failed: \(Self.scrub("\(error)", of: url))")
        }
        let folder = root.appendingPathComponent("media").path
        do {
            let record = try ArchiveMedia.store(
                bytes: bytes,
                expectedSHA256: expectedSHA256,
                root: root,
                sourceID: sourceID
            )
            return .stored(record)
        } catch let error as ArchiveError {
            if case .mediaHashMismatch = error {
                return .rejected("bytes downloaded from \(host) do not match the API's sha256: \(error.description)")
            }
            throw ExportError.io(path: folder, operation: "store media", underlying: error)
        } catch {
            throw ExportError.io(path: folder, operation: "store media", underlying: error)
        }
    }

    /// `text` with the URL's query (and the full URL) removed, so a pre-signed signature never reaches a reject.
    static func scrub(_ text: String, of url: URL) -> String {
        var result = text.replacingOccurrences(of: url.absoluteString, with: "<url on \(url.host ?? "?")>")
        if let query = url.query, !query.isEmpty {
            result = result.replacingOccurrences(of: query, with: "<query>")
        }
        return result
    }
}

extension ConversationFetcher {
    /// Downloads every attachment of the conversation's messages into the archive, recording where each went.
    func downloadAttachments(using archiver: MediaArchiver, into export: inout ConversationExport) async throws {
        var byURL: [String: MediaArchiver.Outcome] = [:]
        var stored = Set(export.mediaFiles.map(\.sha256))
        for index in export.attachments.indices {
            let attachment = export.attachments[index]
            if attachment.mediaType?.lowercased() == "link" { continue }
            let outcome: MediaArchiver.Outcome
            if let url = attachment.url, let known = byURL[url] {
                outcome = known
            } else {
                outcome = try await archiver.archive(
                    urlText: attachment.url,
                    expectedSHA256: attachment.sha256,
                    sourceID: attachment.attachmentID ?? attachment.messageID
                )
                if let url = attachment.url { byURL[url] = outcome }
            }
            switch outcome {
            case let .stored(record):
                export.attachments[index].archivePath = record.path
                if stored.insert(record.sha256).inserted { export.mediaFiles.append(record) }
            case let .rejected(reason):
                export.rejects.append(
                    reject(
                        export.conversationID,
                        "attachment",
                        attachment.attachmentID ?? attachment.messageID,
                        SourceEndpoint.mediaDownload,
                        "message \(attachment.messageID) attachment \(attachment.position): \(reason)",
                        nil
                    )
                )
            }
        }
    }
}
