@testable import ExportPipeline
import Foundation
import Testing

struct JobSpecTests {
    // MARK: - Shipped jobs

    @Test func everyShippedJobLoadsAndValidates() throws {
        let jobs = try FileManager.default.contentsOfDirectory(at: Self.jobsFolder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "yaml" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        let expected: Set = ["active.yaml", "backfill.yaml", "compliance.yaml", "demo.yaml", "nightly.yaml"]
        #expect(expected.isSubset(of: jobs.map(\.lastPathComponent)))
        for url in jobs {
            do {
                let job = try JobSpec.load(from: url)
                #expect(job.output.sqlite.path.hasPrefix(Self.jobsFolder.path + "/out/"), "\(url.lastPathComponent)")
                #expect(job.fileSHA256.count == 64)
            } catch {
                Issue.record("\(url.lastPathComponent) does not validate:\n\(error)")
            }
        }
    }

    @Test func shippedJobsHaveTheDocumentedSources() throws {
        let demo = try JobSpec.load(from: Self.jobsFolder.appendingPathComponent("demo.yaml"))
        #expect(demo.name == "demo")
        #expect(
            demo.source == .interval(start: Self.date("2026-10-02T00:00:00Z"), end: Self.date("2026-11-01T00:00:00Z"))
        )
        #expect(demo.fetch.media == .download)
        #expect(demo.fetch.messageDetails && demo.fetch.wrapups && demo.fetch.cachedMedia)
        #expect(demo.output.sqlite == Self.jobsFolder.appendingPathComponent("out/demo.sqlite").standardizedFileURL)
        #expect(demo.output.ndjson?.path == Self.jobsFolder.appendingPathComponent("out/demo-ndjson").path)

        let nightly = try JobSpec.load(from: Self.jobsFolder.appendingPathComponent("nightly.yaml"))
        #expect(
            nightly.source
                == .since(
                    start: Self.date("2026-11-01T00:00:00Z"),
                    lookback: .seconds(6 * 3600),
                    settleDelay: .seconds(600)
                )
        )

        let compliance = try JobSpec.load(from: Self.jobsFolder.appendingPathComponent("compliance.yaml"))
        #expect(
            compliance.source
                == .conversationIDs([
                    "0f8e9c1a-6b0e-4a53-9c39-5d1b8c7e2a10", "3c2d4e5f-7a8b-4c9d-8e0f-1a2b3c4d5e6f",
                    "9a7b6c5d-4e3f-4a1b-8c2d-3e4f5a6b7c8d",
                ])
        )
        #expect(compliance.redact == JobSpec.Redaction(text: .maskPII, addresses: .hash))
        #expect(compliance.fetch.media == .download)

        let active = try JobSpec.load(from: Self.jobsFolder.appendingPathComponent("active.yaml"))
        #expect(active.source == .active)
        #expect(active.output.ndjson == nil)
        #expect(!active.fetch.wrapups)

        let backfill = try JobSpec.load(from: Self.jobsFolder.appendingPathComponent("backfill.yaml"))
        #expect(backfill.fetch.analytics == .async)
        #expect(backfill.output.gzipLevel == 9)
    }

    // MARK: - Reporting every problem

    @Test func brokenJobReportsEveryProblemAtOnceWithLinesAndKeys() throws {
        let yaml = """
            name: "bad name"
            source:
              since: "yesterday"
            fetch:
              concurrency: 0
              wrapups: maybe
              analytics: asynch
            output:
              gzipLevel: 10
            redact:
              text: mask
            """
        let base = URL(fileURLWithPath: "/nonexistent-genesys-export-tests/", isDirectory: true)
        let fileURL = URL(fileURLWithPath: "jobs/broken.yaml", relativeTo: base)
        let error = try #require(throws: JobValidationError.self) {
            try JobSpec.parse(yaml: yaml, fileURL: fileURL)
        }
        let found = error.problems.map { "\($0.line ?? 0):\($0.column ?? 0) \($0.keyPath)" }
        #expect(
            found == [
                "1:7 name",
                "3:10 source.since",
                "5:16 fetch.concurrency",
                "6:12 fetch.wrapups",
                "7:14 fetch.analytics",
                "8:1 output.sqlite",
                "9:14 output.gzipLevel",
                "11:9 redact.text",
            ]
        )
        let lines = error.description.split(separator: "\n").map(String.init)
        #expect(lines.count == 8)
        #expect(lines.contains("jobs/broken.yaml:5:16: fetch.concurrency: must be between 1 and 32 (got 0)"))
        #expect(lines.contains("jobs/broken.yaml:9:14: output.gzipLevel: must be between 1 and 9 (got 10)"))
        #expect(
            lines.contains {
                $0.hasPrefix("jobs/broken.yaml:7:14: fetch.analytics: must be one of auto, sync, async")
                    && $0.hasSuffix("did you mean `async`?")
            }
        )
        #expect(lines.contains { $0.hasPrefix("jobs/broken.yaml:11:9: redact.text:") && $0.contains("`mask-pii`") })
        #expect(lines.contains { $0.hasPrefix("jobs/broken.yaml:8:1: output.sqlite: missing required key `sqlite`") })
        #expect(lines.contains { $0.contains("source.since: must be an ISO-8601 datetime") })
        #expect(lines.contains { $0.contains("name: may only contain letters, digits") })
    }

    @Test func missingRequiredSectionsAreAllReported() throws {
        let problems = Self.problems(in: "description: nothing else\n")
        #expect(problems.map(\.keyPath) == ["name", "source", "output"])
        #expect(problems.allSatisfy { $0.message.hasPrefix("missing required key") })
    }

    @Test func unknownKeysAreRejectedWithAHint() throws {
        let problems = Self.problems(
            in: """
                name: x
                source: { active: true }
                fetch:
                  concurency: 4
                  mediaa: true
                  frobnicate: 1
                concurrency: 2
                output: { sqlite: x.sqlite }
                """
        )
        let byKey = Dictionary(uniqueKeysWithValues: problems.map { ($0.keyPath, $0) })
        #expect(byKey["fetch.concurency"]?.message == "unknown key `concurency`; did you mean `concurrency`?")
        #expect(byKey["fetch.concurency"]?.line == 4)
        #expect(byKey["fetch.mediaa"]?.message == "unknown key `mediaa`; did you mean `media`?")
        #expect(
            byKey["fetch.frobnicate"]?.message.hasPrefix("unknown key `frobnicate` (allowed here: messageDetails,")
                == true
        )
        #expect(byKey["concurrency"]?.message == "unknown key `concurrency`; did you mean `fetch.concurrency`?")
        #expect(problems.count == 4)
    }

    @Test func secretsAreRejectedWithoutEchoingThem() throws {
        let problems = Self.problems(
            in: """
                name: x
                clientId: my-client-id-value
                source:
                  active: true
                  client_secret: hunter2-super-secret
                output: { sqlite: x.sqlite, password: pa55w0rd }
                region: us-east-1
                """
        )
        #expect(Set(problems.map(\.keyPath)) == ["clientId", "source.client_secret", "output.password", "region"])
        let text = JobValidationError(problems: problems).description
        #expect(!text.contains("hunter2"))
        #expect(!text.contains("pa55w0rd"))
        #expect(!text.contains("my-client-id-value"))
        #expect(problems.filter { $0.message.contains("GENESYSCLOUD_OAUTHCLIENT_SECRET") }.count == 3)
        #expect(problems.first { $0.keyPath == "region" }?.message.contains("GENESYSCLOUD_REGION") == true)
    }

    // MARK: - Source

    @Test func sinceAndIntervalTogetherAreRejected() throws {
        let problems = Self.problems(
            in: """
                name: x
                source:
                  since: "2026-11-01T00:00:00Z"
                  interval: "2026-11-01T00:00:00Z/2026-11-02T00:00:00Z"
                output: { sqlite: x.sqlite }
                """
        )
        #expect(problems.count == 1)
        #expect(problems.first?.keyPath == "source.interval")
        #expect(problems.first?.line == 4)
        #expect(problems.first?.message.hasPrefix("conflicts with `source.since` (line 3)") == true)
    }

    @Test func sourceWithoutAKindIsRejected() throws {
        let problems = Self.problems(in: "name: x\nsource:\n  lookback: 1h\noutput: { sqlite: x.sqlite }\n")
        #expect(problems.map(\.keyPath) == ["source"])
        #expect(
            problems.first?.message
                == "must name exactly one of since, interval, conversationIds, conversationIdsFile, active"
        )
    }

    @Test func intervalEndMustFollowStart() throws {
        let problems = Self.problems(in: Self.job(source: #"interval: "2026-11-02T00:00:00Z/2026-11-01T00:00:00Z""#))
        #expect(problems.map(\.message) == ["end 2026-11-01T00:00:00Z must be after start 2026-11-02T00:00:00Z"])
        let malformed = Self.problems(in: Self.job(source: #"interval: "2026-11-01T00:00:00Z""#))
        #expect(malformed.first?.message.hasPrefix("must be an ISO-8601 interval") == true)
        let badEnd = Self.problems(in: Self.job(source: #"interval: "2026-11-01T00:00:00Z/2026-11-02""#))
        #expect(badEnd.first?.message.hasPrefix("end must be an ISO-8601 datetime with a zone") == true)
    }

    @Test func sinceTakesLookbackAndSettleDelay() throws {
        let job = try Self.parse(
            Self.job(
                source: """
                    since: 2026-11-01T02:00:00+02:00
                      lookback: 1h30m
                      settleDelay: 90s
                    """
            )
        )
        #expect(
            job.source
                == .since(
                    start: Self.date("2026-11-01T00:00:00Z"),
                    lookback: .seconds(5400),
                    settleDelay: .seconds(90)
                )
        )
        let defaults = try Self.parse(Self.job(source: #"since: "2026-11-01T00:00:00Z""#))
        #expect(
            defaults.source
                == .since(
                    start: Self.date("2026-11-01T00:00:00Z"),
                    lookback: .seconds(3600),
                    settleDelay: .seconds(300)
                )
        )
    }

    @Test func lookbackAppliesOnlyToSince() throws {
        let problems = Self.problems(in: Self.job(source: "active: true\n  lookback: 2h"))
        #expect(problems.map(\.keyPath) == ["source.lookback"])
        #expect(problems.first?.message == "applies only to `since` sources (this job uses `active`)")
        let outOfRange = Self.problems(in: Self.job(source: "since: \"2026-11-01T00:00:00Z\"\n  lookback: 31d"))
        #expect(outOfRange.map(\.message) == ["must be between 0s and 30d (got 31d)"])
    }

    @Test func activeMustBeTrue() throws {
        let problems = Self.problems(in: Self.job(source: "active: false"))
        #expect(problems.map(\.keyPath) == ["source.active"])
        #expect(problems.first?.message.hasPrefix("must be true") == true)
    }

    @Test func inlineIdsAreValidatedAndDeduplicated() throws {
        let job = try Self.parse(Self.job(source: "conversationIds: [b-2, a-1, b-2, 12345]"))
        #expect(job.source == .conversationIDs(["b-2", "a-1", "12345"]))

        let problems = Self.problems(
            in: Self.job(source: #"conversationIds: [ok-1, "has space", "", ok-2, "a\u0007"]"#)
        )
        #expect(
            problems.map(\.keyPath) == [
                "source.conversationIds[1]", "source.conversationIds[2]", "source.conversationIds[4]",
            ]
        )
        #expect(problems.first?.message == #"a conversation id must not contain spaces (got "has space")"#)

        let empty = Self.problems(in: Self.job(source: "conversationIds: []"))
        #expect(empty.map(\.message) == ["must list at least one conversation id"])
    }

    @Test func idFileIgnoresCommentsAndBlankLinesAndDeduplicates() throws {
        try Self.withTemporaryDirectory { folder in
            try "# header\n\nid-1\n  id-2  # trailing comment\nid-1\n\n# id-3\nid-4".write(
                to: folder.appendingPathComponent("ids.txt"),
                atomically: true,
                encoding: .utf8
            )
            let jobURL = folder.appendingPathComponent("job.yaml")
            try Self.job(source: "conversationIdsFile: ids.txt").write(to: jobURL, atomically: true, encoding: .utf8)
            let job = try JobSpec.load(from: jobURL)
            #expect(job.source == .conversationIDs(["id-1", "id-2", "id-4"]))
        }
    }

    @Test func idFileWithByteOrderMarkAndCRLFLineEndingsIsRead() throws {
        try Self.withTemporaryDirectory { folder in
            try Data("\u{FEFF}id-1\r\nid-2\r\n".utf8).write(to: folder.appendingPathComponent("ids.txt"))
            let jobURL = folder.appendingPathComponent("job.yaml")
            let yaml =
                "\u{FEFF}"
                + Self.job(source: "conversationIdsFile: ids.txt").replacingOccurrences(of: "\n", with: "\r\n")
            try Data(yaml.utf8).write(to: jobURL)
            let job = try JobSpec.load(from: jobURL)
            #expect(job.source == .conversationIDs(["id-1", "id-2"]))
            #expect(job.fileSHA256 == JobSpec.sha256Hex(Data(yaml.utf8)))
        }
    }

    @Test func idFileProblemsNameTheIdFileLine() throws {
        try Self.withTemporaryDirectory { folder in
            try "id-1\n\n  bad id\nid/2\n".write(
                to: folder.appendingPathComponent("ids.txt"),
                atomically: true,
                encoding: .utf8
            )
            let jobURL = folder.appendingPathComponent("job.yaml")
            let yaml = Self.job(source: "conversationIdsFile: ids.txt", extra: "fetch: { concurrency: 0 }\n")
            try yaml.write(to: jobURL, atomically: true, encoding: .utf8)
            let error = try #require(throws: JobValidationError.self) { try JobSpec.load(from: jobURL) }
            let idFile = folder.appendingPathComponent("ids.txt").path
            #expect(
                error.problems.map { "\($0.file):\($0.line ?? 0):\($0.column ?? 0) \($0.keyPath)" } == [
                    "\(jobURL.path):8:23 fetch.concurrency",
                    "\(idFile):3:3 source.conversationIdsFile",
                    "\(idFile):4:1 source.conversationIdsFile",
                ]
            )
        }
    }

    @Test func unreadableOrEmptyIdFileIsReported() throws {
        try Self.withTemporaryDirectory { folder in
            let jobURL = folder.appendingPathComponent("job.yaml")
            try Self.job(source: "conversationIdsFile: missing.txt").write(
                to: jobURL,
                atomically: true,
                encoding: .utf8
            )
            let missing = try #require(throws: JobValidationError.self) { try JobSpec.load(from: jobURL) }
            #expect(missing.problems.map(\.message) == ["cannot read \(folder.path)/missing.txt: no such file"])
            #expect(missing.problems.first?.line == 4)

            try "# only comments\n\n".write(
                to: folder.appendingPathComponent("empty.txt"),
                atomically: true,
                encoding: .utf8
            )
            try Self.job(source: "conversationIdsFile: empty.txt").write(to: jobURL, atomically: true, encoding: .utf8)
            let empty = try #require(throws: JobValidationError.self) { try JobSpec.load(from: jobURL) }
            #expect(
                empty.problems.first?.message.hasSuffix(
                    "empty.txt contains no conversation ids (one per line; "
                        + "`#` starts a comment)"
                ) == true
            )
        }
    }

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

    // MARK: - Helpers

    private static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    private static let jobsFolder = repositoryRoot.appendingPathComponent("jobs", isDirectory: true)
        .resolvingSymlinksInPath()
    private static let testFileURL = URL(fileURLWithPath: "/nonexistent-genesys-export-tests/jobs/test.yaml")

    private static func loadSchema() throws -> [String: Any] {
        let data = try Data(contentsOf: repositoryRoot.appendingPathComponent("schemas/job.schema.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    private static func job(source: String, extra: String = "") -> String {
        "name: test\ndescription: a test job\nsource:\n  \(source)\noutput:\n  sqlite: out/test.sqlite\n  ndjson: out/ndjson\n\(extra)"
    }

    private static func parse(_ yaml: String) throws -> JobSpec {
        try JobSpec.parse(yaml: yaml, fileURL: testFileURL)
    }

    private static func problems(in yaml: String) -> [JobValidationError.Problem] {
        do {
            let job = try parse(yaml)
            Issue.record("expected problems, but the job loaded: \(job.name)")
            return []
        } catch let error as JobValidationError {
            return error.problems
        } catch {
            Issue.record("unexpected error \(error)")
            return []
        }
    }

    private static func date(_ text: String) -> Date {
        let formatter = ISO8601DateFormatter()
        return formatter.date(from: text) ?? .distantPast
    }

    private static func withTemporaryDirectory(_ body: (URL) throws -> Void) throws {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("JobSpecTests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try body(folder.resolvingSymlinksInPath())
    }
}
