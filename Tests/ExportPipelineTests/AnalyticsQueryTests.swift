import Foundation
import GRDB
import Testing

@testable import ExportPipeline

/// The README's "ten questions an analyst asks", each run against the hand-made export of ``AnalyticsFixture``.
struct AnalyticsQueryTests {
    struct AnalystQuery: Sendable, CustomTestStringConvertible {
        var question: String
        /// Which of the README's SQL blocks (in order) answers it.
        var readmeIndex: Int
        /// Expected rows, every value as text (`NULL` for null).
        var expected: [[String]]
        var testDescription: String { question }
    }

    static let queries: [AnalystQuery] = [
        AnalystQuery(
            question: "How many messages did each channel carry per day?",
            readmeIndex: 0,
            expected: [["2026-11-01", "sms", "5"], ["2026-11-01", "whatsapp", "5"], ["2026-11-02", "sms", "1"]]
        ),
        AnalystQuery(
            question: "How fast do we answer, per channel (average and worst first response)?",
            readmeIndex: 1,
            expected: [["sms", "1", "120.0", "120.0"], ["whatsapp", "1", "60.0", "60.0"]]
        ),
        AnalystQuery(
            question: "Which conversations mention a refund near a cancellation?",
            readmeIndex: 2,
            expected: [["c2", "2026-11-01T14:00:00.000Z", "Please cancel the subscription, a refund is due"]]
        ),
        AnalystQuery(
            question: "Which customers are still waiting for a first reply?",
            readmeIndex: 3,
            expected: [["c3", "sms", "2026-11-02T08:00:00.000Z", "NULL"]]
        ),
        AnalystQuery(
            question: "What are the most common wrap-up codes per channel?",
            readmeIndex: 4,
            expected: [["sms", "Refund", "1"], ["whatsapp", "Cancelled", "1"]]
        ),
        AnalystQuery(
            question: "How did each agent do on a given day?",
            readmeIndex: 5,
            expected: [["Alice", "2", "3", "60.0", "1"], ["Bob", "1", "2", "120.0", "1"]]
        ),
        AnalystQuery(
            question: "At which hours (UTC) do customers write most?",
            readmeIndex: 6,
            expected: [["09", "3"], ["14", "2"], ["08", "1"]]
        ),
        AnalystQuery(
            question: "Which customers contacted us more than once (works on hashed addresses too)?",
            readmeIndex: 7,
            expected: [["+15550000001", "2", "2026-11-01T09:00:00.000Z", "2026-11-02T08:00:00.000Z"]]
        ),
        AnalystQuery(
            question: "Which conversations were handled by more than one agent (transfers)?",
            readmeIndex: 8,
            expected: [["c2", "Alice, Bob", "600"]]
        ),
        AnalystQuery(
            question: "What did the last run reject, and why?",
            readmeIndex: 9,
            expected: [["message", "undecodable: missing id", "1"]]
        ),
    ]

    @Test(arguments: queries)
    func analystQueryAnswersTheQuestion(_ query: AnalystQuery) throws {
        let queue = try AnalyticsFixture.makeDatabase()
        let readme = try Self.readmeQueries()
        try #require(readme.indices.contains(query.readmeIndex))
        #expect(readme[query.readmeIndex].question == query.question)
        let sql = readme[query.readmeIndex].sql
        let rows = try queue.read { db in try Row.fetchAll(db, sql: sql) }
        let values = rows.map { row in Array(row.databaseValues.map(Self.text)) }
        #expect(values == query.expected)
    }

    @Test func theReadmeAsksTenQuestionsAndEachIsTested() throws {
        let readme = try Self.readmeQueries()
        #expect(readme.count == 10)
        #expect(readme.map(\.question) == Self.queries.map(\.question))
    }

    /// The numbered questions of README.md's "Analysing an export" section with their SQL, in order: the README is
    /// what analysts copy from, so the test runs exactly what it says.
    static func readmeQueries() throws -> [(question: String, sql: String)] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        guard let start = readme.range(of: "## Analysing an export") else { return [] }
        let section = readme[start.upperBound...].components(separatedBy: "\n## ").first ?? ""
        var found: [(question: String, sql: String)] = []
        var question: String?
        var sql: [String]?
        for line in section.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if sql != nil {
                if trimmed == "```" {
                    found.append((question ?? "", sql?.joined(separator: "\n") ?? ""))
                    sql = nil
                } else {
                    sql?.append(trimmed)
                }
            } else if trimmed == "```sql" {
                sql = []
            } else if let match = trimmed.firstMatch(of: /^\d+\. \*\*(.+)\*\*$/) {
                question = String(match.1)
            }
        }
        return found
    }

    static func text(_ value: DatabaseValue) -> String {
        switch value.storage {
        case .null: "NULL"
        case .int64(let number): String(number)
        case .double(let number): String(number)
        case .string(let string): string
        case .blob(let data): "<\(data.count) bytes>"
        }
    }
}
