import Foundation

/// Thrown by run preparation when cancelled while enumerating; the run row exists and is marked interrupted.
struct PrepareInterruption: Error {
    var runID: Int64
    var resumed: Bool
}

/// The run a `run` call works on: new (work list just persisted) or resumed.
struct PreparedRun {
    var id: Int64
    var resumed: Bool
    var total: Int
    var skipped: Int
    /// Conversations of the work list not done yet; ``WorkListReader`` reads them from `run_work`.
    var pendingCount: Int
    var cachedMediaDone: Bool
    var redactions: RedactionCounts
    var changes = ChangeCounts()
    var requestsBefore: Int
    var windowStart: Date?
    var windowEnd: Date?
    var explicitIDs: [String]?
    var watermarkOnCompletion: Date?
    var exportsAllCachedMedia = false
}
