import Foundation

/// Finds payment card numbers, e-mail addresses and phone numbers in free text and masks them.
///
/// Rules (documented in the README's redaction section):
/// - e-mail: `local@domain.tld` (local part `A-Z a-z 0-9 . _ % + -`, a dotted domain, a 2+ letter TLD).
/// - card: a run of 13–19 digits, optionally grouped by single spaces or dashes, that passes the Luhn check.
///   A 13–19 digit run that fails Luhn is left untouched (order numbers, tracking ids).
/// - phone: `+` followed by 7–15 digits (E.164), or a national number of 7–12 digits grouped by spaces,
///   dashes, dots or parentheses (`(555) 123-4567`, `020 7946 0958`, `555.123.4567`, `5551234567`).
///   ISO dates (`2026-11-01`) and `dd.mm.yyyy` dates are not phone numbers.
package enum PIIScanner {
    /// Replaces every card, e-mail and phone number in `text`; returns the masked text and the counts.
    package static func mask(_ text: String) -> (String, RedactionCounts) {
        var counts = RedactionCounts()
        let afterEmails = maskEmails(Array(text.unicodeScalars), counts: &counts)
        let masked = maskNumbers(afterEmails, counts: &counts)
        var result = String.UnicodeScalarView()
        result.append(contentsOf: masked)
        return (String(result), counts)
    }

    /// True when the digits (ASCII `0`–`9` only) pass the Luhn checksum.
    package static func isLuhnValid<S: Sequence>(_ digits: S) -> Bool where S.Element == Int {
        var sum = 0
        for (index, digit) in digits.reversed().enumerated() {
            if index % 2 == 1 {
                let doubled = digit * 2
                sum += doubled > 9 ? doubled - 9 : doubled
            } else {
                sum += digit
            }
        }
        return sum % 10 == 0
    }

    // MARK: - E-mail

    private static func isLocalPart(_ s: Unicode.Scalar) -> Bool {
        isASCIILetterOrDigit(s) || s == "." || s == "_" || s == "%" || s == "+" || s == "-"
    }

    private static func isDomainPart(_ s: Unicode.Scalar) -> Bool {
        isASCIILetterOrDigit(s) || s == "." || s == "-"
    }

    private static func isASCIILetterOrDigit(_ s: Unicode.Scalar) -> Bool {
        (s >= "a" && s <= "z") || (s >= "A" && s <= "Z") || (s >= "0" && s <= "9")
    }

    private static func isASCIILetter(_ s: Unicode.Scalar) -> Bool {
        (s >= "a" && s <= "z") || (s >= "A" && s <= "Z")
    }

    private static func maskEmails(_ input: [Unicode.Scalar], counts: inout RedactionCounts) -> [Unicode.Scalar] {
        var output: [Unicode.Scalar] = []
        output.reserveCapacity(input.count)
        var index = 0
        var copiedUpTo = 0
        while index < input.count {
            guard input[index] == "@" else {
                index += 1
                continue
            }
            var start = index
            while start > copiedUpTo, isLocalPart(input[start - 1]) { start -= 1 }
            var end = index + 1
            while end < input.count, isDomainPart(input[end]) { end += 1 }
            // Trim trailing dots/dashes (sentence punctuation) from the domain.
            while end > index + 1, input[end - 1] == "." || input[end - 1] == "-" { end -= 1 }
            let domain = input[(index + 1)..<end]
            let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
            let tld = labels.last ?? []
            let isEmail =
                start < index && labels.count >= 2 && labels.allSatisfy { !$0.isEmpty }
                && tld.count >= 2 && tld.allSatisfy(isASCIILetter)
            if isEmail {
                output.append(contentsOf: input[copiedUpTo..<start])
                output.append(contentsOf: "[email]".unicodeScalars)
                counts.emails += 1
                copiedUpTo = end
                index = end
            } else {
                index += 1
            }
        }
        output.append(contentsOf: input[copiedUpTo...])
        return output
    }

    // MARK: - Cards and phones

    private static func isDigit(_ s: Unicode.Scalar) -> Bool { s >= "0" && s <= "9" }

    private static func isSeparator(_ s: Unicode.Scalar) -> Bool {
        s == " " || s == "-" || s == "." || s == "(" || s == ")"
    }

    private static func maskNumbers(_ input: [Unicode.Scalar], counts: inout RedactionCounts) -> [Unicode.Scalar] {
        var output: [Unicode.Scalar] = []
        output.reserveCapacity(input.count)
        var index = 0
        while index < input.count {
            let scalar = input[index]
            let startsCandidate =
                isDigit(scalar)
                || ((scalar == "+" || scalar == "(") && index + 1 < input.count && isDigit(input[index + 1]))
            let previousIsWord = index > 0 && (isASCIILetterOrDigit(input[index - 1]) || input[index - 1] == "_")
            guard startsCandidate, !previousIsWord else {
                output.append(scalar)
                index += 1
                continue
            }
            // Extend over digits joined by at most two separators in a row.
            var lastDigitEnd = isDigit(scalar) ? index + 1 : index
            var cursor = index + 1
            var separatorRun = 0
            while cursor < input.count {
                let next = input[cursor]
                if isDigit(next) {
                    separatorRun = 0
                    lastDigitEnd = cursor + 1
                } else if isSeparator(next), separatorRun < 2 {
                    separatorRun += 1
                } else {
                    break
                }
                cursor += 1
            }
            let end = lastDigitEnd
            let followedByWord = end < input.count && (isASCIILetter(input[end]) || input[end] == "_")
            if followedByWord {
                // A number glued to letters ("A12345678") is an identifier, not PII.
                output.append(contentsOf: input[index..<end])
                index = end
                continue
            }
            if let length = datePrefixLength(input[index..<end]) {
                // A date (possibly followed by a time or other numbers): keep it, look again after it.
                output.append(contentsOf: input[index..<(index + length)])
                index += length
                continue
            }
            let candidate = Array(input[index..<end])
            output.append(contentsOf: classify(candidate, counts: &counts))
            index = end
        }
        return output
    }

    /// Masks a candidate digit sequence, splitting at spaces when the whole is neither card nor phone.
    private static func classify(_ candidate: [Unicode.Scalar], counts: inout RedactionCounts) -> [Unicode.Scalar] {
        if let kind = kind(of: candidate[...]) {
            count(kind, in: &counts)
            return Array(kind.placeholder.unicodeScalars)
        }
        let digitCount = candidate.filter(isDigit).count
        // A 13–19 digit run that fails Luhn is an identifier: left as it is, not split into "phones".
        if digitCount <= 19 { return candidate }
        // Longer runs are several numbers next to each other: take the longest match from the left.
        var groups: [Range<Int>] = []
        var groupStart = 0
        for (offset, scalar) in candidate.enumerated() where scalar == " " {
            if offset > groupStart { groups.append(groupStart..<offset) }
            groupStart = offset + 1
        }
        if groupStart < candidate.count { groups.append(groupStart..<candidate.count) }
        var output: [Unicode.Scalar] = []
        var first = 0
        var emittedUpTo = 0
        while first < groups.count {
            var matched: (last: Int, kind: PIIKind)?
            var last = groups.count - 1
            while last >= first {
                let slice = candidate[groups[first].lowerBound..<groups[last].upperBound]
                if let kind = kind(of: slice) {
                    matched = (last, kind)
                    break
                }
                last -= 1
            }
            if let matched {
                output.append(contentsOf: candidate[emittedUpTo..<groups[first].lowerBound])
                output.append(contentsOf: matched.kind.placeholder.unicodeScalars)
                count(matched.kind, in: &counts)
                emittedUpTo = groups[matched.last].upperBound
                first = matched.last + 1
            } else {
                first += 1
            }
        }
        output.append(contentsOf: candidate[emittedUpTo...])
        return output
    }

    private enum PIIKind {
        case card, phone
        var placeholder: String { self == .card ? "[card]" : "[phone]" }
    }

    private static func count(_ kind: PIIKind, in counts: inout RedactionCounts) {
        switch kind {
        case .card: counts.cards += 1
        case .phone: counts.phones += 1
        }
    }

    private static func kind(of slice: ArraySlice<Unicode.Scalar>) -> PIIKind? {
        let digits = slice.filter(isDigit).map { Int($0.value) - 48 }
        let separators = slice.filter { !isDigit($0) && $0 != "+" }
        let cardSeparatorsOnly = separators.allSatisfy { $0 == " " || $0 == "-" }
        if (13...19).contains(digits.count), cardSeparatorsOnly, slice.first != "+", isLuhnValid(digits) {
            return .card
        }
        if isDate(slice) { return nil }
        if slice.first == "+" { return (7...15).contains(digits.count) ? .phone : nil }
        return (7...12).contains(digits.count) ? .phone : nil
    }

    /// The length of a leading `yyyy-mm-dd`, `yyyy.mm.dd`, `dd.mm.yyyy` or `dd-mm-yyyy` date, when there is one.
    private static func datePrefixLength(_ slice: ArraySlice<Unicode.Scalar>) -> Int? {
        let shapes = ["dddd-dd-dd", "dddd.dd.dd", "dd.dd.dddd", "dd-dd-dddd"]
        for shape in shapes where slice.count >= shape.count {
            let matches = zip(slice, shape.unicodeScalars).allSatisfy { scalar, pattern in
                pattern == "d" ? isDigit(scalar) : scalar == pattern
            }
            let next = slice.dropFirst(shape.count).first
            if matches, next.map({ !isDigit($0) }) ?? true { return shape.count }
        }
        return nil
    }

    /// `yyyy-mm-dd`, `dd.mm.yyyy`, `dd-mm-yyyy` and `hh.mm.ss`-like groupings are dates, not phones.
    private static func isDate(_ slice: ArraySlice<Unicode.Scalar>) -> Bool {
        let text = String(String.UnicodeScalarView(slice))
        let groups = text.split(whereSeparator: { $0 == "-" || $0 == "." }).map(String.init)
        guard groups.count == 3, groups.allSatisfy({ $0.allSatisfy(\.isNumber) }) else { return false }
        let lengths = groups.map(\.count)
        return lengths == [4, 2, 2] || lengths == [2, 2, 4] || lengths == [1, 2, 4] || lengths == [2, 1, 4]
            || lengths == [1, 1, 4]
    }
}
