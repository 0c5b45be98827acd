import Foundation

/// The keys of the `checkpoints` table, typed: the job's watermark, a run's progress markers, and an NDJSON file's
/// committed length.
package enum CheckpointKey: Sendable, Hashable {
    /// The `since` watermark: the end of the last completed window.
    case watermark
    /// The run's work list is persisted (value: its length).
    case listed(run: Int64)
    /// Conversations the run skipped as unchanged.
    case skipped(run: Int64)
    /// The run exported the cached media list.
    case cachedMedia(run: Int64)
    /// Redactions the run applied (JSON `RedactionCounts`).
    case redactions(run: Int64)
    /// New, changed and unchanged objects (JSON `ChangeCounts`).
    case changes(run: Int64)
    /// The committed length of an NDJSON file (path relative to the NDJSON root).
    case ndjsonFile(path: String)
    /// A `--restart` discarded NDJSON files holding cached media lines: the next cached media list writes all.
    case cachedMediaRewrite

    /// The key as stored.
    package var rawValue: String {
        switch self {
        case .watermark: "watermark"
        case let .listed(run): "run:\(run):listed"
        case let .skipped(run): "run:\(run):skipped"
        case let .cachedMedia(run): "run:\(run):cached_media"
        case let .redactions(run): "run:\(run):redactions"
        case let .changes(run): "run:\(run):changes"
        case let .ndjsonFile(path): NDJSONFileCheckpoint.keyPrefix + path
        case .cachedMediaRewrite: "cached_media:rewrite"
        }
    }

    /// Every per-run key of run `run`.
    package static func all(run: Int64) -> [CheckpointKey] {
        [.listed(run: run), .skipped(run: run), .cachedMedia(run: run), .redactions(run: run), .changes(run: run)]
    }
}
