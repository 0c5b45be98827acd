import Foundation

/// One NDJSON file a run wrote, as the runner hands it to ``ArchiveManifest/write(ndjsonRoot:run:files:media:)``.
package struct ArchiveFileRecord: Sendable, Equatable {
    /// Path relative to the NDJSON root, with `/` separators.
    package var path: String
    /// Number of NDJSON lines (records) in the file.
    package var records: Int
    /// Earliest record timestamp in the file, when records carry one.
    package var firstTimestamp: Date?
    /// Latest record timestamp in the file, when records carry one.
    package var lastTimestamp: Date?

    /// Creates a file record.
    package init(path: String, records: Int, firstTimestamp: Date? = nil, lastTimestamp: Date? = nil) {
        self.path = path
        self.records = records
        self.firstTimestamp = firstTimestamp
        self.lastTimestamp = lastTimestamp
    }
}

/// One media file stored content-addressed under `<root>/media/sha256/…`.
package struct ArchiveMediaRecord: Sendable, Equatable, Codable {
    /// Path relative to the NDJSON root (`media/sha256/ab/abcdef…`).
    package var path: String
    /// Lowercase hex SHA-256 of the bytes.
    package var sha256: String
    /// Size in bytes.
    package var bytes: Int
    /// The attachment or media id the bytes belong to, when known.
    package var sourceID: String?
}

/// What the manifest says about the run that wrote the files.
package struct ArchiveRunInfo: Sendable {
    /// The job's name.
    package var jobName: String
    /// Lowercase hex SHA-256 of the job file.
    package var jobSHA256: String
    /// Version of genesys-export that wrote the archive.
    package var toolVersion: String
    /// The `runs.id` of the run.
    package var runID: Int64
    /// Human description of the source (window or id list).
    package var source: String
    /// Start of the exported window, when the source is a window.
    package var windowStart: Date?
    /// End of the exported window, when the source is a window.
    package var windowEnd: Date?
    /// The exported conversation ids, when the source is an id list.
    package var conversationIDs: [String]?
    /// The redaction policy the run applied.
    package var redaction = JobSpec.Redaction()
    /// How many values the run redacted.
    package var redactionCounts = RedactionCounts()
    /// New, changed and unchanged objects per entity.
    package var changeCounts = ChangeCounts()
    /// When the run started.
    package var startedAt: Date
    /// When the run finished.
    package var finishedAt: Date
}
