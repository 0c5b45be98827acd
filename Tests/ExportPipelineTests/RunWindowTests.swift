import Foundation
import GenesysModels
import Testing

@testable import ExportPipeline

/// The window rule `run` and `run --dry-run` share, and the 31-day cut of the analytics API.
struct RunWindowTests {
    static let start = GenesysDate.parse("2026-11-01T00:00:00.000Z")!
    static let now = GenesysDate.parse("2026-11-20T12:00:00.000Z")!

    @Test func aFirstSinceRunStartsAtTheJobsStartAndStopsBeforeTheSettleDelay() {
        let window = RunWindow.since(start: Self.start, lookback: .seconds(3600), settleDelay: .seconds(600), watermark: nil, now: Self.now)
        #expect(window.start == Self.start)
        #expect(window.end == GenesysDate.parse("2026-11-20T11:50:00.000Z"))
    }

    @Test func aLaterRunStartsAtTheWatermarkMinusTheLookbackButNeverBeforeTheStart() {
        let mark = GenesysDate.parse("2026-11-19T06:00:00.000Z")!
        let window = RunWindow.since(start: Self.start, lookback: .seconds(7200), settleDelay: .zero, watermark: mark, now: Self.now)
        #expect(window.start == GenesysDate.parse("2026-11-19T04:00:00.000Z"))
        #expect(window.end == Self.now)
        let early = RunWindow.since(start: Self.start, lookback: .seconds(30 * 86_400), settleDelay: .zero, watermark: mark, now: Self.now)
        #expect(early.start == Self.start)
    }

    @Test func theDatalakeAvailabilityCapsTheEndAndAnEmptyWindowStaysEmpty() {
        let available = GenesysDate.parse("2026-11-18T00:00:00.000Z")!
        let window = RunWindow.since(start: Self.start, lookback: .zero, settleDelay: .zero, watermark: nil, now: Self.now, available: available)
        #expect(window.end == available)
        let mark = GenesysDate.parse("2026-11-19T00:00:00.000Z")!
        let empty = RunWindow.since(start: Self.start, lookback: .zero, settleDelay: .zero, watermark: mark, now: Self.now, available: available)
        #expect(empty.start == mark)
        #expect(empty.end == mark)
    }

    @Test func windowsAreCutInto31DayPartsInOrder() {
        let end = GenesysDate.parse("2027-01-15T00:00:00.000Z")!
        let parts = RunWindow.parts(Self.start, end)
        #expect(parts.map { GenesysDate.format($0.start) } == [
            "2026-11-01T00:00:00.000Z", "2026-12-02T00:00:00.000Z", "2027-01-02T00:00:00.000Z",
        ])
        #expect(parts.last?.end == end)
        #expect(RunWindow.parts(end, end).isEmpty)
    }
}
