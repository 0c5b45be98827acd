import Foundation

/// One NDJSON line's bytes (without the newline), kept in parts so that the object in it can be the very storage
/// of its row's `raw_json` text rather than a second copy.
///
/// A fetched object is held twice until it is committed: as its row's text and as its line. For a conversation
/// of 20,000 messages that was every message body twice over. When the row's text holds exactly the object's bytes
/// (valid UTF-8, no raw line breaks), the line is `head` (the wrapper's keys, or nothing), that text, and a closing
/// `}`; otherwise `head` is the whole line.
package struct NDJSONLine: Sendable, Equatable {
    /// The bytes before the object (`{"conversationId":"…","message":`), or the whole line.
    package private(set) var head: Data
    /// The object's bytes as its row's text; empty when `head` is the whole line.
    package private(set) var body: String
    /// Whether a `}` closing the wrapper follows `body`.
    package private(set) var closes: Bool

    /// A line of these bytes.
    package init(_ bytes: Data) {
        head = bytes
        body = ""
        closes = false
    }

    /// `object` (the row's text of it) alone on its line, or wrapped after `head` and closed with `}` when
    /// `closes`.
    package init(head: Data, object: String, closes: Bool) {
        self.head = head
        self.body = object
        self.closes = closes
    }

    /// The line's bytes, joined.
    package var bytes: Data {
        guard !body.isEmpty || closes else { return head }
        var joined = head
        joined.append(contentsOf: body.utf8)
        if closes { joined.append(0x7D) }
        return joined
    }

    /// Whether the object's text is shared with its row rather than copied into the line.
    package var sharesObject: Bool { !body.isEmpty }
}
