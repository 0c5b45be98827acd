import Foundation
import TestSupport
import Testing

extension ScaleOutCLITests {
    /// The demo's NDJSON tree read as it is by software we did not write: every record validated against its JSON
    /// Schema in `schemas/ndjson/` (Python `jsonschema`), and the records per entity and per `dt` counted by DuckDB
    /// (`hive_partitioning`) and by Spark in local mode (`spark.read.json` over each entity folder), against SQLite.
    @Suite struct TreeInteropTests {
        /// The demo's org size here: 300 of its 2,000 default conversations keep the test to about a minute in a debug
        /// build (`INTEROP_DEMO_CONVERSATIONS` overrides it; the full demo was checked by hand, see the README).
        static let conversations = Int(ProcessInfo.processInfo.environment["INTEROP_DEMO_CONVERSATIONS"] ?? "") ?? 300

        /// Runs `genesys-export demo` (embedded simulator, every fetch option but communication media on) once.
        static func demoExport(in folder: URL) async throws -> (ndjson: URL, sqlite: URL) {
            let demo = try await CommandRunner().run(
                ["demo", "--output", folder.path, "--quiet", "--conversations", "\(conversations)"]
            )
            try #require(demo.status == 0, "\(demo.stderr)")
            return (folder.appendingPathComponent("out/demo-ndjson"), folder.appendingPathComponent("out/demo.sqlite"))
        }

        @Test(.timeLimit(.minutes(10))) func demoTreeValidatesAndLoadsIntoDuckDBAndSpark() async throws {
            guard await InteropSupport.require(["jsonschema", "duckdb"], for: "NDJSON schema and DuckDB check") else { return }
            let folder = try makeTemporaryDirectory()
            defer { try? FileManager.default.removeItem(at: folder) }
            let (ndjson, sqlite) = try await Self.demoExport(in: folder)
            let spark = await InteropSupport.require(["pyspark"], for: "Spark check")
            let modes = ["schemas", "duckdb"] + (spark ? ["spark"] : [])
            let found = try await InteropSupport.read(ndjson, modes: modes)
            let expected = try InteropSupport.expectedCounts(sqlite)
            #expect(Set(expected.keys) == Set(found["entities"] as? [String] ?? []))
            // The demo's org needs no wrap-up code list and the demo job lists no communication media; the sharded
            // refusal test validates a communication media tree.
            #expect(Set(expected.keys).isSuperset(of: ["conversations", "participants", "messages", "wrapups", "cached_media"]))

            try Self.expectValid(found, records: expected.mapValues { $0.values.reduce(0, +) })
            let duck = InteropSupport.counts(found["duckdb"])
            #expect(duck == expected)
            var line = "NDJSON interop (demo): " + Self.describe(expected) + "; DuckDB equal: \(duck == expected)"
            if spark {
                let sparkCounts = InteropSupport.counts(found["spark"])
                #expect(sparkCounts == expected)
                line += "; Spark equal: \(sparkCounts == expected)"
            }
            print(line)
        }

        /// Every record of every entity valid against its JSON Schema, and every top-level key in its BigQuery schema.
        static func expectValid(_ found: [String: Any], records: [String: Int]) throws {
            let schemas = try #require(found["schemas"] as? [String: [String: Any]])
            #expect(Set(schemas.keys) == Set(records.keys))
            for (entity, result) in schemas.sorted(by: { $0.key < $1.key }) {
                #expect(result["records"] as? Int == records[entity], "\(entity)")
                #expect(result["errorCount"] as? Int == 0, "\(entity): \(result["errors"] ?? "")")
                #expect((result["bigqueryMissing"] as? [String] ?? ["?"]).isEmpty, "\(entity): \(result["bigqueryMissing"] ?? "")")
            }
        }

        /// `entity records/partitions, …`.
        static func describe(_ counts: [String: [String: Int]]) -> String {
            counts.sorted { $0.key < $1.key }
                .map { "\($0.key) \($0.value.values.reduce(0, +))/\($0.value.count) dt" }
                .joined(separator: ", ")
        }
    }
}
