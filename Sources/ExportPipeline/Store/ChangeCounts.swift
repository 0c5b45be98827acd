import Foundation
import GenesysModels

/// How many objects of each NDJSON entity a run found new, changed or unchanged (by JSON value).
///
/// Only new and changed objects are written (to NDJSON and SQLite); the manifest records all three counts.
package struct ChangeCounts: Codable, Sendable, Equatable {
    /// The counts of one entity.
    package struct Entry: Codable, Sendable, Equatable {
        /// Objects not stored before.
        package var new = 0
        /// Objects whose JSON value differs from the stored version.
        package var changed = 0
        /// Objects equal, as JSON values, to the stored version: not written again.
        package var unchanged = 0

        /// Creates counts.
        package init(new: Int = 0, changed: Int = 0, unchanged: Int = 0) {
            self.new = new
            self.changed = changed
            self.unchanged = unchanged
        }
    }

    /// What a comparison with the stored version found.
    package enum Outcome: Sendable {
        case new, changed, unchanged
    }

    /// Counts by entity (`conversations`, `participants`, `messages`, …).
    package var entities: [String: Entry]

    /// Creates counts.
    package init(entities: [String: Entry] = [:]) {
        self.entities = entities
    }

    /// Counts `times` objects of `entity` with the same outcome; none leaves the counts as they are.
    package mutating func count(_ outcome: Outcome, entity: String, times: Int = 1) {
        guard times > 0 else { return }
        var entry = entities[entity] ?? Entry()
        switch outcome {
        case .new: entry.new += times
        case .changed: entry.changed += times
        case .unchanged: entry.unchanged += times
        }
        entities[entity] = entry
    }

    /// Adds `rhs`, entity by entity.
    package static func += (lhs: inout ChangeCounts, rhs: ChangeCounts) {
        for (entity, entry) in rhs.entities { lhs.entities[entity, default: Entry()] += entry }
    }

    /// The sum of two counts.
    package static func + (lhs: ChangeCounts, rhs: ChangeCounts) -> ChangeCounts {
        var sum = lhs
        sum += rhs
        return sum
    }
}

extension ChangeCounts.Entry: CounterSet {
    /// Every count.
    package static var counters: [WritableKeyPath<ChangeCounts.Entry, Int>] { [\.new, \.changed, \.unchanged] }
}
