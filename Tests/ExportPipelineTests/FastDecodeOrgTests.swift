import ExportPipeline
import Foundation
import GRDB
import GenesysSimulator
import Testing
import TestSupport

/// The simulator's whole org exported twice, once with the fast field reader and once with typed decoding (the
/// oracle): every row and every NDJSON line is identical, byte for byte.
@Suite(.timeLimit(.minutes(5)))
struct FastDecodeOrgTests {
    @Test func fastAndTypedExportsOfTheSimulatorsOrgAreIdentical() async throws {
        let folder = try TempFolder()
        defer { folder.cleanup() }
        let configuration = SimulatorConfiguration(conversations: 80, rateLimitPerMinute: 0)
        try await withSimulator(configuration) { sim in
            try await withClient(sim) { client in
                var snapshots: [OutputBytes] = []
                for decoding in [FieldDecoding.fast, .typed] {
                    let job = simulatorJob(
                        folder.url.appendingPathComponent("\(decoding)"),
                        name: "sim-\(decoding)",
                        source: orgInterval(configuration)
                    )
                    let summary = try await runner(job, client, decoding: decoding).run()
                    #expect(summary.status == .complete)
                    snapshots.append(try OutputBytes.read(job))
                }
                let (fast, typed) = (snapshots[0], snapshots[1])
                #expect((fast.tables["messages"]?.count ?? 0) > 1000)
                #expect((fast.lines["participants"]?.count ?? 0) > 100)
                for table in typed.tables.keys.sorted() {
                    #expect(fast.tables[table] == typed.tables[table], "table \(table)")
                }
                for entity in typed.lines.keys.sorted() {
                    #expect(fast.lines[entity] == typed.lines[entity], "NDJSON \(entity)")
                }
                #expect(fast.tables.keys.sorted() == typed.tables.keys.sorted())
                #expect(fast.lines.keys.sorted() == typed.lines.keys.sorted())
            }
        }
    }
}

/// Every data row (without the columns that record when or by which run it was written) and every NDJSON line of
/// an export, as bytes, sorted.
private struct OutputBytes {
    var tables: [String: [Data]] = [:]
    var lines: [String: [Data]] = [:]

    static func read(_ job: JobSpec) throws -> OutputBytes {
        var output = OutputBytes()
        try openDatabase(job).read { db in
            for table in TableSnapshot.tables {
                let columns = try Row.fetchAll(db, sql: "PRAGMA table_info(\(table))")
                    .map { $0["name"] as String }
                    .filter { !$0.hasSuffix("_at") && $0 != "run_id" && $0 != "id" || table != "rejects" && $0 == "id" }
                let row = columns.map { "quote(\($0))" }.joined(separator: " || '|' || ")
                output.tables[table] = try Data.fetchAll(db, sql: "SELECT CAST(\(row) AS BLOB) FROM \(table)").sorted {
                    $0.lexicographicallyPrecedes($1)
                }
            }
        }
        let root = try #require(job.output.ndjson)
        for entity in ["conversations", "participants", "messages", "wrapups", "wrapup_codes", "cached_media"] {
            output.lines[entity] = try ndjsonLines(root, entity: entity).map { Data($0.utf8) }.sorted {
                $0.lexicographicallyPrecedes($1)
            }
        }
        return output
    }
}
