@testable import ExportPipeline
import Foundation
import Testing

/// Job file paths, value types, durations and the schema.
struct JobSpecValueTests: JobSpecTesting {
    // MARK: - Paths and files

    @Test func relativePathsResolveAgainstTheJobFolder() throws {
        let yaml = """
            name: paths
            source: { active: true }
            output:
              sqlite: out/../db/x.sqlite
              ndjson: ../archive
            """
        let job = try JobSpec.parse(yaml: yaml, fileURL: URL(fileURLWithPath: "/srv/export/jobs/paths.yaml"))
        #expect(job.output.sqlite.path == "/srv/export/jobs/db/x.sqlite")
        #expect(job.output.ndjson?.path == "/srv/export/archive")
        #expect(job.fileURL.path == "/srv/export/jobs/paths.yaml")

        let absolute = try JobSpec.parse(
            yaml: "name: a\nsource: { active: true }\noutput: { sqlite: /var/lib/export/a.sqlite }",
            fileURL: URL(fileURLWithPath: "/srv/export/jobs/a.yaml")
        )
        #expect(absolute.output.sqlite.path == "/var/lib/export/a.sqlite")

        let tilde = Self.problems(in: "name: a\nsource: { active: true }\noutput: { sqlite: ~/a.sqlite }")
        #expect(tilde.first?.message.hasPrefix("`~` is not expanded") == true)
    }

    @Test func fileHashIsTheSHA256OfTheFileBytes() throws {
        #expect(
            JobSpec.sha256Hex(Data("abc".utf8))
                == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        )
        try Self.withTemporaryDirectory { folder in
            let url = folder.appendingPathComponent("job.yaml")
            let yaml = Self.job(source: "active: true")
            try yaml.write(to: url, atomically: true, encoding: .utf8)
            let loaded = try JobSpec.load(from: url)
            #expect(loaded.fileSHA256 == JobSpec.sha256Hex(Data(yaml.utf8)))
            let changed = try JobSpec.parse(yaml: yaml + "\n# edited\n", fileURL: url)
            #expect(changed.fileSHA256 != loaded.fileSHA256)
        }
    }

    @Test func problemsNameTheJobFileAsItWasGiven() throws {
        try Self.withTemporaryDirectory { folder in
            try FileManager.default.createDirectory(
                at: folder.appendingPathComponent("jobs"),
                withIntermediateDirectories: true
            )
            try "name: x\nsource: { active: true }\noutput: { sqlite: x.sqlite, gzipLevel: 0 }\n".write(
                to: folder.appendingPathComponent("jobs/x.yaml"),
                atomically: true,
                encoding: .utf8
            )
            let url = URL(fileURLWithPath: "jobs/x.yaml", relativeTo: folder)
            let error = try #require(throws: JobValidationError.self) { try JobSpec.load(from: url) }
            #expect(error.description == "jobs/x.yaml:3:40: output.gzipLevel: must be between 1 and 9 (got 0)")
        }
    }

    @Test func missingJobFileIsReported() throws {
        let url = URL(fileURLWithPath: "/nonexistent-genesys-export-tests/none.yaml")
        let error = try #require(throws: JobValidationError.self) { try JobSpec.load(from: url) }
        #expect(
            error.description == "/nonexistent-genesys-export-tests/none.yaml: cannot read the job file: no such file"
        )
    }

    @Test func yamlSyntaxErrorsCarryTheirPosition() throws {
        let problems = Self.problems(in: "name: x\nsource: [unclosed\noutput: { sqlite: x.sqlite }\n")
        #expect(problems.count == 1)
        #expect(problems.first?.message.hasPrefix("is not valid YAML") == true)
        #expect(problems.first?.line != nil)

        let duplicate = Self.problems(in: "name: x\nname: y\nsource: { active: true }\noutput: { sqlite: x.sqlite }\n")
        #expect(duplicate.map(\.message) == ["the key `name` appears more than once in this mapping (first on line 1)"])
        #expect(duplicate.first?.line == 2)

        let empty = Self.problems(in: "# nothing here\n")
        #expect(empty.map(\.message) == ["the job file is empty; it needs at least name, source and output"])

        let notMapping = Self.problems(in: "- name\n")
        #expect(notMapping.first?.message.hasPrefix("must be a mapping") == true)
    }

    // MARK: - Values

    @Test func wrongTypesAreReported() throws {
        let problems = Self.problems(
            in: """
                name: x
                source: { active: true }
                fetch:
                  concurrency: "four"
                  wrapups: 1
                  pageSize: 2.5
                  media: [download]
                output: { sqlite: true }
                redact: [keep]
                """
        )
        let messages = Dictionary(uniqueKeysWithValues: problems.map { ($0.keyPath, $0.message) })
        #expect(messages["fetch.concurrency"] == #"must be a whole number between 1 and 32 (got "four")"#)
        #expect(messages["fetch.wrapups"] == "must be true or false (got 1)")
        #expect(messages["fetch.pageSize"] == "must be a whole number between 1 and 100 (got 2.5)")
        #expect(messages["fetch.media"] == "must be true (metadata), false (none) or download (got a list)")
        #expect(messages["output.sqlite"] == "must be a path (got true)")
        #expect(messages["redact"] == "must be a mapping (got a list)")
        #expect(problems.count == 6)
    }

    @Test(arguments: [
        ("fetch", "concurrency", "33", "must be between 1 and 32 (got 33)"),
        ("fetch", "requestsPerMinute", "0", "must be between 1 and 100000 (got 0)"),
        ("fetch", "requestsPerMinute", "100001", "must be between 1 and 100000 (got 100001)"),
        ("fetch", "pageSize", "0", "must be between 1 and 100 (got 0)"),
        ("output", "gzipLevel", "0", "must be between 1 and 9 (got 0)"),
    ])
    func rangesAreEnforced(section: String, key: String, value: String, message: String) throws {
        let output =
            section == "output"
            ? "output: { sqlite: x.sqlite, \(key): \(value) }"
            : "output: { sqlite: x.sqlite }\n\(section): { \(key): \(value) }"
        let problems = Self.problems(in: "name: x\nsource: { active: true }\n\(output)\n")
        #expect(problems.map(\.keyPath) == ["\(section).\(key)"])
        #expect(problems.map(\.message) == [message])
    }

    @Test(arguments: ["nightly", "a.b-c_d", "2026-backfill"])
    func safeNamesAreAccepted(name: String) throws {
        #expect(try Self.parse("name: \(name)\nsource: { active: true }\noutput: { sqlite: x.sqlite }").name == name)
    }

    @Test(arguments: ["../etc", "a/b", "has space", ".hidden", "-flag", "naïve", String(repeating: "n", count: 65)])
    func unsafeNamesAreRejected(name: String) throws {
        let problems = Self.problems(in: "name: \"\(name)\"\nsource: { active: true }\noutput: { sqlite: x.sqlite }")
        #expect(problems.map(\.keyPath) == ["name"])
    }

    @Test func mediaAcceptsBooleansAndDownload() throws {
        func media(_ value: String) throws -> JobSpec.MediaMode {
            try Self.parse(Self.job(source: "active: true", extra: "fetch: { media: \(value) }\n")).fetch.media
        }
        #expect(try media("true") == .metadata)
        #expect(try media("false") == JobSpec.MediaMode.none)
        #expect(try media("download") == .download)
        let typo = Self.problems(in: Self.job(source: "active: true", extra: "fetch: { media: downlaod }\n"))
        #expect(typo.first?.message.hasSuffix("did you mean `download`?") == true)
    }

    @Test func mediaDownloadNeedsAnArchive() throws {
        let problems = Self.problems(
            in: """
                name: x
                source: { active: true }
                fetch: { media: download }
                output: { sqlite: x.sqlite }
                """
        )
        #expect(problems.map(\.keyPath) == ["fetch.media"])
        #expect(problems.first?.line == 3)
    }

    @Test func omittedSectionsTakeTheDocumentedDefaults() throws {
        let job = try Self.parse(
            "name: x\nsource: { active: true }\nfetch:\nredact:\noutput: { sqlite: x.sqlite, ndjson: null }\n"
        )
        #expect(job.fetch == JobSpec.Fetch())
        #expect(job.fetch.concurrency == 4)
        #expect(job.fetch.requestsPerMinute == 300)
        #expect(job.fetch.media == .metadata)
        #expect(job.fetch.analytics == .auto)
        #expect(job.output.ndjson == nil)
        #expect(job.output.gzipLevel == 6)
        #expect(job.redact == JobSpec.Redaction(text: .keep, addresses: .keep))
    }

    // MARK: - Durations and datetimes

    @Test(arguments: [
        ("90s", Int64(90)), ("10m", 600), ("6h", 21_600), ("2d", 172_800), ("1h30m", 5400), ("0s", 0),
        ("1d2h3m4s", 93_784),
    ])
    func durationsParse(text: String, seconds: Int64) {
        #expect(JobDuration.parse(text) == .seconds(seconds))
    }

    @Test(arguments: ["", "10", "m", "1.5h", "-5m", "10 m", "5m1h", "1h1h", "3w", "99999999999999999999d"])
    func malformedDurationsAreRejected(text: String) {
        #expect(JobDuration.parse(text) == nil)
    }

    @Test func durationsFormatWithTheLargestUnits() {
        #expect(JobDuration.format(.seconds(5400)) == "1h30m")
        #expect(JobDuration.format(.seconds(0)) == "0s")
        #expect(JobDuration.format(.seconds(86_400 + 1)) == "1d1s")
    }

    @Test func datetimesNeedAZone() {
        #expect(JobDateTime.parse("2026-11-01T00:00:00Z") == Self.date("2026-11-01T00:00:00Z"))
        #expect(JobDateTime.parse("2026-11-01T01:00:00+01:00") == Self.date("2026-11-01T00:00:00Z"))
        #expect(
            JobDateTime.parse("2026-11-01T00:00:00.500Z")?.timeIntervalSince(Self.date("2026-11-01T00:00:00Z"))
                == 0.5
        )
        #expect(JobDateTime.parse("2026-11-01") == nil)
        #expect(JobDateTime.parse("2026-11-01T00:00:00") == nil)
        #expect(JobDateTime.parse("2026-13-01T00:00:00Z") == nil)
    }

    @Test func sourceSummaryDescribesTheSource() {
        #expect(
            JobSpec.Source.interval(start: Self.date("2026-10-02T00:00:00Z"), end: Self.date("2026-11-01T00:00:00Z"))
                .summary == "interval 2026-10-02T00:00:00Z/2026-11-01T00:00:00Z"
        )
        #expect(
            JobSpec.Source.since(start: Self.date("2026-11-01T00:00:00Z")).summary
                == "since 2026-11-01T00:00:00Z (lookback 1h, settle delay 5m)"
        )
        #expect(JobSpec.Source.conversationIDs(["a", "b"]).summary == "2 conversation ids")
    }

    // MARK: - Schema

    @Test func schemaListsExactlyTheKeysTheValidatorAccepts() throws {
        let schema = try Self.loadSchema()
        #expect(schema["$schema"] as? String == "https://json-schema.org/draft/2020-12/schema")
        var paths = Set<String>()
        var objectsWithoutClosedKeys: [String] = []
        func walk(_ node: [String: Any], prefix: String) {
            guard let properties = node["properties"] as? [String: Any] else { return }
            if node["additionalProperties"] as? Bool != false { objectsWithoutClosedKeys.append(prefix) }
            for (key, value) in properties {
                let path = prefix.isEmpty ? key : "\(prefix).\(key)"
                paths.insert(path)
                guard let child = value as? [String: Any] else { continue }
                if child["description"] as? String == nil { Issue.record("\(path) has no description in the schema") }
                walk(child, prefix: path)
            }
        }
        walk(schema, prefix: "")
        #expect(paths == JobSpec.acceptedKeyPaths)
        #expect(objectsWithoutClosedKeys.isEmpty)
    }

    @Test func schemaDefaultsMatchTheValidatorsDefaults() throws {
        let schema = try Self.loadSchema()
        func property(_ path: String) -> [String: Any]? {
            var node: [String: Any]? = schema
            for key in path.split(separator: ".") {
                node = (node?["properties"] as? [String: Any])?[String(key)] as? [String: Any]
            }
            return node
        }
        let fetch = JobSpec.Fetch()
        #expect(property("fetch.messageDetails")?["default"] as? Bool == fetch.messageDetails)
        #expect(property("fetch.wrapups")?["default"] as? Bool == fetch.wrapups)
        #expect(property("fetch.cachedMedia")?["default"] as? Bool == fetch.cachedMedia)
        #expect(property("fetch.media")?["default"] as? Bool == (fetch.media == .metadata))
        #expect(property("fetch.concurrency")?["default"] as? Int == fetch.concurrency)
        #expect(property("fetch.requestsPerMinute")?["default"] as? Int == fetch.requestsPerMinute)
        #expect(property("fetch.analytics")?["default"] as? String == fetch.analytics.rawValue)
        #expect(property("fetch.pageSize")?["default"] as? Int == fetch.pageSize)
        #expect(property("output.gzipLevel")?["default"] as? Int == 6)
        #expect(property("redact.text")?["default"] as? String == JobSpec.Redaction().text.rawValue)
        #expect(property("redact.addresses")?["default"] as? String == JobSpec.Redaction().addresses.rawValue)
        #expect(property("source.lookback")?["default"] as? String == JobDuration.format(JobSpec.defaultLookback))
        #expect(property("source.settleDelay")?["default"] as? String == JobDuration.format(JobSpec.defaultSettleDelay))
        #expect(property("redact.text")?["enum"] as? [String] == JobSpec.TextPolicy.allCases.map(\.rawValue))
        #expect(property("redact.addresses")?["enum"] as? [String] == JobSpec.AddressPolicy.allCases.map(\.rawValue))
        #expect(property("fetch.analytics")?["enum"] as? [String] == JobSpec.AnalyticsMode.allCases.map(\.rawValue))
        #expect(property("fetch.concurrency")?["maximum"] as? Int == 32)
        #expect(schema["required"] as? [String] == ["name", "source", "output"])
    }

    /// Once the README carries the "Job file reference" section, it must mention every key the validator accepts.
    @Test func readmeJobReferenceMentionsEveryKey() throws {
        let readme = try String(contentsOf: Self.repositoryRoot.appendingPathComponent("README.md"), encoding: .utf8)
        guard let start = readme.range(of: "## Job file reference") else { return }
        let rest = readme[start.upperBound...]
        let section = rest.range(of: "\n## ").map { rest[..<$0.lowerBound] } ?? rest
        let leaves = Set(JobSpec.acceptedKeyPaths.compactMap { $0.split(separator: ".").last.map(String.init) })
        let missing = leaves.filter { !section.contains("`\($0)`") }.sorted()
        #expect(missing.isEmpty, "README's job file reference does not mention \(missing)")
    }
}
