import Foundation
import Synchronization

/// Tells one bad conversation from an outage.
///
/// Every per-conversation API call that ends, after the client's retries, reports its outcome. A conversation
/// whose call fails with a 5xx or transport error becomes a reject and the run goes on — unless, among the last
/// ``window`` calls of the run, more than half failed that way across at least ``distinctConversations``
/// conversations: then the API itself is down, and the run stops (resumably) instead of rejecting everything.
package final class OutageMonitor: Sendable {
    /// Calls looked back on.
    package static let window = 20
    /// Failures among them that mean an outage: more than half.
    package static let failures = window / 2 + 1
    /// Conversations the failures must come from, so one conversation's persistent 5xx never trips it.
    package static let distinctConversations = 3

    private struct Outcome {
        var conversationID: String
        var failed: Bool
    }

    private let recent = Mutex<[Outcome]>([])

    /// Creates a monitor with no history.
    package init() {}

    /// Records a call that succeeded (or failed for reasons of its own object: 4xx, malformed body).
    package func succeeded(conversationID: String) {
        record(Outcome(conversationID: conversationID, failed: false))
    }

    /// Records a call that failed with a 5xx or transport error; returns whether the API now looks down.
    package func failed(conversationID: String) -> Bool {
        record(Outcome(conversationID: conversationID, failed: true))
    }

    @discardableResult
    private func record(_ outcome: Outcome) -> Bool {
        recent.withLock { recent in
            recent.append(outcome)
            if recent.count > Self.window { recent.removeFirst(recent.count - Self.window) }
            let failed = recent.filter(\.failed)
            return failed.count >= Self.failures
                && Set(failed.map(\.conversationID)).count >= Self.distinctConversations
        }
    }
}
