import Foundation
import GenesysModels

extension MessageFields {
    /// Reads a message object at the reader's cursor in one pass (the fast path); see ``JSONFieldReader`` for when
    /// it gives up.
    static func scan(_ reader: inout JSONFieldReader, depth: Int = 0) throws -> MessageFields {
        var fields = MessageFields()
        var seen = FieldSet()
        try reader.members(depth: depth) { reader, key in
            if reader.key(key, is: "id") {
                try seen.insert(0)
                fields.id = try reader.string()
            } else if reader.key(key, is: "timestamp") {
                try seen.insert(1)
                fields.timestamp = try reader.date()
            } else if reader.key(key, is: "direction") {
                try seen.insert(2)
                fields.direction = try reader.string().map { MessageData.Direction(rawValue: $0).rawValue }
            } else if reader.key(key, is: "messengerType") {
                try seen.insert(3)
                fields.messengerType = try reader.string().map { MessageData.MessengerType(rawValue: $0).rawValue }
            } else if reader.key(key, is: "status") {
                try seen.insert(4)
                fields.status = try reader.string().map { MessageData.Status(rawValue: $0).rawValue }
            } else if reader.key(key, is: "fromAddress") {
                try seen.insert(5)
                fields.fromAddress = try reader.string()
            } else if reader.key(key, is: "toAddress") {
                try seen.insert(6)
                fields.toAddress = try reader.string()
            } else if reader.key(key, is: "providerMessageId") {
                try seen.insert(7)
                fields.providerMessageID = try reader.string()
            } else if reader.key(key, is: "normalizedMessage") {
                try seen.insert(8)
                try scanNormalized(&reader, depth: depth + 1, into: &fields)
            } else if reader.key(key, is: "createdBy") {
                try seen.insert(9)
                fields.createdByUserID = try reader.reference(depth: depth)?.id
            } else if reader.key(key, is: "textBody") {
                try seen.insert(10)
                fields.textBody = try reader.string()
            } else if reader.key(key, is: "media") {
                try seen.insert(11)
                fields.media = try scanMedia(&reader, depth: depth + 1)
            } else {
                try reader.skip(depth: depth)
            }
        }
        return fields
    }

    private static func scanNormalized(_ reader: inout JSONFieldReader, depth: Int, into fields: inout MessageFields) throws {
        if try reader.isNull() { return }
        var seen = FieldSet()
        try reader.members(depth: depth) { reader, key in
            if reader.key(key, is: "type") {
                try seen.insert(0)
                fields.messageType = try reader.string().map { ConversationNormalizedMessage.Kind(rawValue: $0).rawValue }
            } else if reader.key(key, is: "text") {
                try seen.insert(1)
                fields.normalizedText = try reader.string()
            } else if reader.key(key, is: "content") {
                try seen.insert(2)
                if try reader.isNull() { return }
                try reader.elements(depth: depth + 1) { reader in
                    fields.contents.append(try scanContent(&reader, depth: depth + 2))
                }
            } else {
                try reader.skip(depth: depth)
            }
        }
    }

    private static func scanContent(_ reader: inout JSONFieldReader, depth: Int) throws -> Content {
        var content = Content()
        var seen = FieldSet()
        try reader.members(depth: depth) { reader, key in
            if reader.key(key, is: "text") {
                try seen.insert(0)
                if try reader.isNull() { return }
                var inner = FieldSet()
                try reader.members(depth: depth + 1) { reader, key in
                    guard reader.key(key, is: "body") else { return try reader.skip(depth: depth + 1) }
                    try inner.insert(0)
                    content.textBody = try reader.string()
                }
            } else if reader.key(key, is: "buttonResponse") {
                try seen.insert(1)
                if try reader.isNull() { return }
                var inner = FieldSet()
                try reader.members(depth: depth + 1) { reader, key in
                    guard reader.key(key, is: "text") else { return try reader.skip(depth: depth + 1) }
                    try inner.insert(0)
                    content.buttonText = try reader.string()
                }
            } else if reader.key(key, is: "attachment") {
                try seen.insert(2)
                content.attachment = try scanAttachment(&reader, depth: depth + 1)
            } else {
                try reader.skip(depth: depth)
            }
        }
        return content
    }

    private static func scanAttachment(_ reader: inout JSONFieldReader, depth: Int) throws -> Attachment? {
        if try reader.isNull() { return nil }
        var attachment = Attachment()
        var seen = FieldSet()
        try reader.members(depth: depth) { reader, key in
            if reader.key(key, is: "id") {
                try seen.insert(0)
                attachment.id = try reader.string()
            } else if reader.key(key, is: "mediaType") {
                try seen.insert(1)
                attachment.mediaType = try reader.string().map { ConversationContentAttachment.MediaType(rawValue: $0).rawValue }
            } else if reader.key(key, is: "url") {
                try seen.insert(2)
                attachment.url = try reader.string()
            } else if reader.key(key, is: "mime") {
                try seen.insert(3)
                attachment.mime = try reader.string()
            } else if reader.key(key, is: "text") {
                try seen.insert(4)
                attachment.text = try reader.string()
            } else if reader.key(key, is: "sha256") {
                try seen.insert(5)
                attachment.sha256 = try reader.string()
            } else if reader.key(key, is: "filename") {
                try seen.insert(6)
                attachment.filename = try reader.string()
            } else if reader.key(key, is: "contentSizeBytes") {
                try seen.insert(7)
                attachment.contentSizeBytes = try reader.int()
            } else {
                try reader.skip(depth: depth)
            }
        }
        return attachment
    }

    private static func scanMedia(_ reader: inout JSONFieldReader, depth: Int) throws -> [Media] {
        if try reader.isNull() { return [] }
        var media: [Media] = []
        try reader.elements(depth: depth) { reader in
            var item = Media()
            var seen = FieldSet()
            try reader.members(depth: depth + 1) { reader, key in
                if reader.key(key, is: "url") {
                    try seen.insert(0)
                    item.url = try reader.string()
                } else if reader.key(key, is: "mediaType") {
                    try seen.insert(1)
                    item.mediaType = try reader.string()
                } else if reader.key(key, is: "contentLengthBytes") {
                    try seen.insert(2)
                    item.contentLengthBytes = try reader.int()
                } else if reader.key(key, is: "name") {
                    try seen.insert(3)
                    item.name = try reader.string()
                } else if reader.key(key, is: "id") {
                    try seen.insert(4)
                    item.id = try reader.string()
                } else {
                    try reader.skip(depth: depth + 1)
                }
            }
            media.append(item)
        }
        return media
    }
}
