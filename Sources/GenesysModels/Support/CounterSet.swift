import Foundation

/// A value made of integer counters that add up field by field: run totals, redaction counts, request statistics.
///
/// Conforming types list their counters once; addition and difference follow from the list.
package protocol CounterSet {
    /// Every counter of the type.
    static var counters: [WritableKeyPath<Self, Int>] { get }
}

extension CounterSet {
    /// Adds each counter of `rhs` to the same counter of `lhs`.
    package static func += (lhs: inout Self, rhs: Self) {
        for counter in counters { lhs[keyPath: counter] += rhs[keyPath: counter] }
    }

    /// The counter-by-counter sum.
    package static func + (lhs: Self, rhs: Self) -> Self {
        var sum = lhs
        sum += rhs
        return sum
    }

    /// The counter-by-counter difference from `earlier`, a value taken before this one.
    package func since(_ earlier: Self) -> Self {
        var delta = self
        for counter in Self.counters { delta[keyPath: counter] -= earlier[keyPath: counter] }
        return delta
    }
}
