import Foundation
import GenesysModels
import Hummingbird

/// The simulator's mutable state: tokens, rate-limit windows, fault dice, counters and every change
/// write endpoints make to the seeded org.
///
/// Seeded conversations start as copies of `SyntheticOrg.conversations`; their messages are rendered on
/// demand, so the actor holds only participants, appended messages and other mutations.
package actor SimulatorStore {
    /// The configuration the simulator was started with.
    package nonisolated let configuration: SimulatorConfiguration
    /// The seeded org.
    package nonisolated let org: SyntheticOrg

    package private(set) var conversations: [SimConversation]
    var conversationIndex: [String: Int]
    var appendedIndex: [String: (conversation: Int, position: Int)] = [:]
    var openConversations: [String: Int] = [:]
    /// Bearer token → expiry; every client's tokens live here, each with its own rate-limit window.
    var tokens: [String: Date] = [:]
    var windows: [String: RateLimitWindow] = [:]
    var rng: SplitMix64
    var faultRNG: SplitMix64
    var stats = SimulatorStats()
    var deletedCachedMedia: Set<String> = []
    var uploads: [String: Upload] = [:]
    var uploadOrder: [String] = []
    var jobs: [String: AnalyticsJob] = [:]
    /// The public base URL (scheme, host and port) attachment and upload URLs use.
    package private(set) var baseURL: String = "http://127.0.0.1"

    /// Creates the store and generates the seeded org.
    package init(configuration: SimulatorConfiguration) {
        self.configuration = configuration
        let org = SyntheticOrg(configuration: configuration)
        self.org = org
        self.conversations = org.conversations
        var index: [String: Int] = [:]
        index.reserveCapacity(org.conversations.count)
        for conversation in org.conversations {
            index[conversation.id] = conversation.index
        }
        self.conversationIndex = index
        self.rng = SplitMix64(configuration.seed, 0x7374_6F72_65)
        self.faultRNG = SplitMix64(configuration.faults.seed, configuration.seed, 0x6661_756C_74)
    }

    /// The current instant on the simulator clock, rounded to the millisecond.
    ///
    /// Everything the simulator stores carries exactly the instant its responses print
    /// (`yyyy-MM-ddTHH:mm:ss.SSSZ`), so a datetime read back and sent again (an analytics interval, a
    /// `conversationEnd` filter) compares equal to the stored one.
    package nonisolated func now() -> Date {
        let seconds = configuration.clock.now().timeIntervalSince1970
        return Date(timeIntervalSince1970: (seconds * 1000).rounded() / 1000)
    }

    /// Sets the base URL once the server knows its port.
    package func setBaseURL(_ url: String) {
        baseURL = url.hasSuffix("/") ? String(url.dropLast()) : url
    }

    /// A new random id (UUID-shaped) from the store's seeded stream.
    package func makeID() -> String {
        rng.uuid()
    }

    // MARK: - Statistics

    /// A snapshot of the counters and request log.
    package func snapshot() -> SimulatorStats {
        stats
    }

    /// Records one answered request (status 0 = connection reset).
    package func record(method: String, path: String, route: String, status: Int) {
        stats.totalRequests += 1
        let statusKey = status == 0 ? "reset" : String(status)
        stats.statuses[statusKey, default: 0] += 1
        stats.routes[route, default: RouteStats()].requests += 1
        stats.routes[route, default: RouteStats()].statuses[statusKey, default: 0] += 1
        if status == 401 { stats.unauthorized += 1 }
        stats.requests.append(RequestLogEntry(time: now(), method: method, path: path, route: route, status: status))
        if stats.requests.count > 100_000 {
            stats.requests.removeFirst(stats.requests.count - 100_000)
        }
    }

    /// Records a bulk call's id counts.
    package func recordBulk(requested: Int, returned: Int) {
        stats.bulkRequests += 1
        stats.bulkIDsRequested += requested
        stats.bulkIDsReturned += returned
    }

    // MARK: - Conversations

    /// The conversation with `id`, as it is now.
    package func conversation(_ id: String) -> SimConversation? {
        conversationIndex[id].map { conversations[$0] }
    }

    /// The conversation at `index`.
    package func conversation(at index: Int) -> SimConversation? {
        conversations.indices.contains(index) ? conversations[index] : nil
    }

    /// All conversations, as they are now.
    package func allConversations() -> [SimConversation] {
        conversations
    }

    /// Finds a message by id: its conversation and position.
    package func locateMessage(_ id: String) -> (conversation: SimConversation, index: Int)? {
        if let seeded = org.locateSeededMessage(id) {
            return (conversations[seeded.conversation], seeded.message)
        }
        if let appended = appendedIndex[id] {
            let conversation = conversations[appended.conversation]
            return (conversation, conversation.seededMessages + appended.position)
        }
        return nil
    }

    /// Message positions of `ids` that belong to the conversation with `conversationID`, in request order,
    /// without duplicates; unknown ids and ids of other conversations are left out.
    package func locateMessages(_ ids: [String], inConversation conversationID: String) -> (SimConversation, [Int])? {
        guard let index = conversationIndex[conversationID] else { return nil }
        let conversation = conversations[index]
        var seen = Set<String>()
        var positions: [Int] = []
        positions.reserveCapacity(ids.count)
        for id in ids where seen.insert(id).inserted {
            if let seeded = org.locateSeededMessage(id) {
                if seeded.conversation == index { positions.append(seeded.message) }
            } else if let appended = appendedIndex[id], appended.conversation == index {
                positions.append(conversation.seededMessages + appended.position)
            }
        }
        return (conversation, positions)
    }

    /// Applies `body` to the conversation with `id`, throwing 404 when it does not exist.
    package func update<T: Sendable>(
        _ id: String,
        _ body: @Sendable (inout SimConversation) throws -> T
    ) throws -> T {
        guard let index = conversationIndex[id] else { throw SimulatorError.notFound("Conversation \(id)") }
        return try body(&conversations[index])
    }

    /// Adds a new conversation built by `build` (given its index) and returns it.
    package func createConversation(
        _ build: @Sendable (_ index: Int, _ rng: inout SplitMix64) -> SimConversation
    ) -> SimConversation {
        let conversation = build(conversations.count, &rng)
        conversations.append(conversation)
        conversationIndex[conversation.id] = conversation.index
        return conversation
    }

    /// Appends `message` (its id already set) sent by participant `senderID` to the conversation at `index`.
    package func append(_ message: MessageData, sender senderID: String, toConversationAt index: Int) {
        let position = conversations[index].appended.count
        conversations[index].appended.append(message)
        conversations[index].appendedSenders.append(senderID)
        if let id = message.id {
            appendedIndex[id] = (index, position)
        }
    }

    /// Applies a delivery receipt to an appended message; `false` when the id is unknown.
    package func applyReceipt(messageID: String, status: String) -> Bool {
        guard let location = appendedIndex[messageID] else { return false }
        let apiStatus =
            switch status.lowercased() {
            case "read": "read"
            case "failed": "delivery-failed"
            case "delivered": "delivery-success"
            default: "sent"
            }
        conversations[location.conversation].appended[location.position].status = .init(rawValue: apiStatus)
        conversations[location.conversation].appended[location.position].normalizedMessage?.status = .init(
            rawValue: status.prefix(1).uppercased() + status.dropFirst().lowercased()
        )
        return true
    }

    /// The open conversation for an Open Messaging `(integration, sender)` pair, if one is still connected.
    package func openConversation(integrationID: String, senderID: String) -> SimConversation? {
        guard let index = openConversations[integrationID + "\u{1F}" + senderID] else { return nil }
        let conversation = conversations[index]
        return conversation.end == nil ? conversation : nil
    }

    /// Remembers the conversation an Open Messaging sender talks in.
    package func setOpenConversation(integrationID: String, senderID: String, index: Int) {
        openConversations[integrationID + "\u{1F}" + senderID] = index
    }

    // MARK: - Cached media

    /// The cached media items not deleted, optionally filtered by `url`.
    package func cachedMedia(url: String?) -> [CachedMediaItem] {
        org.cachedMedia.filter { item in
            guard let id = item.id, !deletedCachedMedia.contains(id) else { return false }
            return url == nil || item.url == url
        }
    }

    /// Deletes a cached media item; `false` when it did not exist.
    package func deleteCachedMedia(_ id: String) -> Bool {
        guard org.cachedMedia.contains(where: { $0.id == id }), !deletedCachedMedia.contains(id) else { return false }
        deletedCachedMedia.insert(id)
        return true
    }

    // MARK: - Uploads

    /// A media upload slot (endpoints 22/23) and the bytes PUT to it.
    package struct Upload: Sendable {
        /// Media id.
        package var id: String
        /// Conversation it belongs to.
        package var conversationID: String
        /// Communication it belongs to.
        package var communicationID: String
        /// File name.
        package var name: String
        /// `uploading` until bytes arrive, then `valid`.
        package var status: String
        /// Uploaded bytes.
        package var bytes: Data?
        /// MIME type sent with the upload.
        package var mediaType: String?
    }

    /// Creates an upload slot.
    package func createUpload(conversationID: String, communicationID: String, name: String) -> Upload {
        let upload = Upload(
            id: rng.uuid(),
            conversationID: conversationID,
            communicationID: communicationID,
            name: name,
            status: "uploading"
        )
        uploads[upload.id] = upload
        uploadOrder.append(upload.id)
        return upload
    }

    /// Stores bytes for an upload slot; `nil` when the slot does not exist.
    package func completeUpload(_ id: String, bytes: Data, mediaType: String?) -> Upload? {
        guard var upload = uploads[id] else { return nil }
        upload.bytes = bytes
        upload.status = "valid"
        upload.mediaType = mediaType ?? upload.mediaType
        uploads[id] = upload
        return upload
    }

    /// The upload with `id`.
    package func upload(_ id: String) -> Upload? {
        uploads[id]
    }

    /// Uploads of one communication, oldest first.
    package func uploads(conversationID: String, communicationID: String) -> [Upload] {
        uploadOrder.compactMap { uploads[$0] }.filter {
            $0.conversationID == conversationID && $0.communicationID == communicationID
        }
    }

    // MARK: - Analytics jobs

    /// An async conversation-details job.
    package struct AnalyticsJob: Sendable {
        /// Job id.
        package var id: String
        /// The matching conversation ids, in result order.
        package var conversationIDs: [String]
        /// `QUEUED` until the first status poll, then `FULFILLED`; `CANCELLED` after DELETE.
        package var state: String
        /// When it was submitted.
        package var submitted: Date
        /// When it completed.
        package var completed: Date?
    }

    /// Registers a job over `conversationIDs`.
    package func createJob(conversationIDs: [String]) -> AnalyticsJob {
        let job = AnalyticsJob(id: rng.uuid(), conversationIDs: conversationIDs, state: "QUEUED", submitted: now())
        jobs[job.id] = job
        return job
    }

    /// Returns the job's status, advancing `QUEUED` to `FULFILLED` (the state after the first poll).
    package func pollJob(_ id: String) -> AnalyticsJob? {
        guard var job = jobs[id] else { return nil }
        let current = job
        if job.state == "QUEUED" {
            job.state = "FULFILLED"
            job.completed = now()
            jobs[id] = job
        }
        return current
    }

    /// The job with `id`.
    package func job(_ id: String) -> AnalyticsJob? {
        jobs[id]
    }

    /// Cancels and removes a job; `false` when it did not exist.
    package func deleteJob(_ id: String) -> Bool {
        jobs.removeValue(forKey: id) != nil
    }
}
