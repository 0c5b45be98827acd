import Foundation

/// A small, fast, seedable pseudo-random generator (Steele, Lea and Flood's SplitMix64).
///
/// Everything the simulator invents comes from one of these, so the same seed gives the same org on
/// every machine and every run; `SystemRandomNumberGenerator` is never used.
package struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// Creates a generator starting from `seed`.
    package init(seed: UInt64) {
        self.state = seed
    }

    /// Creates a generator whose stream depends on all `parts` (for example seed, conversation, message).
    package init(_ parts: UInt64...) {
        self.state = SplitMix64.hash(parts)
    }

    /// The next 64 random bits.
    package mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return SplitMix64.finalize(state)
    }

    /// A uniform integer in `0..<bound` (0 when `bound` ≤ 0).
    package mutating func below(_ bound: Int) -> Int {
        guard bound > 1 else { return 0 }
        return Int(next() % UInt64(bound))
    }

    /// A uniform integer in `range`.
    package mutating func int(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + below(range.upperBound - range.lowerBound + 1)
    }

    /// A uniform double in `0..<1`.
    package mutating func unit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// Whether an event of probability `p` happens.
    package mutating func chance(_ p: Double) -> Bool {
        p > 0 && unit() < p
    }

    /// A random element of a non-empty array.
    package mutating func pick<T>(_ values: [T]) -> T {
        values[below(values.count)]
    }

    /// A UUID-shaped lowercase string (version-4 layout) drawn from this stream.
    package mutating func uuid() -> String {
        let high = (next() & 0xFFFF_FFFF_FFFF_0FFF) | 0x0000_0000_0000_4000
        let low = (next() & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000
        return SplitMix64.uuidString(high: high, low: low)
    }

    /// Mixes several 64-bit values into one well-distributed value.
    package static func hash(_ parts: [UInt64]) -> UInt64 {
        var value: UInt64 = 0x243F_6A88_85A3_08D3
        for part in parts {
            value = finalize(value ^ part &+ 0x9E37_79B9_7F4A_7C15)
        }
        return value
    }

    /// Formats 128 bits as `8-4-4-4-12` lowercase hex.
    package static func uuidString(high: UInt64, low: UInt64) -> String {
        let hex = hex16(high) + hex16(low)
        var result = ""
        result.reserveCapacity(36)
        for (offset, character) in hex.enumerated() {
            if offset == 8 || offset == 12 || offset == 16 || offset == 20 { result.append("-") }
            result.append(character)
        }
        return result
    }

    /// Sixteen lowercase hex digits.
    package static func hex16(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    private static func finalize(_ input: UInt64) -> UInt64 {
        var z = input
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
