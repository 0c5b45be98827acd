import Foundation
import Yams

/// Walks the composed YAML nodes of one job file, collecting every problem instead of stopping at the first.
///
/// Invariant: every accessor that returns `nil` has recorded a problem (or the value was legitimately absent),
/// so a decode that produced no problems produced every required value.
struct JobFileDecoder {
    /// The job file's path for messages, as the user gave it.
    let displayPath: String
    /// The folder relative paths resolve against (absolute, standardized).
    let folder: URL
    /// The folder in the form used for messages about files next to the job file.
    let displayFolder: String
    /// Everything found wrong so far.
    private(set) var problems: [JobValidationError.Problem] = []

    init(fileURL: URL, standardizedFileURL: URL) {
        displayPath = fileURL.relativePath
        folder = standardizedFileURL.deletingLastPathComponent()
        let parent = (fileURL.relativePath as NSString).deletingLastPathComponent
        displayFolder = parent
    }

    // MARK: - Problems

    /// The problems found, as an error: the job file's own problems first, then those in files it refers to.
    var error: JobValidationError {
        let own = problems.filter { $0.file == displayPath }
        return JobValidationError(problems: own + problems.filter { $0.file != displayPath })
    }

    mutating func report(_ keyPath: String, at node: Node?, _ message: String) {
        report(keyPath, at: node?.mark, message)
    }

    mutating func report(_ keyPath: String, at mark: Mark?, _ message: String) {
        problems.append(
            .init(file: displayPath, line: mark?.line, column: mark?.column, keyPath: keyPath, message: message)
        )
    }

    mutating func report(file: String, line: Int?, column: Int?, keyPath: String, _ message: String) {
        problems.append(.init(file: file, line: line, column: column, keyPath: keyPath, message: message))
    }

    // MARK: - Mappings and keys

    /// The entries of a mapping node whose keys are in `allowed`.
    ///
    /// Reports unknown keys (with a hint), keys that would hold secrets, and a `node` that is not a mapping,
    /// in which case it returns `nil`.
    mutating func entries(
        of node: Node,
        at path: String,
        allowed: [String],
        expectation: String
    ) -> [String: (key: Node, value: Node)]? {
        guard case let .mapping(mapping) = node else {
            report(path, at: node, "must be \(expectation) (got \(Self.describe(node)))")
            return nil
        }
        var result: [String: (key: Node, value: Node)] = [:]
        for (key, value) in mapping {
            guard case let .scalar(scalar) = key else {
                report(path, at: key, "keys must be plain names (got \(Self.describe(key)))")
                continue
            }
            let name = scalar.string
            let keyPath = path.isEmpty ? name : "\(path).\(name)"
            if allowed.contains(name) {
                result[name] = (key, value)
            } else if let message = Self.forbiddenKeyMessage(name) {
                report(keyPath, at: key, message)
            } else {
                report(keyPath, at: key, Self.unknownKeyMessage(name, at: path, allowed: allowed))
            }
        }
        return result
    }

    /// Reports `name` as missing from a mapping (at `mark`: the mapping's own key, or the document start).
    mutating func reportMissing(_ name: String, in path: String, at mark: Mark?, _ detail: String = "") {
        let keyPath = path.isEmpty ? name : "\(path).\(name)"
        report(keyPath, at: mark, "missing required key `\(name)`" + (detail.isEmpty ? "" : "; \(detail)"))
    }

    // MARK: - Scalars

    /// A string value; numbers and timestamps are taken as written, booleans, null, lists and mappings are refused.
    mutating func string(_ node: Node, at path: String, expectation: String = "a string") -> String? {
        guard case let .scalar(scalar) = node, node.tagName != .null, node.tagName != .bool else {
            report(path, at: node, "must be \(expectation) (got \(Self.describe(node)))")
            return nil
        }
        return scalar.string
    }

    /// A boolean value (`true`/`false`).
    mutating func bool(_ node: Node, at path: String) -> Bool? {
        guard node.tagName == .bool, let value = node.bool else {
            report(path, at: node, "must be true or false (got \(Self.describe(node)))")
            return nil
        }
        return value
    }

    /// A whole number within `range`.
    mutating func integer(_ node: Node, at path: String, in range: ClosedRange<Int>) -> Int? {
        guard node.tagName == .int, let value = node.int else {
            report(
                path,
                at: node,
                "must be a whole number between \(range.lowerBound) and \(range.upperBound) "
                    + "(got \(Self.describe(node)))"
            )
            return nil
        }
        guard range.contains(value) else {
            report(path, at: node, "must be between \(range.lowerBound) and \(range.upperBound) (got \(value))")
            return nil
        }
        return value
    }

    /// One of the raw values of `Value`, with a "did you mean" hint for near misses.
    mutating func choice<Value: RawRepresentable & CaseIterable>(
        _ node: Node,
        at path: String,
        as type: Value.Type
    ) -> Value? where Value.RawValue == String {
        let names = Value.allCases.map(\.rawValue)
        let list = names.joined(separator: ", ")
        guard case let .scalar(scalar) = node, node.tagName != .null, node.tagName != .bool else {
            report(path, at: node, "must be one of \(list) (got \(Self.describe(node)))")
            return nil
        }
        if let value = Value(rawValue: scalar.string) { return value }
        var message = "must be one of \(list) (got \(Self.describe(node)))"
        if let hint = Self.closest(to: scalar.string, in: names) { message += "; did you mean `\(hint)`?" }
        report(path, at: node, message)
        return nil
    }

    /// A duration such as `"90s"`, `"10m"`, `"6h"`, `"2d"` within `range`.
    mutating func duration(_ node: Node, at path: String, in range: ClosedRange<Duration>) -> Duration? {
        let expectation = "a duration like \"90s\", \"10m\", \"6h\" or \"2d\""
        guard let text = string(node, at: path, expectation: expectation) else { return nil }
        guard let value = JobDuration.parse(text) else {
            report(path, at: node, "must be \(expectation) (got \(Self.describe(node)))")
            return nil
        }
        guard range.contains(value) else {
            report(
                path,
                at: node,
                "must be between \(JobDuration.format(range.lowerBound)) and "
                    + "\(JobDuration.format(range.upperBound)) (got \(text))"
            )
            return nil
        }
        return value
    }

    /// An ISO-8601 datetime with a zone, like `2026-11-01T00:00:00Z`.
    mutating func dateTime(_ text: String, node: Node, at path: String, label: String = "") -> Date? {
        guard let date = JobDateTime.parse(text) else {
            report(
                path,
                at: node,
                "\(label)must be an ISO-8601 datetime with a zone, like "
                    + "\"2026-11-01T00:00:00Z\" or \"2026-11-01T01:00:00+01:00\" (got \"\(text)\")"
            )
            return nil
        }
        return date
    }

    /// A file or folder path from the job file, resolved against the job file's folder.
    mutating func path(_ node: Node, at keyPath: String, isFolder: Bool) -> URL? {
        guard let text = string(node, at: keyPath, expectation: "a path") else { return nil }
        guard !text.trimmingCharacters(in: .whitespaces).isEmpty else {
            report(keyPath, at: node, "must not be empty")
            return nil
        }
        if text.hasPrefix("~") {
            report(keyPath, at: node, "`~` is not expanded; use an absolute path or one relative to the job file")
            return nil
        }
        if text.contains("\0") {
            report(keyPath, at: node, "must not contain NUL characters")
            return nil
        }
        if !isFolder, text.hasSuffix("/") {
            report(keyPath, at: node, "must name a file, not a folder (got \"\(text)\")")
            return nil
        }
        return resolve(text, isFolder: isFolder)
    }

    /// Resolves a path against the job file's folder (absolute paths are kept) and standardizes it.
    func resolve(_ text: String, isFolder: Bool) -> URL {
        let url =
            text.hasPrefix("/")
            ? URL(fileURLWithPath: text, isDirectory: isFolder)
            : folder.appendingPathComponent(text, isDirectory: isFolder)
        return url.standardizedFileURL
    }

    /// The path used in messages about a file the job refers to (relative to where the job file was named).
    func displayPath(forReferenced text: String) -> String {
        if text.hasPrefix("/") || displayFolder.isEmpty { return text }
        return (displayFolder as NSString).appendingPathComponent(text)
    }

    // MARK: - Descriptions and hints

    /// A short description of a node for "(got …)": quoted strings, bare numbers and booleans, kinds otherwise.
    static func describe(_ node: Node) -> String {
        switch node {
        case let .scalar(scalar):
            switch node.tagName {
            case .null: return "null"
            case .str: return "\"\(truncated(scalar.string))\""
            default: return truncated(scalar.string)
            }
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }

    private static func truncated(_ text: String) -> String {
        text.count > 60 ? String(text.prefix(57)) + "..." : text
    }

    /// The message for keys that would hold credentials or pick the org; `nil` for ordinary keys.
    static func forbiddenKeyMessage(_ name: String) -> String? {
        let folded = name.lowercased().filter { $0.isLetter || $0.isNumber }
        let secretWords = [
            "secret", "password", "passwd", "token", "clientid", "apikey", "credential",
            "authorization", "bearer", "privatekey", "hashkey",
        ]
        if folded.hasPrefix("genesyscloud") || secretWords.contains(where: folded.contains) {
            return "secrets are never allowed in a job file; set GENESYSCLOUD_OAUTHCLIENT_ID and "
                + "GENESYSCLOUD_OAUTHCLIENT_SECRET (and GENESYSCLOUD_EXPORT_HASH_KEY for `redact.addresses: hash`) "
                + "in the environment instead"
        }
        let orgWords = ["region", "apiurl", "loginurl", "baseurl", "environment", "orgid", "organization"]
        if orgWords.contains(folded) {
            return "the org is chosen by the environment, not the job file: set GENESYSCLOUD_REGION "
                + "(or GENESYSCLOUD_API_URL and GENESYSCLOUD_LOGIN_URL)"
        }
        return nil
    }

    /// "unknown key" with the closest allowed key, or the key's home section when it belongs elsewhere.
    static func unknownKeyMessage(_ name: String, at path: String, allowed: [String]) -> String {
        if name == "<<" {
            return "merge keys (`<<: *anchor`) are not supported; write the keys out "
                + "(an alias may stand for a whole value, like `fetch: *defaults`)"
        }
        var message = "unknown key `\(name)`"
        if let hint = closest(to: name, in: allowed) {
            return message + "; did you mean `\(hint)`?"
        }
        let elsewhere = JobSpec.acceptedKeyPaths
            .filter {
                $0.split(separator: ".").last.map(String.init) == name
                    && $0 != (path.isEmpty ? name : "\(path).\(name)")
            }
            .sorted()
        if let home = elsewhere.first {
            return message + "; did you mean `\(home)`?"
        }
        message += " (allowed here: \(allowed.joined(separator: ", ")))"
        return message
    }

    /// The candidate closest to `text` by edit distance (case-insensitive), if close enough to be a typo.
    static func closest(to text: String, in candidates: [String]) -> String? {
        let lowered = text.lowercased()
        if lowered.count >= 3, let prefixed = candidates.first(where: { $0.lowercased().hasPrefix(lowered) }) {
            return prefixed
        }
        let scored = candidates.map { ($0, editDistance(lowered, $0.lowercased())) }
        guard let best = scored.min(by: { $0.1 < $1.1 }) else { return nil }
        let limit = max(2, min(text.count, best.0.count) / 3)
        return best.1 <= limit ? best.0 : nil
    }

    /// Levenshtein distance between two strings, by characters.
    static func editDistance(_ lhs: String, _ rhs: String) -> Int {
        let a = Array(lhs), b = Array(rhs)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}

extension Node {
    /// The node's resolved tag name (`Tag.name` itself is internal to Yams).
    var tagName: Tag.Name { Tag.Name(rawValue: tag.description) }
}
