import Foundation
import GenesysModels

/// Every problem found in a job file, reported together; `description` prints one line per problem.
///
/// ```
/// jobs/x.yaml:12:5: fetch.concurrency: must be between 1 and 32 (got 0)
/// ```
package struct JobValidationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// One problem at one place in a job file.
    package struct Problem: Sendable, Equatable, CustomStringConvertible {
        /// The job file's path as it was given (relative paths stay relative).
        package var file: String
        /// 1-based line of the offending node, or `nil` for a problem with the whole file.
        package var line: Int?
        /// 1-based column of the offending node, or `nil` for a problem with the whole file.
        package var column: Int?
        /// Dotted path of the key, like `fetch.concurrency` or `source.conversationIds[3]`; empty for the root.
        package var keyPath: String
        /// What is wrong, written for the person who edits the file.
        package var message: String

        /// Creates a problem; control, formatting and line-separator characters copied from the job file into the
        /// key path or message are escaped (`\n`, `\u{202E}`), so every problem prints as one unambiguous line.
        package init(file: String, line: Int?, column: Int?, keyPath: String, message: String) {
            self.file = file
            self.line = line
            self.column = column
            self.keyPath = Self.printable(keyPath)
            self.message = Self.printable(message)
        }

        /// `text` with every character that could break or reorder a terminal line escaped.
        static func printable(_ text: String) -> String {
            text.replacingScalars { scalar in
                if let escape = lineEscapes[scalar] { return escape }
                switch scalar.properties.generalCategory {
                case .control, .format, .lineSeparator, .paragraphSeparator, .surrogate, .unassigned, .privateUse:
                    return "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
                default:
                    return nil
                }
            }
        }

        private static let lineEscapes: [Unicode.Scalar: String] = ["\n": "\\n", "\t": "\\t", "\r": "\\r"]

        /// `file:line:column: keyPath: message`, leaving out the parts that are unknown.
        package var description: String {
            var location = file
            if let line {
                location += ":\(line)"
                if let column { location += ":\(column)" }
            }
            return keyPath.isEmpty ? "\(location): \(message)" : "\(location): \(keyPath): \(message)"
        }
    }

    /// The problems, in file order: grouped by file (in order of first appearance), then by line and column.
    package var problems: [Problem]

    /// Creates an error from its problems, sorting them into file order.
    package init(problems: [Problem]) {
        var fileRank: [String: Int] = [:]
        for problem in problems where fileRank[problem.file] == nil {
            fileRank[problem.file] = fileRank.count
        }
        self.problems = problems.enumerated()
            .sorted { lhs, rhs in
                let left = (fileRank[lhs.element.file] ?? 0, lhs.element.line ?? 0, lhs.element.column ?? 0, lhs.offset)
                let right = (
                    fileRank[rhs.element.file] ?? 0, rhs.element.line ?? 0, rhs.element.column ?? 0, rhs.offset
                )
                return left < right
            }
            .map(\.element)
    }

    /// One line per problem.
    package var description: String {
        problems.map(\.description).joined(separator: "\n")
    }
}
