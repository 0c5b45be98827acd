import Foundation
import Yams

// MARK: - Accepted keys

extension JobSpec {
    /// The keys a job file may contain, per section; the JSON schema lists exactly these (a test compares them).
    enum Keys {
        static let root = ["name", "description", "source", "fetch", "output", "redact"]
        static let sourceKinds = ["since", "interval", "conversationIds", "conversationIdsFile", "active"]
        static let source = sourceKinds + ["lookback", "settleDelay"]
        static let fetch = [
            "messageDetails", "wrapups", "media", "communicationMedia", "cachedMedia", "concurrency",
            "requestsPerMinute", "analytics", "pageSize",
        ]
        static let output = ["sqlite", "ndjson", "gzipLevel"]
        static let redact = ["text", "addresses"]
    }

    /// Every key path a job file may contain (`name`, `source.since`, `fetch.concurrency`, …).
    package static var acceptedKeyPaths: Set<String> {
        var paths = Set(Keys.root)
        for (section, keys) in [
            ("source", Keys.source), ("fetch", Keys.fetch), ("output", Keys.output),
            ("redact", Keys.redact),
        ] {
            paths.formUnion(keys.map { "\(section).\($0)" })
        }
        return paths
    }

    /// Limits enforced on numeric and duration values.
    enum Limits {
        static let concurrency = 1...32
        static let requestsPerMinute = 1...100_000
        static let pageSize = 1...100
        static let gzipLevel = 1...9
        static let lookback: ClosedRange<Duration> = .seconds(0) ... .seconds(30 * 86_400)
        static let settleDelay: ClosedRange<Duration> = .seconds(0) ... .seconds(7 * 86_400)
        static let nameLength = 64
    }
}

// MARK: - Sections

extension JobFileDecoder {
    /// Decodes and validates the whole document; `nil` when any problem was found.
    mutating func decodeJob(_ root: Node, fileURL: URL, sha256: String) -> JobSpec? {
        let expectation = "a mapping with the keys name, source, output (and optionally fetch, redact, description)"
        guard let entries = entries(of: root, at: "", allowed: JobSpec.Keys.root, expectation: expectation) else {
            return nil
        }
        var name: String?
        if let (_, node) = entries["name"] {
            name = decodeName(node)
        } else {
            reportMissing("name", in: "", at: root.mark, "used in file names, like `name: nightly`")
        }
        var description: String?
        if let (_, node) = entries["description"], node.tagName != .null {
            description = string(node, at: "description")
        }
        var source: JobSpec.Source?
        if let (key, node) = entries["source"] {
            source = decodeSource(node, key: key)
        } else {
            reportMissing(
                "source",
                in: "",
                at: root.mark,
                "give exactly one of \(JobSpec.Keys.sourceKinds.joined(separator: ", "))"
            )
        }
        var fetch = JobSpec.Fetch()
        if let (_, node) = entries["fetch"], node.tagName != .null {
            fetch = decodeFetch(node)
        }
        var output: JobSpec.Output?
        var outputNode: Node?
        if let (key, node) = entries["output"] {
            output = decodeOutput(node, key: key)
            outputNode = node
        } else {
            reportMissing("output", in: "", at: root.mark, "at least `output: { sqlite: out/<name>.sqlite }`")
        }
        var redact = JobSpec.Redaction()
        if let (_, node) = entries["redact"], node.tagName != .null {
            redact = decodeRedaction(node)
        }
        if fetch.media == .download, let output, output.ndjson == nil {
            let mediaNode = entries["fetch"].flatMap { $0.value.mapping?["media"] }
            report(
                "fetch.media",
                at: mediaNode ?? outputNode,
                "`download` stores media files in the NDJSON archive; set `output.ndjson` too"
            )
        }
        guard problems.isEmpty, let name, let source, let output else { return nil }
        return JobSpec(
            name: name,
            description: description,
            fileURL: fileURL,
            fileSHA256: sha256,
            source: source,
            fetch: fetch,
            output: output,
            redact: redact
        )
    }

    private mutating func decodeName(_ node: Node) -> String? {
        guard let name = string(node, at: "name") else { return nil }
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
        guard let first = name.first else {
            report("name", at: node, "must not be empty")
            return nil
        }
        if let bad = name.first(where: { !allowed.contains($0) }) {
            report(
                "name",
                at: node,
                "may only contain letters, digits, `.`, `_` and `-` because it is used in "
                    + "file names (got \"\(name)\" with \"\(bad)\")"
            )
            return nil
        }
        guard first.isLetter || first.isNumber else {
            report("name", at: node, "must start with a letter or digit (got \"\(name)\")")
            return nil
        }
        guard name.count <= JobSpec.Limits.nameLength else {
            report("name", at: node, "must be at most \(JobSpec.Limits.nameLength) characters (got \(name.count))")
            return nil
        }
        return name
    }

    // MARK: Source

    private mutating func decodeSource(_ node: Node, key: Node) -> JobSpec.Source? {
        let kinds = JobSpec.Keys.sourceKinds
        let expectation = "a mapping with exactly one of \(kinds.joined(separator: ", "))"
        guard let entries = entries(of: node, at: "source", allowed: JobSpec.Keys.source, expectation: expectation)
        else { return nil }

        let present = kinds.compactMap { kind in entries[kind].map { (kind: kind, key: $0.key, value: $0.value) } }
            .sorted {
                ($0.key.mark?.line ?? 0, $0.key.mark?.column ?? 0) < ($1.key.mark?.line ?? 0, $1.key.mark?.column ?? 0)
            }
        if present.isEmpty {
            report("source", at: key, "must name exactly one of \(kinds.joined(separator: ", "))")
        }
        if let first = present.first {
            for extra in present.dropFirst() {
                let line = first.key.mark.map { " (line \($0.line))" } ?? ""
                report(
                    "source.\(extra.kind)",
                    at: extra.key,
                    "conflicts with `source.\(first.kind)`\(line): a job names exactly one of "
                        + kinds.joined(separator: ", ")
                )
            }
        }

        var decoded: [JobSpec.Source] = []
        for entry in present {
            let path = "source.\(entry.kind)"
            switch entry.kind {
            case "since":
                if let text = string(entry.value, at: path, expectation: "a datetime"),
                    let start = dateTime(text, node: entry.value, at: path)
                {
                    decoded.append(.since(start: start))
                }
            case "interval":
                if let interval = decodeInterval(entry.value, at: path) { decoded.append(interval) }
            case "conversationIds":
                if let ids = decodeIDList(entry.value, at: path) { decoded.append(.conversationIDs(ids)) }
            case "conversationIdsFile":
                if let ids = decodeIDFile(entry.value, at: path) { decoded.append(.conversationIDs(ids)) }
            default:
                if let active = bool(entry.value, at: path) {
                    if active {
                        decoded.append(.active)
                    } else {
                        report(
                            path,
                            at: entry.value,
                            "must be true; to export something else, remove `active` "
                                + "and give one of since, interval, conversationIds, conversationIdsFile"
                        )
                    }
                }
            }
        }

        let isSince = present.count == 1 && present.first?.kind == "since"
        var lookback = JobSpec.defaultLookback
        var settleDelay = JobSpec.defaultSettleDelay
        for (key, limit) in [("lookback", JobSpec.Limits.lookback), ("settleDelay", JobSpec.Limits.settleDelay)] {
            guard let entry = entries[key] else { continue }
            let path = "source.\(key)"
            if let value = duration(entry.value, at: path, in: limit) {
                if key == "lookback" { lookback = value } else { settleDelay = value }
            }
            if !isSince, let kind = present.first?.kind, present.count == 1 {
                report(path, at: entry.key, "applies only to `since` sources (this job uses `\(kind)`)")
            }
        }

        guard decoded.count == 1, let source = decoded.first else { return nil }
        if case let .since(start, _, _) = source {
            return .since(start: start, lookback: lookback, settleDelay: settleDelay)
        }
        return source
    }

    private mutating func decodeInterval(_ node: Node, at path: String) -> JobSpec.Source? {
        let expectation = "an ISO-8601 interval \"START/END\", like \"2026-11-01T00:00:00Z/2026-11-02T00:00:00Z\""
        guard let text = string(node, at: path, expectation: expectation) else { return nil }
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2 else {
            report(path, at: node, "must be \(expectation) (got \"\(text)\")")
            return nil
        }
        let start = dateTime(parts[0], node: node, at: path, label: "start ")
        let end = dateTime(parts[1], node: node, at: path, label: "end ")
        guard let start, let end else { return nil }
        guard end > start else {
            report(path, at: node, "end \(parts[1]) must be after start \(parts[0])")
            return nil
        }
        return .interval(start: start, end: end)
    }

    private mutating func decodeIDList(_ node: Node, at path: String) -> [String]? {
        guard case let .sequence(sequence) = node else {
            report(path, at: node, "must be a list of conversation ids (got \(Self.describe(node)))")
            return nil
        }
        guard !sequence.isEmpty else {
            report(path, at: node, "must list at least one conversation id")
            return nil
        }
        var ids: [String] = []
        var isValid = true
        for (index, element) in sequence.enumerated() {
            let elementPath = "\(path)[\(index)]"
            guard let id = string(element, at: elementPath, expectation: "a conversation id") else {
                isValid = false
                continue
            }
            if let reason = Self.idProblem(id) {
                report(elementPath, at: element, reason)
                isValid = false
            } else {
                ids.append(id)
            }
        }
        return isValid ? Self.deduplicated(ids) : nil
    }

    // MARK: Fetch

    private mutating func decodeFetch(_ node: Node) -> JobSpec.Fetch {
        var fetch = JobSpec.Fetch()
        guard let entries = entries(of: node, at: "fetch", allowed: JobSpec.Keys.fetch, expectation: "a mapping")
        else { return fetch }
        for (key, entry) in entries {
            let path = "fetch.\(key)"
            let value = entry.value
            switch key {
            case "messageDetails": if let flag = bool(value, at: path) { fetch.messageDetails = flag }
            case "wrapups": if let flag = bool(value, at: path) { fetch.wrapups = flag }
            case "cachedMedia": if let flag = bool(value, at: path) { fetch.cachedMedia = flag }
            case "communicationMedia": if let flag = bool(value, at: path) { fetch.communicationMedia = flag }
            case "media": if let mode = decodeMedia(value, at: path) { fetch.media = mode }
            case "concurrency":
                if let number = integer(value, at: path, in: JobSpec.Limits.concurrency) { fetch.concurrency = number }
            case "requestsPerMinute":
                if let number = integer(value, at: path, in: JobSpec.Limits.requestsPerMinute) {
                    fetch.requestsPerMinute = number
                }
            case "analytics":
                if let mode = choice(value, at: path, as: JobSpec.AnalyticsMode.self) { fetch.analytics = mode }
            default:
                if let number = integer(value, at: path, in: JobSpec.Limits.pageSize) { fetch.pageSize = number }
            }
        }
        return fetch
    }

    private mutating func decodeMedia(_ node: Node, at path: String) -> JobSpec.MediaMode? {
        if node.tagName == .bool, let flag = node.bool {
            return flag ? .metadata : JobSpec.MediaMode.none
        }
        guard case let .scalar(scalar) = node, node.tagName == .str,
            let mode = JobSpec.MediaMode(rawValue: scalar.string)
        else {
            var message = "must be true (metadata), false (none) or download (got \(Self.describe(node)))"
            if let text = node.scalar?.string, let hint = Self.closest(to: text, in: ["download"]) {
                message += "; did you mean `\(hint)`?"
            }
            report(path, at: node, message)
            return nil
        }
        return mode
    }

    // MARK: Output and redaction

    private mutating func decodeOutput(_ node: Node, key: Node) -> JobSpec.Output? {
        let expectation = "a mapping with at least `sqlite`"
        guard let entries = entries(of: node, at: "output", allowed: JobSpec.Keys.output, expectation: expectation)
        else { return nil }
        var sqlite: URL?
        if let entry = entries["sqlite"] {
            sqlite = path(entry.value, at: "output.sqlite", isFolder: false)
        } else {
            reportMissing("sqlite", in: "output", at: key.mark, "the SQLite file, like `sqlite: out/nightly.sqlite`")
        }
        var ndjson: URL?
        if let entry = entries["ndjson"], entry.value.tagName != .null {
            ndjson = path(entry.value, at: "output.ndjson", isFolder: true)
            if let sqlite, let ndjson, sqlite.path == ndjson.path {
                report("output.ndjson", at: entry.value, "must differ from output.sqlite")
            }
        }
        var gzipLevel = 6
        if let entry = entries["gzipLevel"],
            let level = integer(entry.value, at: "output.gzipLevel", in: JobSpec.Limits.gzipLevel)
        {
            gzipLevel = level
        }
        guard let sqlite else { return nil }
        return JobSpec.Output(sqlite: sqlite, ndjson: ndjson, gzipLevel: gzipLevel)
    }

    private mutating func decodeRedaction(_ node: Node) -> JobSpec.Redaction {
        var redaction = JobSpec.Redaction()
        guard let entries = entries(of: node, at: "redact", allowed: JobSpec.Keys.redact, expectation: "a mapping")
        else { return redaction }
        if let entry = entries["text"], let policy = choice(entry.value, at: "redact.text", as: JobSpec.TextPolicy.self)
        {
            redaction.text = policy
        }
        if let entry = entries["addresses"],
            let policy = choice(entry.value, at: "redact.addresses", as: JobSpec.AddressPolicy.self)
        {
            redaction.addresses = policy
        }
        return redaction
    }

    // MARK: Ids

    /// Why `id` is not a usable conversation id, or `nil` when it is.
    static func idProblem(_ id: String) -> String? {
        if id.isEmpty { return "a conversation id must not be empty" }
        if id.contains(where: { $0.isWhitespace || $0.isNewline }) {
            return "a conversation id must not contain spaces (got \"\(id)\")"
        }
        if id.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0 == "\u{FEFF}" }) {
            return "a conversation id must not contain control characters"
        }
        if id.contains("/") || id.contains("?") || id.contains("#") || id.contains("%") {
            return "a conversation id must not contain `/`, `?`, `#` or `%` (got \"\(id)\")"
        }
        return nil
    }

    /// `ids` without repeats, keeping the first occurrence's position.
    static func deduplicated(_ ids: [String]) -> [String] {
        var seen = Set<String>()
        return ids.filter { seen.insert($0).inserted }
    }
}
