import Foundation
import GenesysModels

/// One conversation to export, in the order of the run's persisted work list.
package struct WorkItem: Sendable, Equatable {
    /// Position in the work list.
    package var position: Int
    /// Conversation id.
    package var conversationID: String
    /// The conversation's analytics record (34/37/40), nil when analytics does not know it.
    package var analytics: AnalyticsRecord?

    /// `conversationEnd` from analytics, nil when unknown or still open.
    package var conversationEnd: Date? { analytics?.conversationEnd }

    /// Creates a work item.
    package init(position: Int, conversationID: String, analytics: AnalyticsRecord? = nil) {
        self.position = position
        self.conversationID = conversationID
        self.analytics = analytics
    }
}
