@testable import ExportPipeline
import Foundation
import Testing

struct JobSpecTests: JobSpecTesting {
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
}
