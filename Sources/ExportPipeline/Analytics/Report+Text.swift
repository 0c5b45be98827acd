import Foundation

extension Report {
    /// The report as a plain-text table for the terminal.
    package func renderText() -> String {
        let period = firstDay.map { "\($0) – \(lastDay ?? $0) (UTC)" } ?? "no messages"
        var out = ["genesys-export report: \(source)", "Period: \(period)", "", totalsTable()]
        out += Self.section("Channels", Self.table(channelTable))
        out += Self.section("First response time (first inbound → first outbound)", responseTimeText())
        out += Self.section("Top wrap-up codes", wrapupCodes.isEmpty ? nil : wrapupTable())
        out += Self.section("Busiest hours (UTC, messages)", busiestHoursTable())
        out += Self.section("Rejects", rejects.isEmpty ? nil : Self.table(rejectTable(reasonLength: 70)))
        if !runs.isEmpty { out += Self.section("Recent runs", Self.table(runTable)) }
        return out.joined(separator: "\n") + "\n"
    }

    /// A blank line, the title, and the body or `(none)`.
    private static func section(_ title: String, _ body: String?) -> [String] {
        ["", title, body ?? "  (none)"]
    }

    private func totalsTable() -> String {
        let values = [
            totals.conversations, totals.messages, totals.inbound, totals.outbound, totals.attachments, totals.agents,
            totals.wrappedUp, totals.rejects,
        ]
        return Self.table(
            headers: ["Conversations", "Messages", "Inbound", "Outbound", "Attachments", "Agents", "Wrapped up", "Rejects"],
            rows: [values.map(Self.number)],
            rightAligned: Set(0..<8)
        )
    }

    private func responseTimeText() -> String {
        let times = responseTimes
        let summary =
            "  answered \(Self.number(times.answered)), unanswered \(Self.number(times.unanswered)), "
            + "median \(Self.duration(times.median)), p90 \(Self.duration(times.p90)), mean \(Self.duration(times.mean))"
        let largest = max(1, times.buckets.map(\.count).max() ?? 1)
        let bar = { (count: Int) in String(repeating: "#", count: Int((Double(count) / Double(largest) * 30).rounded(.up))) }
        let buckets = Self.table(
            headers: ["Bucket", "Conversations", ""],
            rows: times.buckets.map { [$0.name, Self.number($0.count), bar($0.count)] },
            rightAligned: [1]
        )
        return summary + "\n" + buckets
    }

    private func wrapupTable() -> String {
        Self.table(
            headers: ["Code", "Conversations", "Share"],
            rows: wrapupCodes.map { [$0.name, Self.number($0.count), Self.percent($0.count, of: totals.wrappedUp)] },
            rightAligned: [1, 2]
        )
    }

    /// The five busiest hours of the day, most messages first; nil without messages.
    private func busiestHoursTable() -> String? {
        let byHour = (0..<24).map { hour in hourly.reduce(0) { $0 + $1[hour] } }
        let busiest = byHour.enumerated().filter { $0.element > 0 }
            .sorted { ($1.element, $0.offset) < ($0.element, $1.offset) }
            .prefix(5)
        guard !busiest.isEmpty else { return nil }
        return Self.table(
            headers: ["Hour", "Messages"],
            rows: busiest.map { [String(format: "%02d:00–%02d:59", $0.offset, $0.offset), Self.number($0.element)] },
            rightAligned: [1]
        )
    }

    // MARK: - Formatting

    /// `table` as text.
    static func table(_ table: ReportTable) -> String {
        self.table(headers: table.headers, rows: table.rows, rightAligned: table.numeric)
    }

    /// A text table with a header rule; cells padded to the widest value of their column.
    static func table(headers: [String], rows: [[String]], rightAligned: Set<Int>) -> String {
        var widths = headers.map(\.count)
        for row in rows {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], cell.count)
            }
        }
        func line(_ cells: [String]) -> String {
            let padded = cells.enumerated().map { index, cell in
                let padding = String(repeating: " ", count: max(0, widths[index] - cell.count))
                return rightAligned.contains(index) ? padding + cell : cell + padding
            }
            return ("  " + padded.joined(separator: "  ")).replacingOccurrences(
                of: "\\s+$",
                with: "",
                options: .regularExpression
            )
        }
        var lines = [line(headers), "  " + widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")]
        lines.append(contentsOf: rows.map(line))
        return lines.joined(separator: "\n")
    }

    /// `12,345`.
    static func number(_ value: Int) -> String {
        let digits = String(abs(value))
        var groups: [String] = []
        var end = digits.endIndex
        while end > digits.startIndex {
            let start = digits.index(end, offsetBy: -3, limitedBy: digits.startIndex) ?? digits.startIndex
            groups.insert(String(digits[start..<end]), at: 0)
            end = start
        }
        return (value < 0 ? "-" : "") + groups.joined(separator: ",")
    }

    /// `42.0%`, or `–` when the total is zero.
    static func percent(_ part: Int, of total: Int) -> String {
        total > 0 ? String(format: "%.1f%%", Double(part) * 100 / Double(total)) : "–"
    }

    /// `45s`, `3m 20s`, `2h 05m`, `1d 03h`; `–` for nil.
    static func duration(_ seconds: Double?) -> String {
        guard let seconds else { return "–" }
        let total = Int(seconds.rounded())
        switch total {
        case ..<60: return "\(total)s"
        case ..<3600: return "\(total / 60)m \(String(format: "%02d", total % 60))s"
        case ..<86_400: return "\(total / 3600)h \(String(format: "%02d", total % 3600 / 60))m"
        default: return "\(total / 86_400)d \(String(format: "%02d", total % 86_400 / 3600))h"
        }
    }

    static func clip(_ text: String, _ length: Int) -> String {
        let flat = text.replacingOccurrences(of: "\n", with: " ")
        return flat.count > length ? String(flat.prefix(length - 1)) + "…" : flat
    }
}
