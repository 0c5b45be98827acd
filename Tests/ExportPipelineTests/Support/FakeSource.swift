import ExportPipeline
import Foundation
import GenesysClient
import GenesysModels
import Synchronization

/// A scripted in-memory ``ConversationSource`` producing API-shaped JSON, with per-endpoint call counters.
final class FakeSource: ConversationSource, Sendable {
    struct FakeMessage: Sendable {
        var id: String
        var text: String
        var time: Date
        var inbound: Bool
    }

    struct FakeConversation: Sendable {
        var id: String
        var start: Date
        var end: Date?
        var messages: [FakeMessage]
        /// The agent's communication id (analytics `sessionId`); nil: analytics knows no session of the agent.
        var agentCommunicationID: String?
        /// Wrap-up code of the agent (in 12's `participants[].wrapup` and the analytics wrap-up segment), nil for none.
        var wrapupCode: String?
        /// Whether analytics knows the conversation at all.
        var inAnalytics = true
        /// The wrap-up is known only to endpoint 30: 12 carries none and the analytics wrap-up segment has no code.
        var wrapupOnlyFromEndpoint30 = false
        var mediaCount = 0
    }

    struct State: Sendable {
        var conversations: [String: FakeConversation] = [:]
        var calls: [String: Int] = [:]
        var bulkOmits: Set<String> = []
        var malformedConversations: Set<String> = []
        var malformedMessages: Set<String> = []
        /// Conversations whose endpoint 12 keeps failing with 503 after the client's retries.
        var unavailableConversations: Set<String> = []
        /// Conversations whose bulk call (18) is refused with 400.
        var refusedBulk: Set<String> = []
        var cancelAfterConversations: Int?
        var cancelNextAnalyticsQuery = false
        var conversationFetches = 0
        var jobPolls = 0
        var requests = 0
        /// Message id → the bytes of its one attachment (served at `https://media.example/<message id>?sig=secret`).
        var attachments: [String: Data] = [:]
        /// Message id → bytes served instead of the attachment's (the API's sha256 stays that of the real bytes).
        var servedInstead: [String: Data] = [:]
    }

    let state = Mutex(State())
    let codes: [String: String] = ["code-sale": "Sale", "code-support": "Support"]

    init(_ conversations: [FakeConversation]) {
        state.withLock { state in
            for conversation in conversations { state.conversations[conversation.id] = conversation }
        }
    }

    func calls(_ endpoint: String) -> Int { state.withLock { $0.calls[endpoint, default: 0] } }

    private func count(_ endpoint: String) {
        state.withLock {
            $0.calls[endpoint, default: 0] += 1
            $0.requests += 1
        }
    }

    private func lookup(_ id: String) -> FakeConversation? { state.withLock { $0.conversations[id] } }

    // MARK: - JSON

    static func date(_ date: Date) -> String { GenesysDate.format(date) }

    static func attachmentURL(_ messageID: String) -> String { "https://media.example/\(messageID)?sig=secret-signature" }

    static func messageJSON(_ message: FakeMessage, conversationID: String, attachment: Data? = nil) -> [String: Any] {
        var normalized: [String: Any] = ["type": "Text", "text": message.text, "extraField": ["kept": true]]
        if let attachment {
            normalized["content"] = [
                [
                    "contentType": "Attachment",
                    "attachment": [
                        "id": "att-\(message.id)",
                        "mediaType": "Image",
                        "url": attachmentURL(message.id),
                        "mime": "image/png",
                        "sha256": ArchiveFiles.hex(ArchiveFiles.sha256Digest(of: attachment)),
                        "contentSizeBytes": attachment.count,
                    ],
                ]
            ]
        }
        return [
            "id": message.id,
            "conversationId": conversationID,
            "timestamp": date(message.time),
            "direction": message.inbound ? "inbound" : "outbound",
            "messengerType": "sms",
            "fromAddress": message.inbound ? "+15550001" : "+15559999",
            "toAddress": message.inbound ? "+15559999" : "+15550001",
            "status": message.inbound ? "received" : "sent",
            "normalizedMessage": normalized,
            "unknownTopLevel": 42,
        ]
    }

    static func conversationJSON(_ c: FakeConversation) -> [String: Any] {
        let customerMessages = c.messages.filter(\.inbound).map { ["messageId": $0.id, "messageTime": date($0.time)] }
        let agentMessages = c.messages.filter { !$0.inbound }.map { ["messageId": $0.id, "messageTime": date($0.time)] }
        var customer: [String: Any] = [
            "id": "\(c.id)-p-customer", "purpose": "customer", "type": "sms", "startTime": date(c.start),
            "fromAddress": ["addressNormalized": "+15550001"], "messages": customerMessages,
        ]
        var agent: [String: Any] = [
            "id": "\(c.id)-p-agent", "purpose": "agent", "type": "sms", "startTime": date(c.start),
            "user": ["id": "user-1", "name": "Agent One"], "queue": ["id": "queue-1", "name": "Support"],
            "messages": agentMessages,
        ]
        if let end = c.end {
            customer["endTime"] = date(end)
            agent["endTime"] = date(end)
        }
        if let code = c.wrapupCode, !c.wrapupOnlyFromEndpoint30 {
            agent["wrapup"] = ["code": code, "notes": "n-\(c.id)", "durationSeconds": 30, "tags": ["a", "b"]]
        }
        return ["id": c.id, "participants": [customer, agent], "divisions": [["division": ["id": "div-1"]]]]
    }

    /// The conversation's analytics record: the customer's and the agent's sessions, the agent's wrap-up segment.
    static func analyticsJSON(_ c: FakeConversation) -> [String: Any] {
        var agentSegments: [[String: Any]] = [
            ["segmentType": "interact", "segmentStart": date(c.start), "segmentEnd": date(c.start.addingTimeInterval(60))]
        ]
        if let code = c.wrapupCode {
            var segment: [String: Any] = ["segmentType": "wrapup", "wrapUpNote": "n-\(c.id)"]
            if !c.wrapupOnlyFromEndpoint30 { segment["wrapUpCode"] = code }
            agentSegments.append(segment)
        }
        var agent: [String: Any] = ["participantId": "\(c.id)-p-agent", "purpose": "agent"]
        if let communication = c.agentCommunicationID {
            agent["sessions"] = [["sessionId": communication, "mediaType": "message", "segments": agentSegments]]
        }
        let customer: [String: Any] = [
            "participantId": "\(c.id)-p-customer", "purpose": "customer",
            "sessions": [["sessionId": "\(c.id)-customer-comm", "mediaType": "message"]],
        ]
        var record: [String: Any] = [
            "conversationId": c.id, "conversationStart": date(c.start), "participants": [customer, agent],
        ]
        if let end = c.end { record["conversationEnd"] = date(end) }
        return record
    }

    static func page(_ conversations: [FakeConversation], totalHits: Int? = nil, cursor: String? = nil) throws
        -> AnalyticsPage
    {
        var body: [String: Any] = ["conversations": conversations.map(analyticsJSON)]
        if let totalHits { body["totalHits"] = totalHits }
        return try AnalyticsPage(body: data(body), totalHits: totalHits, cursor: cursor)
    }

    static func data(_ object: Any) -> Data {
        (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
    }

    static func raw<T: Decodable & Sendable>(_ type: T.Type, _ json: Data, endpoint: String) throws -> Raw<T> {
        do {
            return Raw(value: try JSONDecoder.genesys().decode(T.self, from: json), json: json)
        } catch {
            throw ConversationSourceError.malformed(endpoint: endpoint, payload: json, reason: "\(error)")
        }
    }

    static func read<T>(_ json: Data, endpoint: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw ConversationSourceError.malformed(endpoint: endpoint, payload: json, reason: "\(error)")
        }
    }

    // MARK: - ConversationSource

    func conversationDetails(query: ConversationQuery) async throws -> AnalyticsPage {
        count("34")
        let cancel = state.withLock { state -> Bool in
            defer { state.cancelNextAnalyticsQuery = false }
            return state.cancelNextAnalyticsQuery
        }
        if cancel { throw CancellationError() }
        let (page, total) = matching(query.interval, pageSize: query.paging?.pageSize ?? 25, number: query.paging?.pageNumber ?? 1)
        return try Self.page(page, totalHits: total)
    }

    private func matching(_ interval: String?, pageSize size: Int, number: Int) -> ([FakeConversation], Int) {
        let parts = (interval ?? "").split(separator: "/").map(String.init)
        guard parts.count == 2, let start = GenesysDate.parse(parts[0]), let end = GenesysDate.parse(parts[1]) else {
            return ([], 0)
        }
        let matching = state.withLock { $0.conversations.values.filter { $0.inAnalytics && $0.start >= start && $0.start < end } }
            .sorted { ($0.start, $0.id) < ($1.start, $1.id) }
        return (Array(matching.dropFirst((number - 1) * size).prefix(size)), matching.count)
    }

    func analyticsConversations(ids: [String]) async throws -> AnalyticsPage {
        count("40")
        let found = state.withLock { state in ids.compactMap { state.conversations[$0] }.filter(\.inAnalytics) }
        return try Self.page(found)
    }

    func createConversationDetailsJob(_ query: AsyncConversationQuery) async throws -> String {
        count("35")
        return "job|" + (query.interval ?? "")
    }

    func conversationDetailsJobStatus(id: String) async throws -> AsyncQueryStatus {
        count("36")
        let polls = state.withLock {
            $0.jobPolls += 1
            return $0.jobPolls
        }
        return AsyncQueryStatus(state: polls % 3 == 0 ? .fulfilled : .pending)
    }

    func conversationDetailsJobResults(id: String, cursor: String?, pageSize: Int) async throws -> AnalyticsPage {
        count("37")
        let number = Int(cursor ?? "1") ?? 1
        let (page, total) = matching(String(id.dropFirst(4)), pageSize: pageSize, number: number)
        return try Self.page(page, cursor: number * pageSize < total ? String(number + 1) : nil)
    }

    func deleteConversationDetailsJob(id: String) async throws { count("38") }

    func conversationDetailsAvailability() async throws -> Date? {
        count("39")
        return nil
    }

    func activeConversationIDs() async throws -> [String] {
        count("1")
        return state.withLock { $0.conversations.values.filter { $0.end == nil }.map(\.id).sorted() }
    }

    func rawMessageConversation(id: String, decoding: FieldDecoding) async throws -> Raw<ConversationFields>? {
        count("12")
        let (cancel, malformed) = state.withLock { state -> (Bool, Bool) in
            state.conversationFetches += 1
            let cancel = state.cancelAfterConversations.map { state.conversationFetches > $0 } ?? false
            return (cancel, state.malformedConversations.contains(id))
        }
        if cancel { throw CancellationError() }
        if state.withLock({ $0.unavailableConversations.contains(id) }) {
            throw ConversationSourceError.unavailable(
                endpoint: SourceEndpoint.messageConversation,
                status: 503,
                reason: "HTTP 503 after 8 attempts",
                payload: Data(#"{"status":503,"code":"service.unavailable"}"#.utf8)
            )
        }
        if malformed {
            throw ConversationSourceError.malformed(
                endpoint: SourceEndpoint.messageConversation,
                payload: Data("{\"id\": \"\(id)\", \"participants\": [".utf8),
                reason: "unexpected end of data"
            )
        }
        guard let conversation = lookup(id) else { return nil }
        let json = Self.data(Self.conversationJSON(conversation))
        return try Self.read(json, endpoint: "12") { Raw(value: try decoding.conversation(json), json: json) }
    }

    func bulkMessages(ids: [String], inConversation conversationID: String, decoding: FieldDecoding) async throws
        -> FetchedByID<MessageFields>
    {
        var requests = 0
        var start = 0
        while start < ids.count {
            count("18")
            requests += 1
            start += 1000
        }
        if state.withLock({ $0.refusedBulk.contains(conversationID) }) {
            throw ConversationSourceError.malformed(
                endpoint: SourceEndpoint.bulkMessages,
                payload: Data(#"{"status":400,"code":"bad.request","message":"invalid message id"}"#.utf8),
                reason: "refused by the API (HTTP 400): bad.request: invalid message id"
            )
        }
        let (conversation, omits, malformed, attachments) = state.withLock {
            ($0.conversations[conversationID], $0.bulkOmits, $0.malformedMessages, $0.attachments)
        }
        var result = FetchedByID<MessageFields>(requestCount: requests)
        let byID = Dictionary(uniqueKeysWithValues: (conversation?.messages ?? []).map { ($0.id, $0) })
        for id in ids {
            guard let message = byID[id], !omits.contains(id) else {
                result.missingIDs.append(id)
                continue
            }
            if malformed.contains(id) {
                result.undecodable.append(
                    UndecodableObject(json: Data("{\"id\":\"\(id)\",\"timestamp\":17}".utf8), reason: "timestamp is not a string")
                )
                continue
            }
            let json = Self.data(Self.messageJSON(message, conversationID: conversationID, attachment: attachments[id]))
            result.values.append(try Self.read(json, endpoint: "18") { Raw(value: try decoding.message(json), json: json) })
        }
        return result
    }

    func rawMessageDetails(id: String, decoding: FieldDecoding) async throws -> Raw<MessageFields>? {
        count("20")
        let found = state.withLock { state in
            state.conversations.values.lazy.compactMap { c in c.messages.first { $0.id == id }.map { ($0, c.id) } }.first
        }
        guard let (message, conversationID) = found else { return nil }
        let json = Self.data(Self.messageJSON(message, conversationID: conversationID))
        return try Self.read(json, endpoint: "20") { Raw(value: try decoding.message(json), json: json) }
    }

    func rawWrapup(conversationID: String, participantID: String, communicationID: String) async throws -> Raw<AssignedWrapupCode>? {
        count("30")
        guard let c = lookup(conversationID), c.agentCommunicationID == communicationID, let code = c.wrapupCode else {
            return nil
        }
        return try Self.raw(AssignedWrapupCode.self, Self.data(["code": code, "notes": "n-\(c.id)", "durationSeconds": 30]), endpoint: "30")
    }

    func rawWrapupCodes(conversationID: String, participantID: String) async throws -> [Raw<WrapupCode>] {
        count("33")
        return try codes.sorted { $0.key < $1.key }.map {
            try Self.raw(WrapupCode.self, Self.data(["id": $0.key, "name": $0.value]), endpoint: "33")
        }
    }

    func allCommunicationMedia(conversationID: String, communicationID: String) async throws -> ElementPage<MessageMediaData> {
        count("21")
        guard let c = lookup(conversationID) else { return ElementPage() }
        return ElementPage(
            values: try (0..<c.mediaCount).map { index in
                try Self.raw(
                    MessageMediaData.self,
                    Self.data(["id": "\(c.id)-media-\(index)", "name": "f\(index).png", "status": "valid"]),
                    endpoint: "21"
                )
            }
        )
    }

    func allCachedMedia() async throws -> ElementPage<CachedMediaItem> {
        count("4")
        return ElementPage(
            values: try (0..<3).map {
                try Self.raw(CachedMediaItem.self, Self.data(["id": "cached-\($0)", "url": "https://x/\($0)"]), endpoint: "4")
            },
            undecodable: []
        )
    }

    func downloadMedia(from url: URL) async throws -> Data {
        count("download")
        let messageID = url.lastPathComponent
        let (bytes, instead) = state.withLock { ($0.attachments[messageID], $0.servedInstead[messageID]) }
        guard let served = instead ?? bytes else {
            throw FakeDownloadError(message: "404 from \(url.host ?? "?") for \(url.absoluteString)")
        }
        return served
    }

    func requestStatistics() async -> ClientStatistics {
        var statistics = ClientStatistics()
        statistics.requests = state.withLock { $0.requests }
        return statistics
    }
}
