import Crypto
import Foundation
import Yams

extension JobSpec {
    /// Reads, decodes and validates the job file at `url`.
    ///
    /// - Throws: ``JobValidationError`` listing every problem found (unreadable file, YAML syntax, unknown or
    ///   missing keys, wrong types, out-of-range values, unreadable id file, …), each with file, line, column
    ///   and key path.
    package static func load(from url: URL) throws -> JobSpec {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw JobValidationError(problems: [
                .init(
                    file: url.relativePath,
                    line: nil,
                    column: nil,
                    keyPath: "",
                    message: "cannot read the job file: \(fileReadReason(url, error: error))"
                )
            ])
        }
        return try load(data: data, fileURL: url)
    }

    /// Decodes and validates the bytes of a job file as if they had been read from `fileURL` (what ``load(from:)``
    /// does once the file is read).
    ///
    /// - Throws: ``JobValidationError`` listing every problem found, each with a line and column.
    package static func load(data: Data, fileURL: URL) throws -> JobSpec {
        let file = fileURL.relativePath
        guard data.count <= maxFileBytes else {
            throw JobValidationError(problems: [
                .init(
                    file: file,
                    line: 1,
                    column: 1,
                    keyPath: "",
                    message: "the job file is \(data.count) bytes; a job file may be at most \(maxFileBytes) bytes"
                )
            ])
        }
        guard let yaml = String(data: data, encoding: .utf8) else {
            let position = TextPosition.firstInvalidUTF8(in: data)
            throw JobValidationError(problems: [
                .init(
                    file: file,
                    line: position.line,
                    column: position.column,
                    keyPath: "",
                    message: "the job file is not UTF-8 text (byte \(position.byte) cannot start or continue a character)"
                )
            ])
        }
        return try decode(yaml: yaml, fileURL: fileURL, sha256: sha256Hex(data))
    }

    /// The largest job file accepted (the shipped ones are under 1 KiB).
    package static let maxFileBytes = 1 << 20

    /// Decodes and validates job YAML as if it had been read from `fileURL` (relative paths resolve against its folder).
    ///
    /// - Throws: ``JobValidationError`` listing every problem found.
    package static func parse(yaml: String, fileURL: URL) throws -> JobSpec {
        try decode(yaml: yaml, fileURL: fileURL, sha256: sha256Hex(Data(yaml.utf8)))
    }

    /// Lowercase hex SHA-256 of `data`.
    package static func sha256Hex(_ data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    // MARK: - Private

    private static func decode(yaml: String, fileURL: URL, sha256: String) throws -> JobSpec {
        let standardized = fileURL.absoluteURL.standardizedFileURL
        var decoder = JobFileDecoder(fileURL: fileURL, standardizedFileURL: standardized)
        // Alias bombs, very deep nesting and duplicate keys are refused before Yams composes (and hashes) the nodes.
        let findings = JobYAMLPreflight.check(yaml)
        if !findings.isEmpty {
            for finding in findings {
                decoder.report(
                    file: decoder.displayPath,
                    line: finding.line,
                    column: finding.column,
                    keyPath: finding.keyPath,
                    finding.message
                )
            }
            throw decoder.error
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch {
            decoder.reportYAMLError(error, in: yaml)
            throw decoder.error
        }
        guard let root else {
            decoder.reportAtStart("the job file is empty; it needs at least name, source and output")
            throw decoder.error
        }
        guard let job = decoder.decodeJob(root, fileURL: standardized, sha256: sha256) else {
            throw decoder.error
        }
        return job
    }

    static func fileReadReason(_ url: URL, error: any Error) -> String {
        var isFolder: ObjCBool = false
        if !FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) {
            return "no such file"
        }
        if isFolder.boolValue { return "it is a folder" }
        if !FileManager.default.isReadableFile(atPath: url.path) { return "permission denied" }
        return (error as NSError).localizedDescription
    }
}

extension JobFileDecoder {
    /// Records a YAML syntax error with its position.
    mutating func reportYAMLError(_ error: any Error, in yaml: String) {
        guard let yamlError = error as? YamlError else {
            reportAtStart("is not valid YAML: \(error)")
            return
        }
        switch yamlError {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
            let .composer(context, problem, mark, _):
            let detail = context.map { "\($0.text), " } ?? ""
            // A key cut short is reported where it starts, and nothing is reported past the end of the file (libyaml
            // places problems at the end of input on the line after it).
            let place = context.flatMap { $0.text == "while scanning a simple key" ? $0.mark : nil } ?? mark
            let end = TextPosition.of(byteOffset: Int.max, in: yaml)
            let clamped = (place.line, place.column) > (end.line, end.column) ? (end.line, end.column) : (place.line, place.column)
            report(file: displayPath, line: clamped.0, column: clamped.1, keyPath: "", "is not valid YAML: \(detail)\(problem)")
        case let .duplicatedKeysInMapping(duplicates, context):
            let names = duplicates.sorted().map { "`\($0)`" }.joined(separator: ", ")
            report("", at: context.mark, "a key appears more than once in the same mapping: \(names)")
        case let .reader(problem, offset, value, _):
            let position = TextPosition.of(byteOffset: offset ?? 0, in: yaml)
            let character = value >= 0 ? String(format: " (U+%04X)", value) : ""
            report(
                file: displayPath,
                line: position.line,
                column: position.column,
                keyPath: "",
                "is not valid YAML text: \(problem)\(character)"
            )
        default:
            reportAtStart("is not valid YAML: \(yamlError)")
        }
    }

    /// Records a problem with the whole file, at line 1, column 1.
    mutating func reportAtStart(_ message: String) {
        report(file: displayPath, line: 1, column: 1, keyPath: "", message)
    }

    /// Reads the ids of `conversationIdsFile`: one per line, blank lines and `#` comments ignored, duplicates dropped.
    mutating func decodeIDFile(_ node: Node, at keyPath: String) -> [String]? {
        guard let text = string(node, at: keyPath, expectation: "a path to a file of conversation ids") else {
            return nil
        }
        guard let url = path(node, at: keyPath, isFolder: false) else { return nil }
        let shownPath = displayPath(forReferenced: text)
        let contents: String
        do {
            let data = try Data(contentsOf: url)
            guard let decoded = String(data: data, encoding: .utf8) else {
                report(keyPath, at: node, "\(shownPath) is not UTF-8 text")
                return nil
            }
            // A byte-order mark (written by some Windows editors) is not part of the first id.
            contents = decoded.hasPrefix("\u{FEFF}") ? String(decoded.dropFirst()) : decoded
        } catch {
            report(keyPath, at: node, "cannot read \(shownPath): \(JobSpec.fileReadReason(url, error: error))")
            return nil
        }
        var ids: [String] = []
        var isValid = true
        // "\r\n" is one Character in Swift, so splitting on `isNewline` handles Windows line endings too.
        let lines = contents.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        for (index, rawLine) in lines.enumerated() {
            let uncommented = rawLine.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let id = uncommented.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !id.isEmpty else { continue }
            if let reason = Self.idProblem(id) {
                let column = rawLine.firstIndex { !$0.isWhitespace }.map {
                    rawLine.distance(from: rawLine.startIndex, to: $0) + 1
                }
                report(file: shownPath, line: index + 1, column: column, keyPath: keyPath, reason)
                isValid = false
            } else {
                ids.append(id)
            }
        }
        guard isValid else { return nil }
        guard !ids.isEmpty else {
            report(keyPath, at: node, "\(shownPath) contains no conversation ids (one per line; `#` starts a comment)")
            return nil
        }
        return Self.deduplicated(ids)
    }
}
