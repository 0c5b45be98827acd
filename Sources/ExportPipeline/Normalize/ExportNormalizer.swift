import Foundation
import GenesysModels

/// Pure functions turning API objects (with their raw bytes) into table rows and NDJSON lines.
///
/// Raw bytes are written as received; only when the job redacts are they rewritten through the ``Redactor``.
package struct ExportNormalizer: Sendable {
    /// The redactor, nil when the job keeps text and addresses.
    package var redactor: Redactor?

    /// Creates a normalizer; an identity redactor is dropped so raw bytes pass untouched.
    package init(redactor: Redactor?) {
        self.redactor = (redactor?.isIdentity ?? true) ? nil : redactor
    }

    // MARK: - Conversation

    /// Rows and lines for a conversation (12) and its participants.
    package func conversation(
        _ raw: Raw<ConversationFields>,
        conversationID: String,
        analyticsConversationEnd: Date?,
        communicationIDs: [String: [String]],
        messageCount: Int,
        into export: inout ConversationExport
    ) throws {
        let value = raw.value
        let participants = value.participants
        let starts = participants.compactMap(\.startTime)
        let ends = participants.map(\.endTime)
        let endTime: Date? = ends.isEmpty || ends.contains(where: { $0 == nil }) ? nil : ends.compactMap { $0 }.max()
        let customer = participants.first { $0.purpose?.lowercased() == "customer" }
        let divisions = value.divisionIDs
        let json = try redacted(raw.json, into: &export)
        let text = Self.text(json)
        let day = Self.day(of: starts.min())
        export.conversation = ConversationRow(
            id: conversationID,
            startTime: starts.min().map(GenesysDate.format),
            endTime: endTime.map(GenesysDate.format),
            messengerType: customer?.messengerType ?? participants.first(where: { $0.messengerType != nil })?.messengerType,
            participantCount: participants.count,
            messageCount: messageCount,
            divisionIDs: divisions.isEmpty ? nil : Self.jsonArray(divisions),
            rawJSON: text,
            analyticsConversationEnd: analyticsConversationEnd.map(GenesysDate.format)
        )
        export.records.append(
            NDJSONRecord(
                entity: "conversations", day: day, content: Self.line(member: nil, raw: json, text: text),
                timestamp: starts.min(), key: conversationID
            )
        )

        for participant in participants {
            try self.participant(participant, conversationID: conversationID, day: day, communicationIDs: communicationIDs, into: &export)
        }
    }

    // MARK: - Messages

    /// The text of a message: `normalizedMessage.text`, else the bodies of its Text content elements (structured
    /// messages carry their text there), else a button response's text, else the legacy `textBody`.
    package static func messageText(_ message: MessageData) -> String? {
        MessageFields(message).text
    }

    /// Rows and a line for one message body (18 or 20).
    package func message(
        _ raw: Raw<MessageFields>,
        id: String,
        conversationID: String,
        participantID: String?,
        source: String,
        conversationDay: String,
        into export: inout ConversationExport
    ) throws {
        let value = raw.value
        let json = try redacted(raw.json, into: &export)
        var text = value.text
        var from = value.fromAddress
        var to = value.toAddress
        if let redactor {
            text = count(redactor.redactText(text), into: &export)
            from = count(redactor.redactAddress(from), into: &export)
            to = count(redactor.redactAddress(to), into: &export)
        }
        let attachments = self.attachments(of: value, messageID: id, conversationID: conversationID, into: &export)
        let rawText = Self.text(json)
        export.messages.append(
            MessageRow(
                id: id,
                conversationID: conversationID,
                participantID: participantID,
                timestamp: value.timestamp.map(GenesysDate.format),
                direction: value.direction,
                messengerType: value.messengerType,
                fromAddress: from,
                toAddress: to,
                text: text,
                status: value.status,
                messageType: value.messageType,
                providerMessageID: value.providerMessageID,
                createdByUserID: value.createdByUserID,
                attachmentCount: attachments.count,
                source: source,
                rawJSON: rawText
            )
        )
        export.attachments += attachments
        var ids: [(String, String)] = [("conversationId", conversationID)]
        if let participantID { ids.append(("participantId", participantID)) }
        export.records.append(
            NDJSONRecord(
                entity: "messages",
                day: value.timestamp.map { Self.day(of: $0) } ?? conversationDay,
                content: Self.line(ids, member: "message", raw: json, text: rawText),
                timestamp: value.timestamp,
                key: id
            )
        )
    }

    /// The attachment rows of a message: its content attachments, else (older messages) its `media`.
    private func attachments(
        of value: MessageFields,
        messageID: String,
        conversationID: String,
        into export: inout ConversationExport
    ) -> [AttachmentRow] {
        var attachments: [AttachmentRow] = []
        let contents = value.contents.compactMap(\.attachment)
        if !contents.isEmpty {
            for (position, attachment) in contents.enumerated() {
                var caption = attachment.text
                if let redactor { caption = count(redactor.redactText(caption), into: &export) }
                attachments.append(
                    AttachmentRow(
                        messageID: messageID,
                        position: position,
                        conversationID: conversationID,
                        attachmentID: attachment.id,
                        mediaType: attachment.mediaType,
                        mime: attachment.mime,
                        url: attachment.url,
                        filename: attachment.filename,
                        contentSizeBytes: attachment.contentSizeBytes,
                        sha256: attachment.sha256,
                        caption: caption
                    )
                )
            }
        } else {
            for (position, media) in value.media.enumerated() {
                attachments.append(
                    AttachmentRow(
                        messageID: messageID,
                        position: position,
                        conversationID: conversationID,
                        attachmentID: media.id,
                        mediaType: media.mediaType,
                        mime: nil,
                        url: media.url,
                        filename: media.name,
                        contentSizeBytes: media.contentLengthBytes,
                        sha256: nil,
                        caption: nil
                    )
                )
            }
        }
        return attachments
    }

    // MARK: - Wrap-ups and media

    /// A row and a line for one wrap-up (from 12, an analytics segment, or 30).
    package func wrapup(
        _ wrapup: DerivedWrapup,
        conversationID: String,
        participantID: String,
        name: String?,
        conversationDay: String,
        into export: inout ConversationExport
    ) throws {
        let json = try redacted(wrapup.json, counting: !wrapup.isPartOfConversation, into: &export)
        let rawText = Self.text(json)
        var notes = wrapup.notes
        if let redactor { notes = count(redactor.redactNotes(notes), into: &export) }
        let communicationID = wrapup.communicationID
        export.wrapups.append(
            WrapupRow(
                conversationID: conversationID,
                participantID: participantID,
                communicationID: communicationID,
                code: wrapup.code,
                name: name,
                notes: notes,
                tags: wrapup.tags.map(Self.jsonArray),
                durationSeconds: wrapup.durationSeconds,
                endTime: wrapup.endTime.map(GenesysDate.format),
                rawJSON: rawText
            )
        )
        export.records.append(
            NDJSONRecord(
                entity: "wrapups",
                day: conversationDay,
                content: Self.line(
                    [
                        ("conversationId", conversationID), ("participantId", participantID),
                        ("communicationId", communicationID),
                    ],
                    member: "wrapup",
                    raw: json,
                    text: rawText
                ),
                timestamp: wrapup.endTime,
                key: NDJSONRecord.key(conversationID, participantID, communicationID)
            )
        )
    }

    /// A row and a line for one wrap-up code (33).
    package func wrapupCode(_ raw: Raw<WrapupCode>, id: String) -> (WrapupCodeRow, NDJSONRecord) {
        let value = raw.value
        let row = WrapupCodeRow(
            id: id,
            name: value.name,
            description: value.description,
            divisionID: value.division?.id,
            rawJSON: Self.text(raw.json)
        )
        let day = Self.day(of: value.dateCreated)
        let record = NDJSONRecord(
            entity: "wrapup_codes",
            day: day,
            content: Self.line(member: nil, raw: raw.json, text: row.rawJSON),
            timestamp: value.dateCreated,
            key: id
        )
        return (row, record)
    }

    /// A row and a line for one communication media item (21).
    package func communicationMedia(
        _ raw: Raw<MessageMediaData>,
        id: String,
        conversationID: String,
        communicationID: String,
        conversationDay: String,
        into export: inout ConversationExport
    ) throws {
        let value = raw.value
        let json = try redacted(raw.json, into: &export)
        let rawText = Self.text(json)
        export.communicationMedia.append(
            CommunicationMediaRow(
                id: id,
                conversationID: conversationID,
                communicationID: communicationID,
                name: value.name,
                url: value.url,
                mediaType: value.mediaType,
                contentLengthBytes: value.contentLengthBytes,
                status: value.status?.rawValue,
                rawJSON: rawText
            )
        )
        export.records.append(
            NDJSONRecord(
                entity: "communication_media",
                day: conversationDay,
                content: Self.line(
                    [("conversationId", conversationID), ("communicationId", communicationID)],
                    member: "media",
                    raw: json,
                    text: rawText
                ),
                timestamp: nil,
                key: id
            )
        )
    }

    /// A row and a line for one cached media item (4).
    package func cachedMedia(_ raw: Raw<CachedMediaItem>, id: String) -> (CachedMediaRow, NDJSONRecord) {
        let value = raw.value
        let row = CachedMediaRow(
            id: id,
            url: value.url,
            downloadURL: value.downloadURL,
            mediaType: value.mediaType,
            contentLengthBytes: value.contentLengthBytes,
            dateCreated: value.dateCreated.map(GenesysDate.format),
            dateExpires: value.dateExpires.map(GenesysDate.format),
            rawJSON: Self.text(raw.json)
        )
        let record = NDJSONRecord(
            entity: "cached_media",
            day: Self.day(of: value.dateCreated),
            content: Self.line(member: nil, raw: raw.json, text: row.rawJSON),
            timestamp: value.dateCreated,
            key: id
        )
        return (row, record)
    }

    // MARK: - Helpers

    /// The object's JSON redacted. Its replacements are counted unless the object is part of one already counted
    /// (a participant, or a wrap-up, inside the conversation object), so each replacement counts once.
    func redacted(_ json: Data, counting: Bool = true, into export: inout ConversationExport) throws -> Data {
        guard let redactor else { return json }
        let (data, counts) = try redactor.redactJSON(json)
        if counting { export.redactionCounts += counts }
        return data
    }

    /// A column value redacted; not counted, since the same value was counted where it stands in the object's JSON.
    func count(_ result: (String?, RedactionCounts), into export: inout ConversationExport) -> String? {
        result.0
    }
}
