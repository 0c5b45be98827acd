import Foundation
import GenesysModels

/// The window a run covers, fixed when the run is created so a resumed run lists the same conversations.
///
/// Both `run` and `run --dry-run` compute it here: a `since` job covers the stored watermark minus the lookback
/// (never before the job's start) up to now minus the settle delay (never past what the analytics datalake has,
/// when async jobs are used).
struct RunWindow: Sendable, Equatable {
    /// Inclusive start; nil for id lists and active snapshots.
    var start: Date?
    /// Exclusive end.
    var end: Date?

    /// The analytics API's largest query interval.
    static let maxQueryLength: TimeInterval = 31 * 86_400

    /// The window of a `since` job.
    static func since(
        start: Date,
        lookback: Duration,
        settleDelay: Duration,
        watermark: Date?,
        now: Date,
        available: Date? = nil
    ) -> RunWindow {
        let from = watermark.map { max(start, $0.addingTimeInterval(-lookback.timeInterval)) } ?? start
        var until = now.addingTimeInterval(-settleDelay.timeInterval)
        if let available { until = min(until, available) }
        return RunWindow(start: from, end: max(from, until))
    }

    /// `[start, end)` cut into consecutive parts of at most `maxLength` seconds, in order.
    static func parts(_ start: Date, _ end: Date, maxLength: TimeInterval = maxQueryLength) -> [DateInterval] {
        var parts: [DateInterval] = []
        var from = start
        while from < end {
            let to = min(end, from.addingTimeInterval(maxLength))
            parts.append(DateInterval(start: from, end: to))
            from = to
        }
        return parts
    }
}
