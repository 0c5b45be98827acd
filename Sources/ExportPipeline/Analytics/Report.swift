import Foundation

/// A summary of one export database for the `report` command (terminal and HTML).
package struct Report: Sendable, Equatable {
    /// Computes the report from the export's SQLite file.
    package static func load(sqlite: URL) throws -> Report {
        Report()
    }

    /// The report as a plain-text table for the terminal.
    package func renderText() -> String { "" }

    /// The report as one self-contained HTML page with inline SVG charts.
    package func renderHTML() -> String { "" }
}
