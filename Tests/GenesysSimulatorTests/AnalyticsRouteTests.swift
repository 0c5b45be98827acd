import Foundation
import GenesysModels
import GenesysSimulator
import HTTPTypes
import HummingbirdTesting
import Testing

/// Analytics detail query, async jobs, availability and lookups.
struct AnalyticsRouteTests {
    let harness = RouterHarness(SimulatorConfiguration(conversations: 60))

    static let wholeRange = "2026-10-02T00:00:00.000Z/2026-11-01T00:00:00.000Z"

    static func query(
        interval: String = wholeRange,
        pageSize: Int = 25,
        pageNumber: Int = 1,
        mediaType: String = "message"
    )
        -> JSONValue
    {
        .object([
            "interval": .string(interval),
            "order": .string("asc"),
            "orderBy": .string("conversationStart"),
            "paging": .object(["pageSize": .number(Double(pageSize)), "pageNumber": .number(Double(pageNumber))]),
            "segmentFilters": .array([
                .object([
                    "type": .string("and"),
                    "predicates": .array([
                        .object([
                            "type": .string("dimension"),
                            "dimension": .string("mediaType"),
                            "operator": .string("matches"),
                            "value": .string(mediaType),
                        ])
                    ]),
                ])
            ]),
        ])
    }

    @Test func syncQueryPagesThroughEveryConversationInStartOrder() async throws {
        let expected = harness.store.org.conversations.filter {
            $0.start >= GenesysDate.parse("2026-10-02T00:00:00.000Z") ?? .distantPast
        }.map(\.id)
        try await harness.run { client, token in
            var seen: [String] = []
            var pageNumber = 1
            while true {
                let response = try await client.api(
                    .post,
                    "/api/v2/analytics/conversations/details/query",
                    token: token,
                    json: Self.query(pageNumber: pageNumber)
                )
                #expect(response.status == .ok)
                let page = try response.decode(AnalyticsConversationQueryResponse.self)
                #expect(page.totalHits == expected.count)
                guard let conversations = page.conversations, !conversations.isEmpty else { break }
                seen += conversations.compactMap(\.conversationID)
                let session = conversations.first?.participants?.first?.sessions?.first
                #expect(session?.mediaType?.rawValue == "message")
                pageNumber += 1
            }
            #expect(seen == expected)
            #expect(pageNumber == (expected.count + 24) / 25 + 1)

            let voice = try await client.api(
                .post,
                "/api/v2/analytics/conversations/details/query",
                token: token,
                json: Self.query(mediaType: "voice")
            )
            #expect(try voice.decode(AnalyticsConversationQueryResponse.self).totalHits == 0)
        }
    }

    @Test func syncQueryRejectsLongIntervalsDeepPagingAndMissingIntervals() async throws {
        try await harness.run { client, token in
            let path = "/api/v2/analytics/conversations/details/query"
            let long = try await client.api(
                .post,
                path,
                token: token,
                json: Self.query(interval: "2026-09-01T00:00:00.000Z/2026-10-03T00:00:00.000Z")
            )
            #expect(long.status == .badRequest)
            let deep = try await client.api(
                .post,
                path,
                token: token,
                json: Self.query(pageSize: 100, pageNumber: 1_001)
            )
            #expect(deep.status == .badRequest)
            #expect(try deep.errorBody().message == "Pagination may not exceed 100000 results.")
            let edge = try await client.api(
                .post,
                path,
                token: token,
                json: Self.query(pageSize: 100, pageNumber: 1_000)
            )
            #expect(edge.status == .ok)
            let missing = try await client.api(.post, path, token: token, json: JSONValue.object([:]))
            #expect(missing.status == .badRequest)
        }
    }

    @Test func asyncJobGoesFromQueuedToFulfilledAndPagesByCursor() async throws {
        let total = harness.store.org.conversations.count
        try await harness.run { client, token in
            let jobs = "/api/v2/analytics/conversations/details/jobs"
            let created = try await client.api(
                .post,
                jobs,
                token: token,
                json: JSONValue.object(["interval": .string("2026-09-01T00:00:00.000Z/2026-11-02T00:00:00.000Z")])
            )
            #expect(created.status == .accepted)
            let jobID = try #require(try created.decode(AsyncQueryResponse.self).jobID)
            let early = try await client.api(.get, "\(jobs)/\(jobID)/results", token: token)
            #expect(early.status == .badRequest)
            let queued = try await client.api(.get, "\(jobs)/\(jobID)", token: token)
            #expect(try queued.decode(AsyncQueryStatus.self).state?.rawValue == "QUEUED")
            let fulfilled = try await client.api(.get, "\(jobs)/\(jobID)", token: token)
            #expect(try fulfilled.decode(AsyncQueryStatus.self).state?.rawValue == "FULFILLED")

            var cursor: String?
            var seen: [String] = []
            repeat {
                let query =
                    cursor.map { "&cursor=\($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? $0)" }
                    ?? ""
                let page = try await client.api(.get, "\(jobs)/\(jobID)/results?pageSize=25\(query)", token: token)
                #expect(page.status == .ok)
                let results = try page.decode(AnalyticsConversationAsyncQueryResponse.self)
                #expect(results.dataAvailabilityDate != nil)
                seen += results.conversations?.compactMap(\.conversationID) ?? []
                cursor = results.cursor
            } while cursor != nil
            #expect(seen.count == total)
            #expect(Set(seen).count == total)

            let badCursor = try await client.api(.get, "\(jobs)/\(jobID)/results?cursor=xyz", token: token)
            #expect(badCursor.status == .badRequest)
            let deleted = try await client.api(.delete, "\(jobs)/\(jobID)", token: token)
            #expect(deleted.status == .noContent)
            let gone = try await client.api(.get, "\(jobs)/\(jobID)", token: token)
            #expect(gone.status == .notFound)
            let availability = try await client.api(.get, "\(jobs)/availability", token: token)
            #expect(try availability.decode(DataAvailabilityResponse.self).dataAvailabilityDate != nil)
        }
    }

    @Test func conversationsCanBeLookedUpById() async throws {
        let ids = harness.store.org.conversations.prefix(3).map(\.id)
        try await harness.run { client, token in
            let multi = try await client.api(
                .get,
                "/api/v2/analytics/conversations/details?id=\(ids.joined(separator: ",")),unknown",
                token: token
            )
            #expect(multi.status == .ok)
            let found = try multi.decode(AnalyticsConversationWithoutAttributesMultiGetResponse.self)
            #expect(found.conversations?.compactMap(\.conversationID) == ids)
            let single = try await client.api(.get, "/api/v2/analytics/conversations/\(ids[0])/details", token: token)
            #expect(try single.decode(AnalyticsConversationWithoutAttributes.self).conversationID == ids[0])
            let missing = try await client.api(.get, "/api/v2/analytics/conversations/nope/details", token: token)
            #expect(missing.status == .notFound)
            let none = try await client.api(.get, "/api/v2/analytics/conversations/details", token: token)
            #expect(none.status == .badRequest)
        }
    }
}
