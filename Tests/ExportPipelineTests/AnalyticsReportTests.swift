import Foundation
import GRDB
import Testing

@testable import ExportPipeline

#if canImport(FoundationXML)
    import FoundationXML
#endif

struct AnalyticsReportTests {
    private func makeReport() throws -> (Report, URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent("export.sqlite")
        _ = try AnalyticsFixture.makeDatabase(at: url)
        return (try Report.load(sqlite: url), folder)
    }

    @Test func reportComputesVolumesChannelsResponseTimesWrapupsHoursAndRejects() throws {
        let (report, folder) = try makeReport()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(report.source == "export.sqlite")
        #expect(report.firstDay == "2026-11-01")
        #expect(report.lastDay == "2026-11-02")
        #expect(report.totals.conversations == 3)
        #expect(report.totals.messages == 11)
        #expect(report.totals.inbound == 6)
        #expect(report.totals.outbound == 5)
        #expect(report.totals.attachments == 1)
        #expect(report.totals.agents == 2)
        #expect(report.totals.wrappedUp == 2)
        #expect(report.totals.rejects == 1)
        #expect(
            report.channels == [
                Report.ChannelVolume(channel: "sms", conversations: 2, inbound: 4, outbound: 2),
                Report.ChannelVolume(channel: "whatsapp", conversations: 1, inbound: 2, outbound: 3),
            ]
        )
        #expect(
            report.daily == [
                Report.DailyVolume(day: "2026-11-01", channel: "sms", messages: 5),
                Report.DailyVolume(day: "2026-11-01", channel: "whatsapp", messages: 5),
                Report.DailyVolume(day: "2026-11-02", channel: "sms", messages: 1),
            ]
        )
        // first responses: c1 120 s, c2 60 s; c3 unanswered
        #expect(report.responseTimes.answered == 2)
        #expect(report.responseTimes.unanswered == 1)
        #expect(report.responseTimes.median == 90)
        #expect(report.responseTimes.p90 == 120)
        #expect(report.responseTimes.buckets.map(\.count) == [0, 2, 0, 0, 0, 0, 0])
        #expect(
            report.wrapupCodes == [
                Report.NamedCount(name: "Cancelled", count: 1), Report.NamedCount(name: "Refund", count: 1),
            ]
        )
        // 2026-11-01 is a Sunday (weekday 6); 09:xx has 5 messages, 14:xx 5; 2026-11-02 Monday 08:xx 1
        #expect(report.hourly[6][9] == 5)
        #expect(report.hourly[6][14] == 5)
        #expect(report.hourly[0][8] == 1)
        #expect(report.hourly.flatMap { $0 }.reduce(0, +) == 11)
        #expect(report.rejects == [Report.RejectCount(entity: "message", reason: "undecodable: missing id", count: 1)])
        #expect(report.runs.first?.status == "complete_with_rejects")
    }

    @Test func reportForAJobReadsItsSQLiteOutput() throws {
        let (report, folder) = try makeReport()
        defer { try? FileManager.default.removeItem(at: folder) }
        let job = JobSpec(
            name: "demo",
            fileURL: folder.appendingPathComponent("demo.yaml"),
            fileSHA256: String(repeating: "0", count: 64),
            source: .conversationIDs(["c1"]),
            output: JobSpec.Output(sqlite: folder.appendingPathComponent("export.sqlite"))
        )
        #expect(try Report.load(job: job) == report)
    }

    @Test func textReportShowsTheSections() throws {
        let (report, folder) = try makeReport()
        defer { try? FileManager.default.removeItem(at: folder) }
        let text = report.renderText()
        for expected in [
            "Period: 2026-11-01 – 2026-11-02 (UTC)", "Channels", "whatsapp", "median 1m 30s", "Top wrap-up codes",
            "Cancelled", "Busiest hours", "09:00–09:59", "undecodable: missing id", "complete_with_rejects",
        ] {
            #expect(text.contains(expected), "missing \(expected)")
        }
    }

    @Test func htmlIsWellFormedSelfContainedAndHasFourCharts() throws {
        let (report, folder) = try makeReport()
        defer { try? FileManager.default.removeItem(at: folder) }
        let html = report.renderHTML()
        try Self.expectWellFormed(html)
        #expect(html.components(separatedBy: "<svg").count - 1 >= 4)
        for chart in [
            "Messages per day by channel", "First response time distribution", "Top wrap-up codes",
            "Messages by weekday and hour (UTC)",
        ] {
            #expect(html.contains("<title>\(chart)</title>"), "missing chart \(chart)")
        }
        #expect(html.range(of: #"(src|href)\s*=\s*["']?\s*(https?:)?//"#, options: .regularExpression) == nil)
        #expect(!html.contains("<script"))
        #expect(!html.contains("<link"))
        #expect(!html.contains("@import"))
        #expect(!html.contains("url("))
    }

    @Test func htmlEscapesTextFromTheDatabase() throws {
        var report = Report(source: "a<b>&\"c\".sqlite")
        report.wrapupCodes = [Report.NamedCount(name: "<script>alert('x')</script>", count: 3)]
        report.rejects = [Report.RejectCount(entity: "message", reason: "bad & <broken> \u{1} json", count: 1)]
        report.channels = [Report.ChannelVolume(channel: "sms&co", conversations: 1, inbound: 1, outbound: 0)]
        report.daily = [Report.DailyVolume(day: "2026-11-01", channel: "sms&co", messages: 1)]
        let html = report.renderHTML()
        try Self.expectWellFormed(html)
        #expect(!html.contains("<script>"))
        #expect(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"))
        #expect(html.contains("bad &amp; &lt;broken&gt;"))
    }

    @Test func emptyExportStillRendersAllCharts() throws {
        let report = Report(source: "empty.sqlite")
        let html = report.renderHTML()
        try Self.expectWellFormed(html)
        #expect(html.components(separatedBy: "<svg").count - 1 == 4)
        #expect(report.renderText().contains("no messages"))
    }

    @Test func loadingAFileThatIsNotAnExportFailsNamingIt() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let missing = folder.appendingPathComponent("nope.sqlite")
        #expect(throws: ReportError.fileNotFound(path: missing.path)) { try Report.load(sqlite: missing) }
        let other = folder.appendingPathComponent("other.sqlite")
        let queue = try DatabaseQueue(path: other.path)
        try queue.write { db in try db.execute(sql: "CREATE TABLE t (x)") }
        do {
            _ = try Report.load(sqlite: other)
            Issue.record("expected an error")
        } catch let error as ReportError {
            #expect(error.description.contains("other.sqlite"))
            #expect(error.description.contains("conversation_summary"))
        }
    }

    @Test func niceScaleCoversTheMaximumWithRoundTicks() {
        #expect(Report.niceScale(0).maximum == 1)
        #expect(Report.niceScale(7).ticks == [0, 2, 4, 6, 8])
        #expect(Report.niceScale(1234).maximum == 1500)
    }

    static func expectWellFormed(_ html: String) throws {
        let parser = XMLParser(data: Data(html.utf8))
        let delegate = ParserDelegate()
        parser.delegate = delegate
        let ok = parser.parse()
        #expect(ok, "not well-formed: \(String(describing: parser.parserError)) at line \(parser.lineNumber)")
        #expect(delegate.rootElement == "html")
    }

    final class ParserDelegate: NSObject, XMLParserDelegate {
        var rootElement: String?
        func parser(
            _ parser: XMLParser,
            didStartElement elementName: String,
            namespaceURI: String?,
            qualifiedName qName: String?,
            attributes attributeDict: [String: String] = [:]
        ) {
            if rootElement == nil { rootElement = elementName }
        }
    }
}

struct AnalyticsChartTests {
    @Test func dailyAxisFillsQuietDays() {
        #expect(
            Report.continuousDays(["2026-10-30", "2026-11-02"]) == [
                "2026-10-30", "2026-10-31", "2026-11-01", "2026-11-02",
            ]
        )
        #expect(Report.continuousDays(["2026-11-01"]) == ["2026-11-01"])
        #expect(Report.continuousDays(["junk", "zzz"]) == ["junk", "zzz"])
    }
}
