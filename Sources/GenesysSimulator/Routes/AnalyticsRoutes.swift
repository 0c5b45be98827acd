import Foundation
import GenesysModels
import Hummingbird

/// Analytics conversation-detail routes: sync query (34), async jobs (35–38), availability (39) and
/// lookups by id (40, 41).
extension SimulatorRoutes {
    /// The most results the sync query pages through (`pageNumber × pageSize`).
    static let syncResultCap = 100_000
    /// The longest interval the sync query accepts.
    static let syncIntervalCap: TimeInterval = 31 * 86_400

    func addAnalyticsRoutes(to router: Router<SimulatorRequestContext>) {
        let store = store
        let org = org
        let jobs = "/api/v2/analytics/conversations/details/jobs"

        api(router, .post, "/api/v2/analytics/conversations/details/query") { request, _ in
            let query = try await SimulatorRoutes.decode(ConversationQuery.self, from: request)
            let (start, end) = try SimulatorRoutes.interval(query.interval)
            guard end.timeIntervalSince(start) <= SimulatorRoutes.syncIntervalCap else {
                throw SimulatorError.badRequest(
                    "The interval may not exceed 31 days; use smaller intervals or an async job"
                )
            }
            let pageSize = query.paging?.pageSize ?? 25
            let pageNumber = query.paging?.pageNumber ?? 1
            guard (1...100).contains(pageSize), pageNumber >= 1 else {
                throw SimulatorError.badRequest("paging.pageSize must be 1...100 and paging.pageNumber at least 1")
            }
            guard pageNumber * pageSize <= SimulatorRoutes.syncResultCap else {
                throw SimulatorError.badRequest("Pagination may not exceed 100000 results.")
            }
            let filters = try SimulatorRoutes.filters(query.conversationFilters, query.segmentFilters)
            var matching = await store.allConversations().filter { conversation in
                conversation.start >= start && conversation.start < end
                    && filters.allSatisfy { SimulatorRoutes.matches($0, conversation) }
            }
            SimulatorRoutes.sort(&matching, order: query.order?.rawValue, orderBy: query.orderBy?.rawValue)
            let from = min(matching.count, (pageNumber - 1) * pageSize)
            let to = min(matching.count, from + pageSize)
            var response = AnalyticsConversationQueryResponse()
            response.totalHits = matching.count
            if from < to {
                response.conversations = matching[from..<to].map(org.analyticsConversation)
            }
            return try SimulatorRoutes.json(response)
        }

        api(router, .post, jobs) { request, _ in
            let query = try await SimulatorRoutes.decode(AsyncConversationQuery.self, from: request)
            let (start, end) = try SimulatorRoutes.interval(query.interval)
            let filters = try SimulatorRoutes.filters(query.conversationFilters, query.segmentFilters)
            let available = store.configuration.dataAvailabilityDate ?? store.now()
            let dayStart = Calendar.utc.startOfDay(for: start)
            var matching = await store.allConversations().filter { conversation in
                conversation.start < end && (conversation.end ?? .distantFuture) >= start
                    && conversation.start <= available
                    && (query.startOfDayIntervalMatching != true || conversation.start >= dayStart)
                    && filters.allSatisfy { SimulatorRoutes.matches($0, conversation) }
            }
            SimulatorRoutes.sort(&matching, order: query.order?.rawValue, orderBy: query.orderBy?.rawValue)
            if let limit = query.limit, limit >= 0, limit < matching.count {
                matching = Array(matching.prefix(limit))
            }
            let job = await store.createJob(conversationIDs: matching.map(\.id))
            return try SimulatorRoutes.json(AsyncQueryResponse(jobID: job.id), status: .accepted)
        }

        api(router, .get, jobs + "/availability") { _, _ in
            let available = store.configuration.dataAvailabilityDate ?? store.now()
            return try SimulatorRoutes.json(DataAvailabilityResponse(dataAvailabilityDate: available))
        }

        api(router, .get, jobs + "/{jobId}") { _, context in
            let id = try SimulatorRoutes.parameter("jobId", context)
            guard let job = await store.pollJob(id) else { throw SimulatorError.notFound("Job \(id)") }
            var status = AsyncQueryStatus()
            status.state = .init(rawValue: job.state)
            status.submissionDate = job.submitted
            status.completionDate = job.completed
            status.expirationDate = job.submitted.addingTimeInterval(86_400)
            return try SimulatorRoutes.json(status)
        }

        api(router, .get, jobs + "/{jobId}/results") { request, context in
            let id = try SimulatorRoutes.parameter("jobId", context)
            guard let job = await store.job(id) else { throw SimulatorError.notFound("Job \(id)") }
            guard job.state == "FULFILLED" else {
                throw SimulatorError.badRequest("Job \(id) is \(job.state); results are available once it is FULFILLED")
            }
            let pageSize = try SimulatorRoutes.intQuery("pageSize", request, default: 100, range: 1...1_000)
            var offset = 0
            if let cursor = SimulatorRoutes.query("cursor", request) {
                guard let data = Data(base64Encoded: cursor), let text = String(data: data, encoding: .utf8),
                    text.hasPrefix(id + ":"), let value = Int(text.dropFirst(id.count + 1)), value >= 0
                else { throw SimulatorError.badRequest("Invalid cursor") }
                offset = min(value, job.conversationIDs.count)
            }
            let slice = job.conversationIDs[offset..<min(job.conversationIDs.count, offset + pageSize)]
            var conversations: [AnalyticsConversation] = []
            for conversationID in slice {
                if let conversation = await store.conversation(conversationID) {
                    conversations.append(org.analyticsConversationWithAttributes(conversation))
                }
            }
            var response = AnalyticsConversationAsyncQueryResponse()
            response.conversations = conversations
            let next = offset + slice.count
            if next < job.conversationIDs.count {
                response.cursor = Data("\(id):\(next)".utf8).base64EncodedString()
            }
            response.dataAvailabilityDate = store.configuration.dataAvailabilityDate ?? store.now()
            return try SimulatorRoutes.json(response)
        }

        api(router, .delete, jobs + "/{jobId}") { _, context in
            let id = try SimulatorRoutes.parameter("jobId", context)
            guard await store.deleteJob(id) else { throw SimulatorError.notFound("Job \(id)") }
            return SimulatorRoutes.empty(.noContent)
        }

        api(router, .get, "/api/v2/analytics/conversations/details") { request, _ in
            var ids: [String] = []
            for pair in (request.uri.query ?? "").split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                guard parts.count == 2, parts[0] == "id" else { continue }
                let value = String(parts[1]).removingPercentEncoding ?? String(parts[1])
                ids.append(contentsOf: value.split(separator: ",").map { String($0) })
            }
            guard !ids.isEmpty else { throw SimulatorError.badRequest("At least one id is required") }
            guard ids.count <= 100 else { throw SimulatorError.badRequest("At most 100 ids may be requested") }
            var conversations: [AnalyticsConversationWithoutAttributes] = []
            for id in ids {
                if let conversation = await store.conversation(id) {
                    conversations.append(org.analyticsConversation(conversation))
                }
            }
            return try SimulatorRoutes.json(
                AnalyticsConversationWithoutAttributesMultiGetResponse(conversations: conversations)
            )
        }

        api(router, .get, "/api/v2/analytics/conversations/{conversationId}/details") { _, context in
            let id = try SimulatorRoutes.parameter("conversationId", context)
            guard let conversation = await store.conversation(id) else {
                throw SimulatorError.notFound("Conversation \(id)")
            }
            return try SimulatorRoutes.json(org.analyticsConversation(conversation))
        }
    }

    // MARK: - Query evaluation

    /// Parses `start/end`, answering 400 when it is missing or malformed.
    static func interval(_ text: String?) throws -> (Date, Date) {
        guard let text else { throw SimulatorError.badRequest("interval is required") }
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2, let start = WireDatetime.parse(parts[0]), let end = WireDatetime.parse(parts[1]),
            start < end
        else {
            throw SimulatorError.badRequest("interval must be two ISO-8601 instants start/end with start before end")
        }
        return (start, end)
    }

    /// Conversation and segment filters as untyped JSON for evaluation.
    static func filters<A: Encodable, B: Encodable>(_ conversation: [A]?, _ segment: [B]?) throws -> [JSONValue] {
        try (conversation ?? []).map { try convert($0, to: JSONValue.self) }
            + (segment ?? []).map { try convert($0, to: JSONValue.self) }
    }

    /// Whether `conversation` satisfies one filter (`type` and/or over predicates and clauses).
    ///
    /// Supported dimensions: conversationId, conversationEnd, conversationStart, divisionId,
    /// originatingDirection, mediaType, messageType, purpose, userId, queueId, direction,
    /// participantId, sessionId, wrapUpCode, segmentType. Predicates on other dimensions, metrics
    /// or properties are ignored (they match everything).
    static func matches(_ filter: JSONValue, _ conversation: SimConversation) -> Bool {
        var results: [Bool] = []
        if case .array(let predicates)? = filter["predicates"] {
            results += predicates.map { predicate($0, conversation) }
        }
        if case .array(let clauses)? = filter["clauses"] {
            results += clauses.map { matches($0, conversation) }
        }
        if results.isEmpty { return true }
        return filter["type"]?.stringValue?.lowercased() == "or" ? results.contains(true) : !results.contains(false)
    }

    private static func predicate(_ predicate: JSONValue, _ conversation: SimConversation) -> Bool {
        guard let dimension = predicate["dimension"]?.stringValue, let values = values(dimension, conversation) else {
            return true
        }
        switch predicate["operator"]?.stringValue?.lowercased() ?? "matches" {
        case "exists": return !values.isEmpty
        case "notexists": return values.isEmpty
        default:
            guard let target = predicate["value"]?.stringValue?.lowercased() else { return true }
            return values.contains { $0.lowercased() == target }
        }
    }

    private static func values(_ dimension: String, _ conversation: SimConversation) -> [String]? {
        let participants = conversation.participants
        switch dimension {
        case "conversationId": return [conversation.id]
        case "conversationEnd": return conversation.end.map { [GenesysDate.format($0)] } ?? []
        case "conversationStart": return [GenesysDate.format(conversation.start)]
        case "divisionId": return [conversation.divisionID]
        case "originatingDirection": return [conversation.originatingDirection]
        case "mediaType": return ["message"]
        case "messageType": return [conversation.messengerType]
        case "purpose": return participants.map(\.purpose)
        case "userId": return participants.compactMap(\.userID)
        case "queueId": return participants.compactMap(\.queueID)
        case "direction": return [conversation.originatingDirection]
        case "participantId": return participants.map(\.id)
        case "sessionId": return participants.map(\.communicationID)
        case "wrapUpCode": return participants.compactMap { $0.analyticsWrapup?.code }
        case "segmentType":
            return participants.contains { $0.analyticsWrapup != nil } ? ["interact", "wrapup"] : ["interact"]
        default: return nil
        }
    }

    /// Sorts by `orderBy` (conversationStart by default), ascending unless `order` is `desc`.
    static func sort(_ conversations: inout [SimConversation], order: String?, orderBy: String?) {
        let byEnd = orderBy == "conversationEnd" || orderBy == "segmentEnd"
        func key(_ conversation: SimConversation) -> Date {
            byEnd ? (conversation.end ?? .distantFuture) : conversation.start
        }
        if order?.lowercased() == "desc" {
            conversations.sort { (key($0), $0.id) > (key($1), $1.id) }
        } else {
            conversations.sort { (key($0), $0.id) < (key($1), $1.id) }
        }
    }
}

extension Calendar {
    /// A Gregorian calendar in UTC.
    static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        return calendar
    }()
}
