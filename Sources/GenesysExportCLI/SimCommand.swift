import ArgumentParser
import Foundation
import GenesysModels
import GenesysSimulator
import Logging

/// `genesys-export sim`: a local Genesys Cloud on loopback.
struct SimCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sim",
        abstract: "Run the Genesys Cloud simulator: every messaging endpoint, OAuth and analytics on one host:port.",
        discussion: """
            Point a job at it with GENESYSCLOUD_API_URL and GENESYSCLOUD_LOGIN_URL set to the printed URL and \
            GENESYSCLOUD_OAUTHCLIENT_ID / GENESYSCLOUD_OAUTHCLIENT_SECRET set to --client-id / --client-secret \
            (or to one of the --client ID:SECRET pairs). Each client gets its own tokens, and each token its own \
            --rate-limit budget: a fixed 60-second window that opens at the token's first request; every response \
            carries inin-ratelimit-count/-allowed/-reset, and a request over the limit gets 429 with Retry-After \
            set to the seconds left in the window. GET /sim/stats returns the request counters. Stops on Ctrl-C \
            or SIGTERM.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: "Address to listen on (loopback by default).")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on (0 picks a free one).")
    var port = 8080

    @OptionGroup var org: SimulatorOptions

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
        try org.validate()
    }

    func run() async throws {
        let logger = global.bootstrapLogging()
        let configuration = try org.makeConfiguration()
        let quiet = global.quiet
        let clientID = configuration.clientID
        let clientSecret = configuration.clientSecret
        let others = configuration.acceptedClients.dropFirst().map { "\n  also client:   \($0.id) / \($0.secret)" }
        try await GenesysSimulator.run(configuration, host: host, port: port, logger: logger) { url in
            guard !quiet else { return }
            let banner =
                """
                Genesys Cloud simulator listening on \(url.absoluteString)
                  conversations: \(configuration.conversations), seed: \(configuration.seed)
                  client id:     \(clientID)
                  client secret: \(clientSecret)\(others.joined())
                Use it with:
                  export GENESYSCLOUD_API_URL=\(url.absoluteString) GENESYSCLOUD_LOGIN_URL=\(url.absoluteString)
                  export GENESYSCLOUD_OAUTHCLIENT_ID=\(clientID) GENESYSCLOUD_OAUTHCLIENT_SECRET=\(clientSecret)
                Stats: \(url.absoluteString)/sim/stats · Ctrl-C stops.

                """
            FileHandle.standardOutput.write(Data(banner.utf8))
        }
    }
}

/// The simulator's org, limit and fault flags, shared by `sim` and `demo`.
struct SimulatorOptions: ParsableArguments {
    @Option(help: "Seed of the synthetic org (same seed, same org).")
    var seed: UInt64 = 42

    @Option(help: "Number of seeded conversations.")
    var conversations = 200

    @Option(help: "Start of the org's time range (ISO-8601; default: 30 days before --end).")
    var start: String?

    @Option(help: "End of the org's time range (ISO-8601, default 2026-11-01T00:00:00Z).")
    var end: String?

    @Option(help: "OAuth client id the simulator accepts.")
    var clientID = "sim-client"

    @Option(help: "OAuth client secret the simulator accepts.")
    var clientSecret = "sim-secret"

    @Option(
        name: .customLong("client"),
        help: ArgumentHelp(
            "A further OAuth client the simulator accepts, with its own tokens and rate-limit budget (repeatable).",
            valueName: "id:secret"
        )
    )
    var clients: [String] = []

    @Option(help: "Lifetime of issued tokens, in seconds.")
    var tokenLifetime = 86_399

    @Option(help: "Requests per token per fixed 60-second window before 429 (0 = no limit).")
    var rateLimit = 300

    @Option(help: "Share (0…1) of messages in the legacy textBody/media shape.")
    var legacyShare = 0.05

    @Option(help: "Number of cached media items.")
    var cachedMedia = 60

    @Option(help: "Share (0…1) of API requests answered with an injected 429.")
    var fault429Rate = 0.0

    @Option(help: "Share (0…1) of API requests answered with an injected 500/502/503.")
    var fault5xxRate = 0.0

    @Option(help: "Share (0…1) of API requests whose connection is reset without an answer.")
    var faultResetRate = 0.0

    @Option(help: "Added latency per request, in milliseconds.")
    var latencyMs = 0

    @Option(help: "Retry-After seconds sent with injected 429s.")
    var retryAfter = 1

    @Option(help: "Conversation id whose conversation and bulk responses are malformed JSON (repeatable).")
    var malformedConversation: [String] = []

    @Option(help: "Conversation id whose bulk response has one message without an id (repeatable).")
    var bulkMissingIDConversation: [String] = []

    @Option(help: "Conversation id the token may not read: 403 on its conversation endpoints (repeatable).")
    var forbiddenConversation: [String] = []

    func validate() throws {
        guard conversations >= 0 else { throw ValidationError("--conversations must not be negative") }
        guard tokenLifetime > 0 else { throw ValidationError("--token-lifetime must be positive") }
        guard rateLimit >= 0 else { throw ValidationError("--rate-limit must not be negative") }
        for (name, rate) in [
            ("--legacy-share", legacyShare), ("--fault-429-rate", fault429Rate), ("--fault-5xx-rate", fault5xxRate),
            ("--fault-reset-rate", faultResetRate),
        ] where !(0...1).contains(rate) {
            throw ValidationError("\(name) must be between 0 and 1 (got \(rate))")
        }
        guard latencyMs >= 0 else { throw ValidationError("--latency-ms must not be negative") }
        var ids: Set<String> = [clientID]
        for client in try parsedClients() where !ids.insert(client.id).inserted {
            throw ValidationError("--client \(client.id) is given twice (or is also --client-id)")
        }
        _ = try makeConfiguration()
    }

    /// The `--client ID:SECRET` values.
    func parsedClients() throws -> [ClientCredential] {
        try clients.map { text in
            do {
                return try ClientCredential(parsing: text)
            } catch {
                throw ValidationError("--client: \(error)")
            }
        }
    }

    func makeConfiguration() throws -> SimulatorConfiguration {
        func date(_ text: String?, _ flag: String) throws -> Date? {
            guard let text else { return nil }
            guard let date = GenesysDate.parse(text) else {
                throw ValidationError("\(flag) is not an ISO-8601 datetime such as 2026-11-01T00:00:00Z: \(text)")
            }
            return date
        }
        let endDate = try date(end, "--end") ?? SimulatorConfiguration.defaultEnd
        let startDate = try date(start, "--start")
        if let startDate, startDate >= endDate { throw ValidationError("--start must be before --end") }
        var configuration = SimulatorConfiguration(
            seed: seed,
            conversations: conversations,
            start: startDate,
            end: endDate,
            clientID: clientID,
            clientSecret: clientSecret,
            clients: try parsedClients(),
            tokenLifetime: .seconds(tokenLifetime),
            rateLimitPerMinute: rateLimit,
            legacyMessageShare: legacyShare,
            cachedMediaItems: cachedMedia,
            faults: FaultPlan(
                rate429: fault429Rate,
                rate5xx: fault5xxRate,
                rateReset: faultResetRate,
                latency: .milliseconds(latencyMs),
                retryAfterSeconds: retryAfter,
                malformedConversationIDs: Set(malformedConversation),
                bulkMissingIDConversationIDs: Set(bulkMissingIDConversation),
                seed: seed
            )
        )
        configuration.faults.forbiddenConversationIDs = Set(forbiddenConversation)
        return configuration
    }
}
