import ExportPipeline
import Foundation
import Synchronization
import Testing

struct ConversationEnumeratorTests {
    private let start = Date(timeIntervalSince1970: 1_793_491_200)

    @Test func pagesTheSyncQueryUntilTotalHitsAndDeduplicates() async throws {
        let source = FakeSource(FakeSource.org(count: 250, messages: 1))
        let enumerator = ConversationEnumerator(source: source, jobName: "t", pageSize: 100, useAsyncJobs: false, sleep: { _ in })
        let found = try await enumerator.conversations(from: start, to: start.addingTimeInterval(300 * 3600))
        #expect(found.count == 250)
        #expect(Set(found.map(\.id)).count == 250)
        #expect(source.calls("34") == 3)
        #expect(found.allSatisfy { $0.conversationEnd != nil })
    }

    @Test func halvesWindowsThatReachThePagingCap() async throws {
        let source = FakeSource(FakeSource.org(count: 120, messages: 1))
        var enumerator = ConversationEnumerator(source: source, jobName: "t", pageSize: 10, useAsyncJobs: false, sleep: { _ in })
        enumerator.pagingCap = 40
        let found = try await enumerator.conversations(from: start, to: start.addingTimeInterval(120 * 3600))
        #expect(found.count == 120)
        #expect(Set(found.map(\.id)).count == 120)
        #expect(source.calls("34") > 12)  // the split windows' first pages come on top of the 12 data pages
    }

    @Test func splitsIntervalsLongerThan31Days() async throws {
        let org = FakeSource.org(count: 70, messages: 1).enumerated().map { index, conversation in
            var moved = conversation
            moved.start = start.addingTimeInterval(Double(index) * 86_400)  // one a day for 70 days
            return moved
        }
        let source = FakeSource(org)
        let enumerator = ConversationEnumerator(source: source, jobName: "t", pageSize: 100, useAsyncJobs: false, sleep: { _ in })
        let found = try await enumerator.conversations(from: start, to: start.addingTimeInterval(70 * 86_400))
        #expect(found.count == 70)
        #expect(source.calls("34") == 3)  // 31 + 31 + 8 days
    }

    @Test func pollsAsyncJobsWithTheInjectedSleepAndPagesByCursor() async throws {
        let source = FakeSource(FakeSource.org(count: 45, messages: 1))
        let sleeps = Mutex(0)
        let enumerator = ConversationEnumerator(
            source: source,
            jobName: "t",
            pageSize: 20,
            useAsyncJobs: true,
            sleep: { _ in sleeps.withLock { $0 += 1 } }
        )
        let found = try await enumerator.conversations(from: start, to: start.addingTimeInterval(50 * 3600))
        #expect(found.count == 45)
        #expect(source.calls("35") == 1)
        #expect(source.calls("36") == 3)
        #expect(sleeps.withLock { $0 } == 2)
        #expect(source.calls("37") == 3)
        #expect(source.calls("38") == 1)
    }
}
