import Foundation
import GenesysModels

/// Builds the API views of a simulated conversation: the messaging snapshot (12), the generic
/// conversation (42) and the analytics detail records (34–41).
extension SyntheticOrg {
    /// `MessageDetails` per participant id, in message order (seeded first, then appended).
    package func messageDetails(_ conversation: SimConversation) -> [String: [MessageDetails]] {
        var result: [String: [MessageDetails]] = [:]
        for i in 0..<conversation.seededMessages {
            let header = header(conversation, i)
            let owner = conversation.participants[header.senderIndex].id
            result[owner, default: []].append(
                details(conversationID: conversation.id, id: header.id, status: header.status, time: header.time)
            )
        }
        for (position, message) in conversation.appended.enumerated() {
            let owner = conversation.appendedSenders[position]
            result[owner, default: []].append(
                details(
                    conversationID: conversation.id,
                    id: message.id ?? "",
                    status: message.status?.rawValue ?? "sent",
                    time: message.timestamp ?? conversation.start
                )
            )
        }
        return result
    }

    private func details(conversationID: String, id: String, status: String, time: Date) -> MessageDetails {
        var details = MessageDetails()
        details.messageID = id
        details.messageURI = "/api/v2/conversations/messages/\(conversationID)/messages/\(id)"
        details.messageStatus = .init(rawValue: status)
        details.messageSegmentCount = 1
        details.messageTime = time
        return details
    }

    /// The communication a participant's messages travel on from the other side (`peer`).
    private func peer(of participant: SimParticipant, in conversation: SimConversation) -> String? {
        if participant.purpose == "customer" {
            let handler = conversation.participants.last {
                $0.purpose != "customer" && !$0.mediaRoles.contains("monitor")
            }
            return handler?.communicationID
        }
        return conversation.participants.first?.communicationID
    }

    /// The messaging snapshot (endpoint 12).
    package func messageConversation(_ conversation: SimConversation) -> MessageConversation {
        let detailsByParticipant = messageDetails(conversation)
        var result = MessageConversation()
        result.id = conversation.id
        result.participants = conversation.participants.map { participant in
            var view = MessageMediaParticipant()
            view.fill(from: participant)
            view.state = .init(rawValue: participant.state)
            view.direction = .init(rawValue: conversation.originatingDirection)
            view.disconnectType = participant.disconnectType.map { .init(rawValue: $0) }
            view.held = false
            if let userID = participant.userID {
                view.user = DomainEntityRef(id: userID, name: participant.name, selfURI: "/api/v2/users/\(userID)")
            }
            if let queueID = participant.queueID {
                view.queue = DomainEntityRef(id: queueID, selfURI: "/api/v2/routing/queues/\(queueID)")
            }
            view.peer = peer(of: participant, in: conversation)
            view.provider = "PureCloud Messaging"
            (view.fromAddress, view.toAddress) = Self.addresses(of: participant, in: conversation)
            view.messages = detailsByParticipant[participant.id] ?? []
            view.type = .init(rawValue: conversation.messengerType)
            return view
        }
        result.divisions = [division(conversation)]
        result.selfURI = "/api/v2/conversations/messages/\(conversation.id)"
        return result
    }

    /// A participant's from/to addresses: a customer sends from its own address to the org's; everyone else sends
    /// from the org's address to the first participant (the customer).
    static func addresses(of participant: SimParticipant, in conversation: SimConversation) -> (Address, Address?) {
        let org = Address(
            name: "Simulated Org",
            addressNormalized: conversation.orgAddress,
            addressRaw: conversation.orgAddress
        )
        if participant.purpose == "customer" {
            let own = Address(
                name: participant.name,
                addressNormalized: participant.address,
                addressRaw: participant.address
            )
            return (own, org)
        }
        let customer = conversation.participants.first.map {
            Address(name: $0.name, addressNormalized: $0.address, addressRaw: $0.address)
        }
        return (org, customer)
    }

    /// The generic conversation (endpoint 42; also PATCH 13's response).
    package func genericConversation(_ conversation: SimConversation) -> Conversation {
        let detailsByParticipant = messageDetails(conversation)
        var result = Conversation()
        result.id = conversation.id
        result.startTime = conversation.start
        result.endTime = conversation.end
        result.address = conversation.orgAddress
        result.recordingState = .init(rawValue: conversation.recordingState)
        result.state = .init(rawValue: conversation.end == nil ? "connected" : "disconnected")
        result.divisions = [division(conversation)]
        result.selfURI = "/api/v2/conversations/\(conversation.id)"
        result.participants = conversation.participants.map { participant in
            var view = Participant()
            view.fill(from: participant)
            view.userID = participant.userID
            view.userURI = participant.userID.map { "/api/v2/users/\($0)" }
            view.queueID = participant.queueID
            var communication = Message()
            communication.id = participant.communicationID
            communication.state = .init(rawValue: participant.state)
            communication.direction = .init(rawValue: conversation.originatingDirection)
            communication.disconnectType = participant.disconnectType.map { .init(rawValue: $0) }
            communication.connectedTime = participant.connectedTime
            communication.disconnectedTime = participant.endTime
            communication.provider = "PureCloud Messaging"
            communication.type = .init(rawValue: conversation.messengerType)
            communication.peerID = peer(of: participant, in: conversation)
            communication.held = false
            (communication.fromAddress, communication.toAddress) = Self.addresses(of: participant, in: conversation)
            communication.messages = detailsByParticipant[participant.id] ?? []
            communication.wrapup = participant.wrapup.map(Self.wrapup)
            view.messages = [communication]
            return view
        }
        return result
    }

    private func division(_ conversation: SimConversation) -> ConversationDivisionMembership {
        var membership = ConversationDivisionMembership()
        membership.division = DomainEntityRef(
            id: conversation.divisionID,
            name: "Home",
            selfURI: "/api/v2/authorization/divisions/\(conversation.divisionID)"
        )
        membership.entities = []
        return membership
    }

    /// The participant `Wrapup` view of a stored wrap-up.
    package static func wrapup(_ wrapup: SimWrapup) -> Wrapup {
        Wrapup(
            code: wrapup.code, name: wrapup.name, notes: wrapup.notes, tags: wrapup.tags,
            durationSeconds: wrapup.durationSeconds, endTime: wrapup.endTime, provisional: wrapup.provisional
        )
    }

    /// The `AssignedWrapupCode` view of a stored wrap-up.
    package static func assigned(_ wrapup: SimWrapup) -> AssignedWrapupCode {
        AssignedWrapupCode(
            code: wrapup.code, notes: wrapup.notes, tags: wrapup.tags,
            durationSeconds: wrapup.durationSeconds, endTime: wrapup.endTime
        )
    }

    // MARK: - Analytics

    /// The analytics sessions of one participant.
    private func sessions(_ participant: SimParticipant, in conversation: SimConversation) -> [AnalyticsSession] {
        var session = AnalyticsSession()
        session.sessionID = participant.communicationID
        session.mediaType = .init(rawValue: "message")
        session.messageType = conversation.messengerType
        session.direction = .init(rawValue: conversation.originatingDirection)
        session.provider = "PureCloud Messaging"
        session.peerID = peer(of: participant, in: conversation)
        let customer = conversation.participants.first
        session.addressFrom = participant.purpose == "customer" ? participant.address : conversation.orgAddress
        session.addressTo = participant.purpose == "customer" ? conversation.orgAddress : customer?.address
        session.remote = customer?.name
        var interact = AnalyticsConversationSegment()
        interact.segmentStart = participant.connectedTime ?? participant.startTime
        interact.segmentEnd = participant.endTime
        interact.segmentType = .init(rawValue: "interact")
        interact.queueID = participant.queueID
        interact.disconnectType = participant.disconnectType.map { .init(rawValue: $0 == "transfer" ? "transfer" : $0) }
        var segments = [interact]
        if let wrapup = participant.analyticsWrapup, let end = participant.endTime {
            var segment = AnalyticsConversationSegment()
            segment.segmentStart = end
            segment.segmentEnd = end.addingTimeInterval(Double(wrapup.durationSeconds))
            segment.segmentType = .init(rawValue: "wrapup")
            segment.wrapUpCode = wrapup.code
            segment.wrapUpNote = wrapup.notes
            segment.wrapUpTags = wrapup.tags.isEmpty ? nil : wrapup.tags
            segment.queueID = participant.queueID
            segments.append(segment)
        }
        session.segments = segments
        return [session]
    }

    /// The analytics detail record without attributes (34, 40, 41).
    package func analyticsConversation(_ conversation: SimConversation) -> AnalyticsConversationWithoutAttributes {
        var result = AnalyticsConversationWithoutAttributes()
        result.conversationID = conversation.id
        result.conversationStart = conversation.start
        result.conversationEnd = conversation.end
        result.divisionIDs = [conversation.divisionID]
        result.originatingDirection = .init(rawValue: conversation.originatingDirection)
        result.conversationInitiator = .init(
            rawValue: conversation.originatingDirection == "inbound" ? "customer" : "agent"
        )
        result.customerParticipation = true
        result.participants = conversation.participants.map { participant in
            var view = AnalyticsParticipantWithoutAttributes()
            view.participantID = participant.id
            view.participantName = participant.name
            view.purpose = .init(rawValue: participant.purpose)
            view.userID = participant.userID
            view.sessions = sessions(participant, in: conversation)
            return view
        }
        return result
    }

    /// The analytics detail record with participant attributes (async job results, 37): the record of 34/40/41
    /// re-typed, each participant with its attributes.
    package func analyticsConversationWithAttributes(_ conversation: SimConversation) -> AnalyticsConversation {
        let base = analyticsConversation(conversation)
        var result =
            (try? JSONDecoder.genesys().decode(AnalyticsConversation.self, from: JSONEncoder.genesys().encode(base)))
            ?? AnalyticsConversation()
        result.participants = zip(result.participants ?? [], conversation.participants).map { view, participant in
            var view = view
            view.attributes = participant.attributes.isEmpty ? nil : participant.attributes
            return view
        }
        return result
    }
}
