import Foundation

/// The JSON document of one run's manifest (`manifests/run-<runID>.json`), format `genesys-export-manifest/1`.
///
/// `contentSHA256` is the SHA-256 of the file's own bytes with that field's value written as 64 zeros,
/// so a changed manifest is caught even when it is the newest one (no later manifest links to it yet).
/// `previousManifestSHA256` is the SHA-256 of the complete bytes of the previous run's manifest file.
package struct ManifestDocument: Codable, Sendable, Equatable {
    /// Identifies the document format.
    package var format = ManifestDocument.currentFormat
    /// The run that wrote the files.
    package var runID: Int64
    /// Version of genesys-export.
    package var toolVersion: String
    /// The job's name and file hash.
    package var job: Job
    /// What was exported.
    package var source: Source
    /// When the run started (ISO-8601 UTC).
    package var startedAt: String
    /// When the run finished (ISO-8601 UTC).
    package var finishedAt: String
    /// The NDJSON files of the run.
    package var files: [File]
    /// Media files stored by the run.
    package var media: [ArchiveMediaRecord]
    /// The redaction policy and what it changed.
    package var redaction: Redaction
    /// Objects per entity the run found new, changed or unchanged; only new and changed ones were written.
    /// Absent from manifests written before change tracking.
    package var changes: [String: ChangeCounts.Entry]?
    /// Path of the previous run's manifest, relative to the root; nil for the first.
    package var previousManifest: String?
    /// SHA-256 of the previous run's manifest file; nil for the first.
    package var previousManifestSHA256: String?
    /// SHA-256 of this file with this value zeroed (see the type's notes).
    package var contentSHA256: String

    /// The format identifier written by this version.
    package static let currentFormat = "genesys-export-manifest/1"
    /// The placeholder hashed in place of `contentSHA256`.
    package static let zeroHash = String(repeating: "0", count: 64)

    /// The job that ran.
    package struct Job: Codable, Sendable, Equatable {
        /// Job name.
        package var name: String
        /// SHA-256 of the job file.
        package var fileSHA256: String
    }

    /// The exported window or id list.
    package struct Source: Codable, Sendable, Equatable {
        /// Human description.
        package var description: String
        /// Window start (ISO-8601 UTC).
        package var windowStart: String?
        /// Window end (ISO-8601 UTC).
        package var windowEnd: String?
        /// Conversation ids, for id-list jobs.
        package var conversationIDs: [String]?
    }

    /// One NDJSON file.
    package struct File: Codable, Sendable, Equatable {
        /// Path relative to the root.
        package var path: String
        /// Size in bytes.
        package var bytes: Int
        /// SHA-256 of the bytes.
        package var sha256: String
        /// Number of records (lines).
        package var records: Int
        /// Earliest record timestamp (ISO-8601 UTC).
        package var firstTimestamp: String?
        /// Latest record timestamp (ISO-8601 UTC).
        package var lastTimestamp: String?
    }

    /// The policy and counts.
    package struct Redaction: Codable, Sendable, Equatable {
        /// Text policy (`keep`, `mask-pii`, `drop`).
        package var text: String
        /// Address policy (`keep`, `hash`, `drop`).
        package var addresses: String
        /// What was changed.
        package var counts: RedactionCounts
    }

    /// Encodes with sorted keys, pretty printed, so the bytes are stable.
    package func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(self)
        data.append(UInt8(ascii: "\n"))
        return data
    }

    /// Decodes a manifest file's bytes.
    package static func decode(_ data: Data) throws -> ManifestDocument {
        try JSONDecoder().decode(ManifestDocument.self, from: data)
    }

    /// The bytes with the `contentSHA256` value replaced by zeros (what that hash covers); nil if absent.
    package static func zeroedContent(_ data: Data, contentSHA256: String) -> Data? {
        let needle = Data("\"contentSHA256\" : \"\(contentSHA256)\"".utf8)
        guard let range = data.range(of: needle) else { return nil }
        var zeroed = data
        zeroed.replaceSubrange(range, with: Data("\"contentSHA256\" : \"\(zeroHash)\"".utf8))
        return zeroed
    }

    /// The run id in a manifest file name `run-<id>.json`, or nil for other names.
    package static func runID(fromFileName name: String) -> Int64? {
        guard name.hasPrefix("run-"), name.hasSuffix(".json") else { return nil }
        return Int64(name.dropFirst(4).dropLast(5))
    }

    /// The manifest file name of a run.
    package static func fileName(runID: Int64) -> String { "run-\(runID).json" }

    /// The manifest file name of a run of a shard: `run-<id>.shard-K-of-N.json` (`run-<id>.json` unsharded).
    package static func fileName(runID: Int64, shardTag: String?) -> String {
        shardTag.map { "run-\(runID).\($0).json" } ?? fileName(runID: runID)
    }

    /// The chain (the shard tag, nil for an unsharded job) and run id of a manifest file name; nil for other names.
    /// Each shard's manifests form a chain of their own.
    package static func chainAndRunID(fromFileName name: String) -> (chain: String?, runID: Int64)? {
        if let id = runID(fromFileName: name) { return (nil, id) }
        guard name.hasPrefix("run-"), name.hasSuffix(".json") else { return nil }
        let parts = name.dropFirst(4).dropLast(5).split(separator: ".", maxSplits: 1)
        guard parts.count == 2, let id = Int64(parts[0]), parts[1].hasPrefix("shard-") else { return nil }
        return (String(parts[1]), id)
    }
}
