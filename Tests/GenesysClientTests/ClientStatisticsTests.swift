import GenesysClient
import Testing

struct ClientStatisticsTests {
    @Test func sinceGivesWhatHappenedAfterAnEarlierSnapshot() {
        var earlier = ClientStatistics()
        earlier.requests = 10
        earlier.rateLimited = 1
        earlier.tokenRequests = 1
        earlier.waited = .seconds(3)
        var later = earlier
        later.requests = 25
        later.retries = 4
        later.rateLimited = 3
        later.bytesReceived = 900
        later.waited = .seconds(8)
        var expected = ClientStatistics()
        expected.requests = 15
        expected.retries = 4
        expected.rateLimited = 2
        expected.bytesReceived = 900
        expected.waited = .seconds(5)
        #expect(later.since(earlier) == expected)
    }
}
