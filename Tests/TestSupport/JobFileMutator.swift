import Foundation

/// A small seeded PRNG (SplitMix64), so fuzz cases are the same on every machine and every run.
package struct SeededRandom: RandomNumberGenerator {
    private var state: UInt64

    /// Creates a generator from `seed`.
    package init(seed: UInt64) {
        state = seed
    }

    /// The next 64 random bits.
    package mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE5_E9B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// One mutated job file.
package struct JobFileCase: Sendable {
    /// The example job it was made from (`nightly.yaml`).
    package var base: String
    /// The mutations applied, for messages (`truncate@120+tab-indent@3`).
    package var label: String
    /// The file's bytes.
    package var bytes: Data
}

/// Mutates the example job files into broken (and sometimes still valid) ones: truncations, wrong types, odd
/// Unicode, huge numbers, duplicate keys, anchors and aliases (alias bombs included), deep nesting and tabs.
package enum JobFileMutator {
    /// The mutation kinds, each a function of the file's bytes.
    package enum Kind: String, CaseIterable, Sendable {
        case truncate, wrongType, oddUnicode, escapedUnicode, hugeNumber, duplicateLine, alias, aliasBomb
        case deepFlow, deepBlock, tab, punctuation, byteFlip, lineEndings
    }

    /// Kinds whose every case is invalid, whatever the base file and the position drawn.
    package static let alwaysInvalid: [Kind] = [.aliasBomb, .deepFlow, .deepBlock]

    /// `count` cases drawn with `seed` from `bases` (file name and text), one to three mutations each.
    package static func cases(
        bases: [(name: String, text: String)],
        count: Int,
        seed: UInt64,
        kinds: [Kind] = Kind.allCases
    ) -> [JobFileCase] {
        var random = SeededRandom(seed: seed)
        var result: [JobFileCase] = []
        result.reserveCapacity(count)
        for _ in 0..<count {
            let base = bases[Int(random.next() % UInt64(bases.count))]
            var bytes = Array(base.text.utf8)
            var labels: [String] = []
            let rounds = 1 + Int(random.next() % 3)
            for round in 0..<rounds {
                // Only the first mutation may be one that guarantees failure, so later ones cannot undo it.
                let pool = round == 0 ? kinds : Kind.allCases.filter { !alwaysInvalid.contains($0) && $0 != .truncate }
                let kind = pool[Int(random.next() % UInt64(pool.count))]
                labels.append(apply(kind, to: &bytes, random: &random))
                if kinds == alwaysInvalid { break }
            }
            result.append(JobFileCase(base: base.name, label: labels.joined(separator: "+"), bytes: Data(bytes)))
        }
        return result
    }

    // MARK: - Mutations

    private static func apply(_ kind: Kind, to bytes: inout [UInt8], random: inout SeededRandom) -> String {
        switch kind {
        case .truncate:
            let cut = bytes.isEmpty ? 0 : Int(random.next() % UInt64(bytes.count))
            bytes = Array(bytes.prefix(cut))
            return "truncate@\(cut)"
        case .wrongType:
            let value = pick(wrongValues, &random)
            return replaceValue(in: &bytes, with: Array(value.utf8), random: &random, label: "wrong-type(\(value))")
        case .oddUnicode:
            let insert = pick(oddSequences, &random)
            let at = position(in: bytes, &random)
            bytes.insert(contentsOf: insert, at: at)
            return "odd-unicode(\(insert.map { String(format: "%02X", $0) }.joined()))@\(at)"
        case .escapedUnicode:
            let value = pick(escapedValues, &random)
            return replaceValue(in: &bytes, with: Array(value.utf8), random: &random, label: "escaped(\(value))")
        case .hugeNumber:
            let value = pick(hugeNumbers, &random)
            return replaceValue(in: &bytes, with: Array(value.utf8), random: &random, label: "huge-number")
        case .duplicateLine:
            var lines = split(bytes)
            guard !lines.isEmpty else { return "duplicate-line(none)" }
            let index = Int(random.next() % UInt64(lines.count))
            lines.insert(lines[index], at: index + 1)
            bytes = join(lines)
            return "duplicate-line@\(index + 1)"
        case .alias:
            let template = pick(aliasTemplates, &random)
            bytes += Array(("\n" + template + "\n").utf8)
            return "alias(\(template.prefix(24)))"
        case .aliasBomb:
            return aliasBomb(&bytes, &random)
        case .deepFlow, .deepBlock, .tab:
            return structural(kind, to: &bytes, random: &random)
        case .punctuation:
            let character = pick(Array(":{}[],&*!|>'\"%@`#?-".utf8), &random)
            let at = position(in: bytes, &random)
            bytes.insert(character, at: at)
            return "punctuation(\(Character(Unicode.Scalar(character))))@\(at)"
        case .byteFlip:
            guard !bytes.isEmpty else { return "flip(none)" }
            let at = Int(random.next() % UInt64(bytes.count))
            bytes[at] ^= UInt8(1 << (random.next() % 8))
            return "flip@\(at)"
        case .lineEndings:
            let ending = pick([[0x0D, 0x0A], [0x0D], Array("\u{85}".utf8), Array("\u{2028}".utf8)], &random)
            bytes = join(split(bytes), separator: ending)
            return "line-endings(\(ending.count))"
        }
    }

    /// Deep nesting (flow or block) and tabs.
    private static func structural(_ kind: Kind, to bytes: inout [UInt8], random: inout SeededRandom) -> String {
        switch kind {
        case .deepFlow:
            let depth = pick([65, 200, 1_000, 5_000, 100_000], &random)
            let open = pick(["[", "{a: ", "[{b: "], &random)
            let close = open == "[" ? "]" : (open == "{a: " ? "}" : "}]")
            let value = String(repeating: open, count: depth) + "1" + String(repeating: close, count: depth)
            bytes = Array("description: \(value)\n".utf8) + bytes
            return "deep-flow(\(depth))"
        case .deepBlock:
            let depth = pick([65, 100, 300], &random)
            var text = "description:\n"
            for level in 1...depth { text += String(repeating: " ", count: level) + "k:\n" }
            text += String(repeating: " ", count: depth + 1) + "v\n"
            bytes = Array(text.utf8) + bytes
            return "deep-block(\(depth))"
        case .tab:
            var lines = split(bytes)
            guard !lines.isEmpty else { return "tab(none)" }
            let index = Int(random.next() % UInt64(lines.count))
            let spaces = lines[index].prefix { $0 == 0x20 }.count
            if spaces > 0, random.next() % 2 == 0 {
                lines[index] = [0x09] + lines[index].dropFirst(spaces)
            } else {
                let at = lines[index].isEmpty ? 0 : Int(random.next() % UInt64(lines[index].count + 1))
                lines[index].insert(0x09, at: at)
            }
            bytes = join(lines)
            return "tab@\(index + 1)"
        default:
            return "none"
        }
    }

    private static func aliasBomb(_ bytes: inout [UInt8], _ random: inout SeededRandom) -> String {
        let width = pick([4, 10], &random)
        let levels = pick([8, 9, 12], &random)
        var definitions = ["&l0 [" + Array(repeating: "\"lol\"", count: width).joined(separator: ", ") + "]"]
        for level in 1...levels {
            definitions.append("&l\(level) [" + Array(repeating: "*l\(level - 1)", count: width).joined(separator: ", ") + "]")
        }
        let use = pick(["key", "value", "ids"], &random)
        var text = "description: [" + definitions.joined(separator: ", ") + "]\n"
        switch use {
        case "key": text += "? *l\(levels)\n: 1\n"
        case "value": text += "redact: *l\(levels)\n"
        default: text += "extra: {conversationIds: *l\(levels)}\n"
        }
        bytes = Array(text.utf8) + bytes
        return "alias-bomb(\(width)^\(levels),\(use))"
    }

    /// Replaces the value after a randomly chosen `key: ` with `value`.
    private static func replaceValue(
        in bytes: inout [UInt8],
        with value: [UInt8],
        random: inout SeededRandom,
        label: String
    ) -> String {
        var starts: [Int] = []
        for index in bytes.indices.dropLast() where bytes[index] == 0x3A && bytes[index + 1] == 0x20 {
            starts.append(index + 2)
        }
        guard !starts.isEmpty else { return label + "(no value)" }
        let start = starts[Int(random.next() % UInt64(starts.count))]
        let terminators: Set<UInt8> = [0x0A, 0x2C, 0x7D, 0x23]
        let end = bytes[start...].firstIndex { terminators.contains($0) } ?? bytes.count
        bytes.replaceSubrange(start..<end, with: value)
        return label + "@\(start)"
    }

    private static func position(in bytes: [UInt8], _ random: inout SeededRandom) -> Int {
        Int(random.next() % UInt64(bytes.count + 1))
    }

    private static func pick<T>(_ values: [T], _ random: inout SeededRandom) -> T {
        values[Int(random.next() % UInt64(values.count))]
    }

    private static func split(_ bytes: [UInt8]) -> [[UInt8]] {
        bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
    }

    private static func join(_ lines: [[UInt8]], separator: [UInt8] = [0x0A]) -> [UInt8] {
        Array(lines.joined(separator: separator))
    }

    // MARK: - Material

    private static let wrongValues = [
        "[1, 2]", "{a: 1}", "true", "false", "null", "~", "12.5", "-7", "0", "\"str\"", "0x1F", "0o17", ".inf",
        "-.nan", "2026-11-01", "!!binary aGVsbG8=", "!custom x", "!!int \"abc\"", "!!float x", "!!bool maybe",
        "!!str", "''", "\"\"", "|\n  block\n", ">-\n  folded\n", "&a 5", "*undefined", "[]", "{}", "- 1",
    ]

    private static let oddSequences: [[UInt8]] = [
        [0x00], Array("\u{0}".utf8), Array("\u{202E}".utf8), Array("\u{200F}".utf8), Array("\u{FEFF}".utf8),
        Array("e\u{301}\u{301}\u{301}".utf8), Array("\u{200D}".utf8), Array("\u{1F600}".utf8), Array("\u{FFFE}".utf8),
        Array("\u{FFFF}".utf8), Array("\u{85}".utf8), Array("\u{2028}".utf8), [0x07], [0x7F], [0x1B], [0xFF], [0x80],
        [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82], Array("\u{10FFFF}".utf8),
    ]

    private static let escapedValues = [
        "\"\\0\"", "\"a\\0b\"", "\"\\uD800\"", "\"\\uDFFF\"", "\"\\uD83D\\uDE00\"", "\"\\U0010FFFF\"",
        "\"\\U00110000\"", "\"\\x00\"", "\"\\e\\N\\_\\L\\P\"", "\"\\u202Enightly\"", "\"e\\u0301\\u0301\"",
        "\"\\uFEFF\"", "\"\\q\"", "\"\\u12\"", "'it''s'", "\"\u{202E}rtl\"", "\"\u{FEFF}bom\"",
    ]

    private static let hugeNumbers = [
        String(repeating: "9", count: 19), String(repeating: "9", count: 400), "-9223372036854775809",
        "9223372036854775808", "1e400", "-1e-400", "0x" + String(repeating: "F", count: 40), "1_000_000", "+1",
        "0b1010", "1:30", "00000000000000000000000000004", "4.0", "4e0",
    ]

    private static let aliasTemplates = [
        "description: &d text\nextra: *d", "description: *missing", "description: &a [*a]",
        "fetch: {<<: {concurrency: 2}}", "description: &m {a: 1}\nredact: *m", "&k name: x",
        "description: [&s [1, 2], *s, *s]", "? [a, b]\n: c", "? {a: b}\n: c", "*x : y",
        "description: " + "&n" + String(repeating: "x", count: 300) + " 1",
    ]
}
