import Foundation
import GenesysModels

extension SyntheticOrg {
    /// What an appended message says: who sent it, when, and its content.
    struct AppendedContent {
        var text: String?
        var attachment: Attachment?
        var type: String = "Text"
        var events: [ConversationMessageEvent]?
        var providerMessageID: String?
    }

    /// The `MessageData` of a message participant `senderIndex` sends in `conversation` (through the API or a script).
    func appendedMessage(
        id: String,
        in conversation: SimConversation,
        senderIndex: Int,
        time: Date,
        content: AppendedContent
    ) -> MessageData {
        let sender = conversation.participants[senderIndex]
        let inbound = sender.purpose == "customer"
        let customer = conversation.participants[0]
        var message = MessageData()
        message.id = id
        message.providerMessageID = content.providerMessageID ?? "pm-" + id.prefix(8)
        message.timestamp = time
        message.fromAddress = inbound ? customer.address : conversation.orgAddress
        message.toAddress = inbound ? conversation.orgAddress : customer.address
        message.direction = .init(rawValue: inbound ? "inbound" : "outbound")
        message.messengerType = .init(rawValue: conversation.messengerType)
        message.status = .init(rawValue: inbound ? "received" : "sent")
        message.conversationID = conversation.id
        message.selfURI = "/api/v2/conversations/messages/\(conversation.id)/messages/\(id)"
        if let userID = sender.userID {
            message.createdBy = User(id: userID, name: sender.name, selfURI: "/api/v2/users/\(userID)")
        }
        message.normalizedMessage = normalized(
            conversation: conversation,
            id: id,
            providerID: message.providerMessageID,
            inbound: inbound,
            sender: sender,
            time: time,
            text: content.text,
            attachment: content.attachment,
            status: inbound ? "received" : "sent",
            type: content.type,
            events: content.events
        )
        return message
    }
}
