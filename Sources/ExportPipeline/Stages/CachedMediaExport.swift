import Foundation

/// What the run writes of the org's cached media list: the rows and lines of new or changed items, the rejects, and
/// the files stored in the archive. The writer commits it with the checkpoint saying the list is done.
package struct CachedMediaExport: Sendable {
    /// `cached_media` rows.
    package var rows: [CachedMediaRow] = []
    /// `cached_media` NDJSON lines.
    package var records: [NDJSONRecord] = []
    /// Items that could not be exported, and a list that could not be read.
    package var rejects: [RejectRow] = []
    /// Files stored in the archive (`media: download`), one per SHA-256.
    package private(set) var mediaFiles: [ArchiveMediaRecord] = []
    /// New, changed and unchanged items.
    package var changes = ChangeCounts()
    private var storedSHA256s: Set<String> = []

    /// Creates an empty export.
    package init() {}

    /// Adds a stored file unless a file with its SHA-256 is already listed.
    package mutating func addFile(_ file: ArchiveMediaRecord) {
        if storedSHA256s.insert(file.sha256).inserted { mediaFiles.append(file) }
    }
}
