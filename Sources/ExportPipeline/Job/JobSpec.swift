import Foundation

/// A validated export job, decoded from a YAML job file (see `schemas/job.schema.json`).
///
/// Load one with ``load(from:)``; every problem in the file is reported at once as a ``JobValidationError``.
///
/// ```swift
/// let job = try JobSpec.load(from: URL(fileURLWithPath: "jobs/nightly.yaml"))
/// print(job.name, job.output.sqlite.path)
/// ```
///
/// Relative paths in the file (`output.sqlite`, `output.ndjson`, `source.conversationIdsFile`) are already
/// resolved against the job file's folder, and an id file has already been read and de-duplicated.
package struct JobSpec: Sendable, Equatable {
    /// The job's name; safe to use in file names (`[A-Za-z0-9._-]`, starting with a letter or digit).
    package var name: String
    /// Free text describing the job for humans; not used by the export.
    package var description: String?
    /// The job file this spec was loaded from (absolute, standardized).
    package var fileURL: URL
    /// Lowercase hex SHA-256 of the job file's bytes, recorded with every run and in archive manifests.
    package var fileSHA256: String
    /// Which conversations the job exports.
    package var source: Source
    /// What is fetched for each conversation and how fast.
    package var fetch: Fetch
    /// Where the export is written.
    package var output: Output
    /// How message text and addresses are redacted in every output.
    package var redact: Redaction

    /// Creates a job spec directly (tests and programmatic use); files go through ``load(from:)``.
    package init(
        name: String,
        description: String? = nil,
        fileURL: URL,
        fileSHA256: String = "",
        source: Source,
        fetch: Fetch = Fetch(),
        output: Output,
        redact: Redaction = Redaction()
    ) {
        self.name = name
        self.description = description
        self.fileURL = fileURL
        self.fileSHA256 = fileSHA256
        self.source = source
        self.fetch = fetch
        self.output = output
        self.redact = redact
    }

    // MARK: - Source

    /// The set of conversations a job exports; a job file names exactly one kind.
    package enum Source: Sendable, Equatable {
        /// Incremental export: the first run starts at `start`, later runs at the stored watermark minus `lookback`,
        /// never reading past "now minus `settleDelay`".
        case since(
            start: Date,
            lookback: Duration = JobSpec.defaultLookback,
            settleDelay: Duration = JobSpec.defaultSettleDelay
        )
        /// A fixed half-open time window `[start, end)` of conversation start times.
        case interval(start: Date, end: Date)
        /// An explicit list of conversation ids, in file order, without duplicates.
        case conversationIDs([String])
        /// A snapshot of the conversations active at the time of the run.
        case active

        /// The YAML key naming this kind of source (`since`, `interval`, `conversationIds`, `active`).
        package var kind: String {
            switch self {
            case .since: "since"
            case .interval: "interval"
            case .conversationIDs: "conversationIds"
            case .active: "active"
            }
        }

        /// One human-readable line describing the source, for summaries, logs and manifests.
        package var summary: String {
            switch self {
            case let .since(start, lookback, settleDelay):
                "since \(JobDateTime.format(start)) (lookback \(JobDuration.format(lookback)), "
                    + "settle delay \(JobDuration.format(settleDelay)))"
            case let .interval(start, end):
                "interval \(JobDateTime.format(start))/\(JobDateTime.format(end))"
            case let .conversationIDs(ids):
                ids.count == 1 ? "1 conversation id" : "\(ids.count) conversation ids"
            case .active:
                "active conversations"
            }
        }
    }

    /// Default `source.lookback`: how far before the stored watermark an incremental run starts again.
    package static let defaultLookback: Duration = .seconds(3600)
    /// Default `source.settleDelay`: how far behind "now" an incremental run stops.
    package static let defaultSettleDelay: Duration = .seconds(300)

    // MARK: - Fetch

    /// What is fetched per conversation, and the request budget.
    package struct Fetch: Sendable, Equatable {
        /// Export message bodies: details (20) are fetched for ids the bulk call (18) did not return.
        package var messageDetails = true
        /// Export wrap-ups (30/32) and wrap-up code names (33).
        package var wrapups = true
        /// Export the org's cached media list (4/5) once per run.
        package var cachedMedia = true
        /// Attachments: none, metadata (from the messages themselves) or metadata plus downloaded bytes
        /// (YAML `true|false|download`).
        package var media: MediaMode = .metadata
        /// List the media uploaded on each agent communication (21), one request per communication; off by default
        /// because message attachments already come with the messages.
        package var communicationMedia = false
        /// Conversations fetched in parallel (1...32).
        package var concurrency = 4
        /// Request budget shared by all fetchers (1...100000).
        package var requestsPerMinute = 300
        /// How `since` and `interval` sources enumerate conversations.
        package var analytics: AnalyticsMode = .auto
        /// Page size of analytics conversation-detail queries (1...100).
        package var pageSize = 100
    }

    /// How much communication media is exported.
    package enum MediaMode: String, Sendable, CaseIterable {
        /// No communication media (`media: false`).
        case none
        /// Media metadata only (`media: true`).
        case metadata
        /// Metadata plus the bytes, stored in the archive under their SHA-256 (`media: download`).
        case download
    }

    /// How conversations are enumerated through the analytics API.
    package enum AnalyticsMode: String, Sendable, CaseIterable {
        /// The synchronous query today, whatever the window's size (the tool may choose by size later).
        case auto
        /// Always the synchronous conversation-detail query (34).
        case sync
        /// Always asynchronous detail jobs (35-38).
        case async
    }

    // MARK: - Output

    /// Where the export is written; paths are absolute after loading.
    package struct Output: Sendable, Equatable {
        /// The SQLite database file.
        package var sqlite: URL
        /// The root folder of the gzipped NDJSON archive; `nil` writes no NDJSON.
        package var ndjson: URL?
        /// Gzip compression level of NDJSON files (1...9).
        package var gzipLevel = 6

        /// Creates output options.
        package init(sqlite: URL, ndjson: URL? = nil, gzipLevel: Int = 6) {
            self.sqlite = sqlite
            self.ndjson = ndjson
            self.gzipLevel = gzipLevel
        }
    }

    // MARK: - Redaction

    /// What happens to message text in SQLite and NDJSON alike.
    package enum TextPolicy: String, Sendable, CaseIterable {
        /// Text is exported as received.
        case keep
        /// Card numbers, e-mail addresses and phone numbers in text become `[card]`, `[email]`, `[phone]`.
        case maskPII = "mask-pii"
        /// Text is removed.
        case drop
    }

    /// What happens to customer addresses (from/to) in SQLite and NDJSON alike.
    package enum AddressPolicy: String, Sendable, CaseIterable {
        /// Addresses are exported as received.
        case keep
        /// Addresses become a keyed HMAC-SHA-256 (key from `GENESYSCLOUD_EXPORT_HASH_KEY`).
        case hash
        /// Addresses are removed.
        case drop
    }

    /// The redaction policy of a job.
    package struct Redaction: Sendable, Equatable {
        /// The text policy type, also reachable as `JobSpec.TextPolicy`.
        package typealias TextPolicy = JobSpec.TextPolicy
        /// The address policy type, also reachable as `JobSpec.AddressPolicy`.
        package typealias AddressPolicy = JobSpec.AddressPolicy

        /// What happens to message text.
        package var text: TextPolicy = .keep
        /// What happens to addresses.
        package var addresses: AddressPolicy = .keep

        /// Creates a redaction policy; the default keeps everything.
        package init(text: TextPolicy = .keep, addresses: AddressPolicy = .keep) {
            self.text = text
            self.addresses = addresses
        }
    }
}
