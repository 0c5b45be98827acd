import Foundation

/// One OAuth client the simulator accepts at `POST /oauth/token` (client-credentials grant).
///
/// Every client gets its own bearer tokens, and every token its own rate-limit window, so two clients
/// have separate budgets exactly as two Genesys OAuth clients do.
///
/// ```swift
/// let reporting = try ClientCredential(parsing: "reporting:s3cret")
/// let configuration = SimulatorConfiguration(clients: [reporting])
/// ```
package struct ClientCredential: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// The client id.
    package var id: String
    /// The client secret (never logged; `description` leaves it out).
    package var secret: String

    /// Creates a credential.
    package init(id: String, secret: String) {
        self.id = id
        self.secret = secret
    }

    /// Parses `ID:SECRET` (the `sim --client` form); the secret may itself contain colons.
    ///
    /// - Throws: `ClientCredential.ParseError` when the id or the secret is empty or the colon is missing.
    package init(parsing text: String) throws {
        guard let colon = text.firstIndex(of: ":") else { throw ParseError(text: text) }
        let id = String(text[..<colon])
        let secret = String(text[text.index(after: colon)...])
        guard !id.isEmpty, !secret.isEmpty else { throw ParseError(text: text) }
        self.init(id: id, secret: secret)
    }

    /// The id only; secrets stay out of logs and error messages.
    package var description: String { "client \(id)" }

    /// A `--client` value that is not `ID:SECRET`.
    package struct ParseError: Error, CustomStringConvertible {
        /// The id part of the text that did not parse (empty when there was none); the rest may be a secret.
        package var id: String

        init(text: String) {
            id = text.firstIndex(of: ":").map { String(text[..<$0]) } ?? ""
        }

        /// Names the expected shape without echoing anything that may be a secret.
        package var description: String {
            let which = id.isEmpty ? "" : " for client \(id)"
            return "A client must be given as ID:SECRET with neither part empty\(which)"
        }
    }
}
