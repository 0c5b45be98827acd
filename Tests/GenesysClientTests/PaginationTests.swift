import Foundation
import GenesysClient
import GenesysModels
import TestSupport
import Testing

struct PaginationTests {
    private static func listing(page: Int, pageCount: Int?, entities: Int, nextUri: Bool = true) -> String {
        let items = (0..<entities).map { #"{"id":"item-\#(page)-\#($0)"}"# }.joined(separator: ",")
        var fields = [#""entities":[\#(items)]"#, #""pageSize":\#(entities)"#, #""pageNumber":\#(page)"#]
        if let pageCount { fields.append(#""pageCount":\#(pageCount)"#) }
        if nextUri { fields.append(#""nextUri":"/api/v2/conversations/messages/cachedmedia?pageNumber=\#(page + 1)""#) }
        return "{\(fields.joined(separator: ","))}"
    }

    @Test(.timeLimit(.minutes(5)))
    func pagesUntilPageCount() async throws {
        try await withClient { request in
            if request.path == "/oauth/token" { return .token(Secrets.firstToken) }
            let page = Int(request.queryItems["pageNumber"] ?? "") ?? 0
            return .json(Self.listing(page: page, pageCount: 3, entities: 2, nextUri: page < 3))
        } body: { client, server in
            var ids: [String] = []
            for try await page in client.cachedMediaPages(pageSize: 2) {
                ids += (page.value.entities ?? []).compactMap(\.id)
            }
            #expect(ids.count == 6)
            #expect(ids.last == "item-3-1")
            let pages = server.requests(to: "/api/v2/conversations/messages/cachedmedia").map {
                $0.queryItems["pageNumber"]
            }
            #expect(pages == ["1", "2", "3"])
            #expect(server.requests.last?.queryItems["pageSize"] == "2")
        }
    }

    @Test(.timeLimit(.minutes(5)))
    func stopsWithoutNextUriWhenPageCountIsAbsent() async throws {
        try await withClient { request in
            if request.path == "/oauth/token" { return .token(Secrets.firstToken) }
            let page = Int(request.queryItems["pageNumber"] ?? "") ?? 0
            return .json(Self.listing(page: page, pageCount: nil, entities: 1, nextUri: page < 4))
        } body: { client, server in
            var count = 0
            for try await _ in client.communicationMediaPages(
                conversationID: "c1",
                communicationID: "m1",
                status: .valid
            ) {
                count += 1
            }
            #expect(count == 4)
            let first = try #require(server.requests.first { $0.path.hasSuffix("/messages/media") })
            #expect(first.path == "/api/v2/conversations/messages/c1/communications/m1/messages/media")
            #expect(first.queryItems["status"] == "valid")
        }
    }

    @Test(.timeLimit(.minutes(5)))
    func stopsAtAnEmptyPage() async throws {
        try await withClient { request in
            if request.path == "/oauth/token" { return .token(Secrets.firstToken) }
            let page = Int(request.queryItems["pageNumber"] ?? "") ?? 0
            // The server claims 10 pages but runs dry after 2.
            return .json(Self.listing(page: page, pageCount: 10, entities: page <= 2 ? 3 : 0))
        } body: { client, server in
            var pages = 0
            for try await _ in client.cachedMediaPages(pageSize: 3) { pages += 1 }
            #expect(pages == 3)
            #expect(server.requests(to: "/api/v2/conversations/messages/cachedmedia").count == 3)
        }
    }

    @Test(.timeLimit(.minutes(5)))
    func analyticsQueryPagesUntilTotalHits() async throws {
        try await withClient { request in
            if request.path == "/oauth/token" { return .token(Secrets.firstToken) }
            guard let query = try? JSONDecoder.genesys().decode(ConversationQuery.self, from: request.body),
                let page = query.paging?.pageNumber, let size = query.paging?.pageSize
            else { return .error(status: 400, code: "bad.request", message: "no paging") }
            // 25 hits at 10 a page: 10, 10, 5.
            let count = min(size, max(0, 25 - (page - 1) * size))
            let conversations = (0..<count).map { #"{"conversationId":"c\#((page - 1) * size + $0)"}"# }
            return .json(#"{"conversations":[\#(conversations.joined(separator: ","))],"totalHits":25}"#)
        } body: { client, server in
            let query = ConversationQuery(interval: "2026-11-01T00:00:00.000Z/2026-11-02T00:00:00.000Z")
            var ids: [String] = []
            for try await page in client.conversationDetailsPages(query: query, pageSize: 10) {
                ids += (page.value.conversations ?? []).compactMap(\.conversationID)
            }
            #expect(ids.count == 25)
            #expect(Set(ids).count == 25)
            #expect(server.requests(to: "/api/v2/analytics/conversations/details/query").count == 3)
        }
    }

    @Test func analyticsStopRules() {
        typealias Pages = ConversationDetailsPageSequence<Int>
        #expect(Pages.hasPage(after: 1, pageSize: 10, conversations: 10, totalHits: 100))
        #expect(!Pages.hasPage(after: 10, pageSize: 10, conversations: 10, totalHits: 100))
        #expect(!Pages.hasPage(after: 1, pageSize: 10, conversations: 9, totalHits: 100))
        #expect(!Pages.hasPage(after: 1, pageSize: 10, conversations: 0, totalHits: nil))
        #expect(Pages.hasPage(after: 3, pageSize: 10, conversations: 10, totalHits: nil))
    }

    @Test(.timeLimit(.minutes(5)))
    func asyncJobResultsFollowTheCursor() async throws {
        try await withClient { request in
            if request.path == "/oauth/token" { return .token(Secrets.firstToken) }
            switch request.queryItems["cursor"] {
            case nil: return .json(#"{"conversations":[{"conversationId":"a"}],"cursor":"c+2/x="}"#)
            case "c+2/x=": return .json(#"{"conversations":[{"conversationId":"b"}],"cursor":"c3"}"#)
            case "c3": return .json(#"{"conversations":[{"conversationId":"c"}]}"#)
            default: return .error(status: 400, code: "bad.cursor", message: "unknown cursor")
            }
        } body: { client, server in
            var ids: [String] = []
            for try await page in client.conversationDetailsJobResultPages(id: "job 1", pageSize: 50) {
                ids += (page.value.conversations ?? []).compactMap(\.conversationID)
            }
            #expect(ids == ["a", "b", "c"])
            let requests = server.requests(to: "/api/v2/analytics/conversations/details/jobs/job%201/results")
            #expect(requests.count == 3)
            #expect(requests.allSatisfy { $0.queryItems["pageSize"] == "50" })
        }
    }
}
