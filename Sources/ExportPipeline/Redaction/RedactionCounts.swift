import Foundation
import GenesysModels

/// How many values a ``Redactor`` changed, per kind; recorded in the run's archive manifest.
package struct RedactionCounts: Sendable, Equatable, Codable {
    /// Payment card numbers (Luhn-valid) replaced by `[card]`.
    package var cards = 0
    /// E-mail addresses replaced by `[email]`.
    package var emails = 0
    /// Phone numbers replaced by `[phone]`.
    package var phones = 0
    /// Text values removed entirely under the `drop` text policy.
    package var textsDropped = 0
    /// Address values replaced by their keyed hash.
    package var addressesHashed = 0
    /// Address values removed under the `drop` address policy.
    package var addressesDropped = 0

    /// True when nothing was redacted.
    package var isZero: Bool { self == RedactionCounts() }
}

extension RedactionCounts: CounterSet {
    /// Every count.
    package static var counters: [WritableKeyPath<RedactionCounts, Int>] {
        [\.cards, \.emails, \.phones, \.textsDropped, \.addressesHashed, \.addressesDropped]
    }
}
