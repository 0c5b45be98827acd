import Foundation
import GenesysModels
import Testing

@testable import ExportPipeline

/// `run --dry-run`: the windows a run would list and what it would cost, without fetching a conversation.
struct ExportPlanTests {
    @Test func anIdListCostsTwoRequestsAConversationPlusTheMultiGetPages() async throws {
        let folder = try TempFolder()
        defer { folder.cleanup() }
        let ids = (0..<250).map { "conv-\($0)" }
        let job = makeJob(folder.url, source: .conversationIDs(ids))
        let plan = try await ExportPlan.make(job: job, source: nil)
        #expect(plan.conversations == 250)
        // 250 × (12 + 18), 3 multi-get pages of 100, 1 cached-media listing, 1 token.
        #expect(plan.estimatedRequests == 505)
        #expect(plan.windows.isEmpty)
    }

    @Test func anIntervalIsCountedPerWindowFromAnalytics() async throws {
        let folder = try TempFolder()
        defer { folder.cleanup() }
        let org = FakeSource.org(count: 60, messages: 2)
        let start = GenesysDate.parse("2026-11-01T00:00:00.000Z")!
        let end = GenesysDate.parse("2026-12-15T00:00:00.000Z")!
        var fetch = JobSpec.Fetch()
        fetch.pageSize = 25
        fetch.cachedMedia = false
        fetch.communicationMedia = true
        let job = makeJob(folder.url, source: .interval(start: start, end: end), fetch: fetch)
        let plan = try await ExportPlan.make(job: job, source: FakeSource(org))
        // 44 days: a 31-day window holding all 60 conversations (they start hourly on Nov 1), then 13 empty days.
        #expect(plan.windows.map(\.conversations) == [60, 0])
        #expect(plan.windows.map { GenesysDate.format($0.end) } == ["2026-12-02T00:00:00.000Z", "2026-12-15T00:00:00.000Z"])
        // 60 × (12 + 18 + 21), 3 pages of 25 for the first window and 1 for the empty one, 1 token.
        #expect(plan.estimatedRequests == 60 * 3 + 3 + 1 + 1)
    }
}
