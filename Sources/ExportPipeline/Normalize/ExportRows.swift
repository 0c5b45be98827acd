import Foundation

/// One `conversations` row (see `schemas/sqlite.sql`).
package struct ConversationRow: Sendable, Equatable {
    /// Conversation id.
    package var id: String
    /// Earliest participant start time (ISO-8601 text).
    package var startTime: String?
    /// Latest participant end time; nil while any participant is still connected.
    package var endTime: String?
    /// The customer participant's messenger type.
    package var messengerType: String?
    /// Number of participants.
    package var participantCount: Int
    /// Distinct message ids across all participants.
    package var messageCount: Int
    /// JSON array of division ids.
    package var divisionIDs: String?
    /// The conversation object (12) as received.
    package var rawJSON: String
    /// `conversationEnd` as enumerated by analytics, used to skip unchanged conversations on incremental runs.
    package var analyticsConversationEnd: String?
}

/// One `participants` row.
package struct ParticipantRow: Sendable, Equatable {
    /// Conversation id.
    package var conversationID: String
    /// Participant id.
    package var id: String
    /// customer, agent, workflow, acd, …
    package var purpose: String?
    /// Participant name.
    package var name: String?
    /// Participant address.
    package var address: String?
    /// User id of an agent participant.
    package var userID: String?
    /// User name of an agent participant.
    package var userName: String?
    /// Queue id.
    package var queueID: String?
    /// Queue name.
    package var queueName: String?
    /// Participant state.
    package var state: String?
    /// Participant direction.
    package var direction: String?
    /// Participant type (sms, whatsapp, …).
    package var messengerType: String?
    /// fromAddress, normalized when available.
    package var fromAddress: String?
    /// toAddress, normalized when available.
    package var toAddress: String?
    /// Start time.
    package var startTime: String?
    /// Connected time.
    package var connectedTime: String?
    /// End time.
    package var endTime: String?
    /// Disconnect type.
    package var disconnectType: String?
    /// The participant's (first) communication id from the generic conversation (42).
    package var communicationID: String?
    /// Whether a wrap-up is required (0/1).
    package var wrapupRequired: Bool?
    /// The participant object as received.
    package var rawJSON: String
}

/// One `messages` row.
package struct MessageRow: Sendable, Equatable {
    /// Message id.
    package var id: String
    /// Conversation id.
    package var conversationID: String
    /// Participant whose messages[] listed the id.
    package var participantID: String?
    /// Message timestamp.
    package var timestamp: String?
    /// inbound | outbound.
    package var direction: String?
    /// sms, whatsapp, …
    package var messengerType: String?
    /// Sender address.
    package var fromAddress: String?
    /// Recipient address.
    package var toAddress: String?
    /// normalizedMessage.text, else legacy textBody.
    package var text: String?
    /// Delivery status.
    package var status: String?
    /// normalizedMessage.type.
    package var messageType: String?
    /// Provider message id.
    package var providerMessageID: String?
    /// createdBy.id.
    package var createdByUserID: String?
    /// Number of attachments.
    package var attachmentCount: Int
    /// bulk | details.
    package var source: String
    /// The MessageData as received.
    package var rawJSON: String
}

/// One `message_attachments` row.
package struct AttachmentRow: Sendable, Equatable {
    /// Message id.
    package var messageID: String
    /// Index among the message's attachments.
    package var position: Int
    /// Conversation id.
    package var conversationID: String
    /// Attachment id.
    package var attachmentID: String?
    /// Image, Video, Audio, File, Link.
    package var mediaType: String?
    /// MIME type.
    package var mime: String?
    /// URL.
    package var url: String?
    /// File name.
    package var filename: String?
    /// Size in bytes.
    package var contentSizeBytes: Int?
    /// SHA-256 of the content, as reported.
    package var sha256: String?
    /// Caption text.
    package var caption: String?
    /// Where the downloaded bytes are, relative to the NDJSON root (`media/sha256/…`); nil unless `media: download`.
    package var archivePath: String? = nil
}

/// One `wrapups` row.
package struct WrapupRow: Sendable, Equatable {
    /// Conversation id.
    package var conversationID: String
    /// Participant id.
    package var participantID: String
    /// Communication id, '' when fetched at participant level (32).
    package var communicationID: String
    /// Wrap-up code id.
    package var code: String?
    /// Wrap-up code name.
    package var name: String?
    /// Notes.
    package var notes: String?
    /// JSON array of tags.
    package var tags: String?
    /// Duration in seconds.
    package var durationSeconds: Int?
    /// End time.
    package var endTime: String?
    /// The AssignedWrapupCode as received.
    package var rawJSON: String
}

/// One `wrapup_codes` row.
package struct WrapupCodeRow: Sendable, Equatable {
    /// Code id.
    package var id: String
    /// Code name.
    package var name: String?
    /// Description.
    package var description: String?
    /// Division id.
    package var divisionID: String?
    /// The WrapupCode as received.
    package var rawJSON: String
}

/// One `cached_media` row.
package struct CachedMediaRow: Sendable, Equatable {
    /// Item id.
    package var id: String
    /// URL.
    package var url: String?
    /// Download URL.
    package var downloadURL: String?
    /// Media type.
    package var mediaType: String?
    /// Size in bytes.
    package var contentLengthBytes: Int?
    /// Creation date.
    package var dateCreated: String?
    /// Expiry date.
    package var dateExpires: String?
    /// The CachedMediaItem as received.
    package var rawJSON: String
    /// Where the downloaded bytes are, relative to the NDJSON root (`media/sha256/…`); nil unless `media: download`.
    package var archivePath: String? = nil
}

/// One `communication_media` row.
package struct CommunicationMediaRow: Sendable, Equatable {
    /// Media id.
    package var id: String
    /// Conversation id.
    package var conversationID: String
    /// Communication id.
    package var communicationID: String
    /// Name.
    package var name: String?
    /// URL.
    package var url: String?
    /// Media type.
    package var mediaType: String?
    /// Size in bytes.
    package var contentLengthBytes: Int?
    /// uploading | valid | invalid.
    package var status: String?
    /// The MessageMediaData as received.
    package var rawJSON: String
}

/// One `rejects` row: an API object that could not be exported.
package struct RejectRow: Sendable, Equatable {
    /// Conversation id, when the object belongs to one.
    package var conversationID: String?
    /// conversation | message | wrapup | cached_media | …
    package var entity: String
    /// The object's id, when known.
    package var entityID: String?
    /// Route template of the endpoint that returned it.
    package var endpoint: String
    /// Why it was rejected.
    package var reason: String
    /// The payload as received, when there was one.
    package var rawPayload: String?
}

/// One NDJSON line destined for `<entity>/dt=<day>/…`.
package struct NDJSONRecord: Sendable {
    /// Entity folder name (conversations, messages, …).
    package var entity: String
    /// Partition day, `YYYY-MM-DD`.
    package var day: String
    /// The line, in the parts it is kept in.
    package var content: NDJSONLine
    /// The record's own time, for the manifest's first/last timestamps.
    package var timestamp: Date?
    /// The object's key within its entity (its table's primary key, joined by U+001F), for change tracking.
    package var key: String

    /// The line's bytes, without the trailing newline.
    package var line: Data { content.bytes }

    /// Creates a record of a line kept in parts.
    package init(entity: String, day: String, content: NDJSONLine, timestamp: Date?, key: String) {
        self.entity = entity
        self.day = day
        self.content = content
        self.timestamp = timestamp
        self.key = key
    }

    /// Creates a record of a line's bytes.
    package init(entity: String, day: String, line: Data, timestamp: Date?, key: String) {
        self.init(entity: entity, day: day, content: NDJSONLine(line), timestamp: timestamp, key: key)
    }

    /// The key of an object identified by `parts` (e.g. conversation id, participant id).
    package static func key(_ parts: String...) -> String { parts.joined(separator: "\u{1F}") }
}

/// Everything one conversation contributes to the export, built by the fetch tasks and committed by the writer.
package struct ConversationExport: Sendable {
    /// The conversation id of the work item.
    package var conversationID: String
    /// The conversation row, nil when the conversation itself was rejected or not found.
    package var conversation: ConversationRow?
    /// Participant rows.
    package var participants: [ParticipantRow] = []
    /// Message rows.
    package var messages: [MessageRow] = []
    /// Attachment rows.
    package var attachments: [AttachmentRow] = []
    /// Wrap-up rows.
    package var wrapups: [WrapupRow] = []
    /// Wrap-up codes learned while fetching this conversation.
    package var wrapupCodes: [WrapupCodeRow] = []
    /// Communication media rows.
    package var communicationMedia: [CommunicationMediaRow] = []
    /// Rejected objects.
    package var rejects: [RejectRow] = []
    /// NDJSON lines.
    package var records: [NDJSONRecord] = []
    /// Media files stored in the archive for this conversation (`media: download`), one per SHA-256.
    package var mediaFiles: [ArchiveMediaRecord] = []
    /// Redactions applied.
    package var redactionCounts = RedactionCounts()
    /// Whether the conversation is a reject only because the API kept failing (5xx, transport): not done in the run.
    package var isRetryable = false
    /// Whether the API answered 404 for the conversation itself (it no longer exists).
    package var isGone = false
    /// Whether the conversation object differs from the stored version (false: only its analytics columns change).
    package var conversationChanged = true
    /// Whether an earlier run stored this conversation, so its message rows may already be in the full-text index
    /// (set by change tracking; true until then).
    package var wasStoredBefore = true
    /// The analytics record the conversation was fetched with; the writer stores it for change tracking.
    package var analytics: AnalyticsRecord?

    /// Creates an empty export for one conversation.
    package init(conversationID: String) {
        self.conversationID = conversationID
    }

    /// The rows it writes: the conversation (or its reject) and every child row.
    package var rowCount: Int {
        1 + participants.count + messages.count + attachments.count + wrapups.count + communicationMedia.count
            + rejects.count
    }
}
