import Foundation

/// A table of a report, before it is rendered as text or HTML: headers, rows of cells, and which columns are numbers.
struct ReportTable {
    /// Column headers.
    var headers: [String]
    /// Rows of formatted cells.
    var rows: [[String]]
    /// Columns holding numbers (right-aligned).
    var numeric: Set<Int>
}

extension Report {
    /// Conversations and messages per channel, with each channel's share of all messages.
    var channelTable: ReportTable {
        ReportTable(
            headers: ["Channel", "Conversations", "Inbound", "Outbound", "Share"],
            rows: channels.map {
                [
                    $0.channel, Self.number($0.conversations), Self.number($0.inbound), Self.number($0.outbound),
                    Self.percent($0.inbound + $0.outbound, of: totals.messages),
                ]
            },
            numeric: [1, 2, 3, 4]
        )
    }

    /// Rejects by entity and reason; reasons clipped to `reasonLength` characters when given.
    func rejectTable(reasonLength: Int? = nil) -> ReportTable {
        ReportTable(
            headers: ["Entity", "Count", "Reason"],
            rows: rejects.map { reject in
                [reject.entity, Self.number(reject.count), reasonLength.map { Self.clip(reject.reason, $0) } ?? reject.reason]
            },
            numeric: [1]
        )
    }

    /// The job's recent runs.
    var runTable: ReportTable {
        ReportTable(
            headers: ["Run", "Job", "Status", "Started", "Conversations", "Messages", "Rejects"],
            rows: runs.map {
                [
                    String($0.id), $0.job, $0.status, $0.startedAt, Self.number($0.conversations),
                    Self.number($0.messages), Self.number($0.rejects),
                ]
            },
            numeric: [0, 4, 5, 6]
        )
    }
}
