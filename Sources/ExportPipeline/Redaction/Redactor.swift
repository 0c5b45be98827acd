import Crypto
import Foundation
import GenesysModels

/// Applies a job's redaction policy to message text, addresses and whole API objects.
///
/// Which JSON fields are "text" and which are "addresses" (``redactJSON(_:)``):
/// - **Text** (text policy): `text` (normalizedMessage.text, attachment captions, quick-reply texts),
///   `body` (content[].text.body), `textBody` (legacy), `caption`, `summaryText`, `subject`.
///   Wrap-up `notes` are written by agents, not customers, but agents paste card numbers, e-mails and
///   phone numbers into them; notes therefore get PII masking under both `mask-pii` and `drop`
///   (they are masked, not dropped: the disposition stays readable).
/// - **Addresses** (address policy): `fromAddress`, `toAddress`, `address`, `addressRaw`,
///   `addressNormalized`, `addressDisplayable`, `addressFrom`, `addressTo`, `addressOther`, `ani`, `dnis`,
///   `remote`, `remoteNameDisplayable`, `nameRaw`, `nickname`, `firstName`, `lastName`, `email`, `phone`,
///   `phoneNumber`, `addressStored`, `aniName`, `sessionDnis`, `transferTargetAddress`, every element of
///   `addresses`, `destinationAddresses` and `emails`; `id`, `image` inside a `from`/`to` recipient; `name`/`participantName` inside a customer participant,
///   an Address object or a recipient. Address-policy `hash` writes `hmac:<64 hex>` (HMAC-SHA-256 with
///   the job's key), so the same address always gives the same value and joins and counts still work.
package struct Redactor: Sendable {
    /// The policy this redactor applies.
    package let policy: JobSpec.Redaction
    private let key: SymmetricKey?

    /// Creates a redactor; `hashKey` is required (non-empty) when addresses are hashed.
    ///
    /// - Throws: ``RedactionError/missingHashKey`` when `policy.addresses == .hash` and the key is absent.
    package init(policy: JobSpec.Redaction, hashKey: Data?) throws {
        self.policy = policy
        if policy.addresses == .hash {
            guard let hashKey, !hashKey.isEmpty else { throw RedactionError.missingHashKey }
            self.key = SymmetricKey(data: hashKey)
        } else {
            self.key = nil
        }
    }

    /// True for keep/keep: the runner may write raw bytes untouched.
    package var isIdentity: Bool { policy.text == .keep && policy.addresses == .keep }

    // MARK: - Values

    /// Applies the text policy to one text value (nil and empty stay as they are).
    package func redactText(_ text: String?) -> (String?, RedactionCounts) {
        guard let text, !text.isEmpty else { return (text, RedactionCounts()) }
        switch policy.text {
        case .keep:
            return (text, RedactionCounts())
        case .maskPII:
            return PIIScanner.mask(text)
        case .drop:
            return (nil, RedactionCounts(textsDropped: 1))
        }
    }

    /// Applies PII masking to agent-written notes when any text redaction is on (see the type's notes).
    package func redactNotes(_ notes: String?) -> (String?, RedactionCounts) {
        guard let notes, !notes.isEmpty, policy.text != .keep else { return (notes, RedactionCounts()) }
        return PIIScanner.mask(notes)
    }

    /// Applies the address policy to a customer's (or external party's) display name; other names stay.
    ///
    /// A customer's `name` is usually their phone number, e-mail or real name, so it is an address;
    /// agent, queue and flow names are the organisation's own and are kept.
    package func redactParticipantName(_ name: String?, purpose: String?) -> (String?, RedactionCounts) {
        let personal = ["customer", "external"].contains(purpose?.lowercased() ?? "")
        return personal ? redactAddress(name) : (name, RedactionCounts())
    }

    /// Applies the address policy to one address value (nil and empty stay as they are).
    package func redactAddress(_ address: String?) -> (String?, RedactionCounts) {
        guard let address, !address.isEmpty else { return (address, RedactionCounts()) }
        switch policy.addresses {
        case .keep:
            return (address, RedactionCounts())
        case .hash:
            return (hashAddress(address), RedactionCounts(addressesHashed: 1))
        case .drop:
            return (nil, RedactionCounts(addressesDropped: 1))
        }
    }

    /// The keyed hash of an address, `hmac:<hex>`; the address itself when no key is configured.
    package func hashAddress(_ address: String) -> String {
        guard let key else { return address }
        let mac = HMAC<SHA256>.authenticationCode(for: Data(address.utf8), using: key)
        return "hmac:" + mac.map { String(format: "%02x", $0) }.joined()
    }

    // MARK: - JSON

    /// Applies both policies to every text and address field of any API object.
    ///
    /// Returns the input bytes unchanged when the redactor ``isIdentity``; otherwise the object re-encoded
    /// with sorted keys. Dropped fields are removed from their object.
    /// - Throws: ``RedactionError/invalidJSON(reason:)`` when `json` does not parse.
    package func redactJSON(_ json: Data) throws -> (Data, RedactionCounts) {
        if isIdentity { return (json, RedactionCounts()) }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: json, options: [.fragmentsAllowed])
        } catch {
            throw RedactionError.invalidJSON(reason: "\(error)")
        }
        var counts = RedactionCounts()
        let redacted = walk(object, context: .plain, counts: &counts)
        do {
            let data = try JSONSerialization.data(
                withJSONObject: redacted,
                options: [.sortedKeys, .withoutEscapingSlashes, .fragmentsAllowed]
            )
            return (data, counts)
        } catch {
            throw RedactionError.invalidJSON(reason: "\(error)")
        }
    }

    private enum Context {
        case plain
        /// Inside a `from`/`to` recipient, an Address object or a customer participant: `name`/`id` are PII.
        case personal
        /// Inside a `from`/`to` recipient: `id` is the provider address too.
        case recipient
    }

    private static let textKeys: Set<String> = ["text", "body", "textBody", "caption", "summaryText", "subject"]
    private static let notesKeys: Set<String> = ["notes"]
    private static let addressKeys: Set<String> = [
        "fromAddress", "toAddress", "address", "addressRaw", "addressNormalized", "addressDisplayable",
        "addressFrom", "addressTo", "addressOther", "ani", "dnis", "remote", "remoteNameDisplayable",
        "nameRaw", "nickname", "firstName", "lastName", "email", "phone", "phoneNumber", "addressStored",
        "aniName", "sessionDnis", "transferTargetAddress",
    ]
    /// Keys whose value is a list of addresses.
    private static let addressListKeys: Set<String> = ["addresses", "destinationAddresses", "emails"]

    private func walk(_ value: Any, context: Context, counts: inout RedactionCounts) -> Any {
        if let array = value as? [Any] {
            return array.map { walk($0, context: context, counts: &counts) }
        }
        guard let object = value as? [String: Any] else { return value }
        let isCustomer = (object["purpose"] as? String)?.lowercased() == "customer"
        let isAddressObject =
            object["addressRaw"] != nil || object["addressNormalized"] != nil
            || object["nameRaw"] != nil
        let ownContext: Context =
            context == .recipient ? .recipient : (isCustomer || isAddressObject ? .personal : .plain)
        var result: [String: Any] = [:]
        for (key, member) in object {
            if let string = member as? String {
                if let replaced = redactString(string, key: key, context: ownContext, counts: &counts) {
                    result[key] = replaced
                }
                continue
            }
            if Self.addressListKeys.contains(key), let list = member as? [Any] {
                result[key] = list.compactMap { element -> Any? in
                    guard let string = element as? String else {
                        return walk(element, context: .personal, counts: &counts)
                    }
                    let (value, delta) = redactAddress(string)
                    counts += delta
                    return value
                }
                continue
            }
            let childContext: Context
            if key == "from" || key == "to" {
                childContext = .recipient
            } else if key == "fromAddress" || key == "toAddress" {
                childContext = .personal
            } else {
                childContext = .plain
            }
            result[key] = walk(member, context: childContext, counts: &counts)
        }
        return result
    }

    /// The redacted value of one string member, or nil when the member is dropped.
    private func redactString(_ string: String, key: String, context: Context, counts: inout RedactionCounts)
        -> String?
    {
        let isAddress =
            Self.addressKeys.contains(key)
            || (context != .plain && (key == "name" || key == "participantName"))
            || (context == .recipient && (key == "id" || key == "image"))
        if isAddress {
            let (value, delta) = redactAddress(string)
            counts += delta
            return value
        }
        if Self.textKeys.contains(key) {
            let (value, delta) = redactText(string)
            counts += delta
            return value
        }
        if Self.notesKeys.contains(key) {
            let (value, delta) = redactNotes(string)
            counts += delta
            return value
        }
        return string
    }
}

/// Why a redactor could not be created or applied.
package enum RedactionError: Error, Equatable, CustomStringConvertible {
    /// `redact.addresses: hash` needs a key (GENESYSCLOUD_EXPORT_HASH_KEY) and none was given.
    case missingHashKey
    /// The object to redact is not valid JSON.
    case invalidJSON(reason: String)

    /// A message for the person reading the terminal.
    package var description: String {
        switch self {
        case .missingHashKey:
            "redact.addresses is 'hash' but no hash key was given (set GENESYSCLOUD_EXPORT_HASH_KEY)"
        case .invalidJSON(let reason):
            "cannot redact an object that is not valid JSON: \(reason)"
        }
    }
}
