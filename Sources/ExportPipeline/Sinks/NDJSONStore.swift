import Foundation
import GenesysModels
import NIOCore

/// The committed state of one NDJSON file, stored in `checkpoints` in the same transaction as the rows it matches.
package struct NDJSONFileCheckpoint: Sendable, Equatable {
    /// Path relative to the NDJSON root (`messages/dt=2026-11-01/part-000003-0001.ndjson.gz`).
    package var path: String
    /// Committed byte length; everything after it is discarded on resume.
    package var length: Int64
    /// Lines committed.
    package var records: Int
    /// Earliest record time committed.
    package var firstTimestamp: Date?
    /// Latest record time committed.
    package var lastTimestamp: Date?

    /// The checkpoint key for this file.
    package var key: String { Self.keyPrefix + path }
    /// Prefix of NDJSON file checkpoint keys.
    package static let keyPrefix = "ndjson:"

    /// The checkpoint value: `length records first last` (`-` for no time).
    package var value: String {
        "\(length) \(records) \(firstTimestamp.map(GenesysDate.format) ?? "-") \(lastTimestamp.map(GenesysDate.format) ?? "-")"
    }

    /// Creates a file checkpoint.
    package init(path: String, length: Int64, records: Int, firstTimestamp: Date?, lastTimestamp: Date?) {
        self.path = path
        self.length = length
        self.records = records
        self.firstTimestamp = firstTimestamp
        self.lastTimestamp = lastTimestamp
    }

    /// Parses a stored checkpoint row; nil when it is not an NDJSON file checkpoint.
    package init?(key: String, value: String) {
        guard key.hasPrefix(Self.keyPrefix) else { return nil }
        let parts = value.split(separator: " ").map(String.init)
        guard parts.count == 4, let length = Int64(parts[0]), let records = Int(parts[1]) else { return nil }
        self.init(
            path: String(key.dropFirst(Self.keyPrefix.count)),
            length: length,
            records: records,
            firstTimestamp: parts[2] == "-" ? nil : GenesysDate.parse(parts[2]),
            lastTimestamp: parts[3] == "-" ? nil : GenesysDate.parse(parts[3])
        )
    }
}

/// The run's NDJSON files: `<root>/<entity>/dt=<day>/part-<runID padded 6>-<seq>.ndjson.gz`.
///
/// Owned by the single writer. Lines are buffered per file until ``flush()``, which writes one gzip member per
/// touched file, fsyncs it and returns the new committed states; the caller stores them in the same SQLite
/// transaction as the rows. A file's buffer that reaches ``spillBytes`` before the commit is compressed into a member
/// of its own on a background thread and appended without fsync (the commit's fsync covers it), so a commit of one
/// 20,000-message conversation holds a few MiB of lines rather than all of them; those bytes lie past the committed
/// length until the commit, like any uncommitted member. On start, files of this run are truncated back to their committed lengths, and files of this run with no
/// committed bytes are removed, so a crash at any instant loses nothing committed and repeats nothing.
package final class NDJSONStore {
    private struct FileState {
        var checkpoint: NDJSONFileCheckpoint
        var pending: ByteBuffer
        var pendingRecords = 0
        var pendingFirst: Date?
        var pendingLast: Date?
        /// Whether members were appended since the last commit without an fsync.
        var hasSpilled = false

        /// Buffers `record`'s line; returns how many bytes the buffer now holds.
        mutating func append(_ record: NDJSONRecord) -> Int {
            pending.writeBytes(record.content.head)
            if record.content.sharesObject { pending.writeString(record.content.body) }
            if record.content.closes { pending.writeInteger(UInt8(0x7D)) }
            pending.writeInteger(UInt8(0x0A))
            pendingRecords += 1
            if let time = record.timestamp {
                pendingFirst = pendingFirst.map { min($0, time) } ?? time
                pendingLast = pendingLast.map { max($0, time) } ?? time
            }
            return pending.readableBytes
        }
    }

    /// What the buffer of a file untouched by the last commit may keep.
    private static let idleBufferCapacity = 64 * 1024
    /// What the buffer of a file touched by the last commit may keep for the next one.
    private static let maxBufferCapacity = 32 << 20

    /// The NDJSON root folder.
    package let root: URL
    /// The run whose files this store writes.
    package let runID: Int64
    /// Files roll over to the next sequence number past this committed size.
    package let maxFileBytes: Int64
    /// A file's buffered lines past this many bytes are compressed ahead of the commit. The default, 3 MiB, is
    /// three quarters of a power of two, so a buffer (grown by doubling) and the compressor's output stay at 4 MiB.
    package let spillBytes: Int
    private let writer: NDJSONGzipWriter
    /// The member being compressed and appended ahead of the commit; its value is the emptied buffer, for reuse.
    private var spill: BackgroundJob<ByteBuffer>?
    /// An emptied buffer of a finished spill, for the next one.
    private var spare: ByteBuffer?
    private var current: [String: String] = [:]  // "entity/day" -> relative path
    private var files: [String: FileState] = [:]  // relative path -> state
    private var knownFolders: Set<String> = []
    /// `shard-K-of-N` in the names of a shard's files; `nil` for an unsharded job.
    private let shardTag: String?

    /// Opens the store, recovering this run's files from their committed checkpoints.
    package init(
        root: URL,
        runID: Int64,
        gzipLevel: Int,
        committed: [NDJSONFileCheckpoint],
        maxFileBytes: Int64 = 512 << 20,
        spillBytes: Int = 3 << 20,
        shardTag: String? = nil
    ) throws {
        self.root = root
        self.runID = runID
        self.maxFileBytes = maxFileBytes
        self.spillBytes = spillBytes
        self.writer = try NDJSONGzipWriter(level: gzipLevel)
        self.shardTag = shardTag
        let marker = Self.runMarker(runID: runID, shardTag: shardTag)
        try DurableFile.makeFolder(root)
        let mine = committed.filter { $0.path.contains(marker) }
        for checkpoint in mine {
            try NDJSONGzipWriter.truncate(root.appendingPathComponent(checkpoint.path), to: checkpoint.length)
            files[checkpoint.path] = FileState(checkpoint: checkpoint, pending: writer.makeBuffer())
            let partition = Self.partition(of: checkpoint.path)
            if let existing = current[partition], existing > checkpoint.path { continue }
            current[partition] = checkpoint.path
        }
        // Files of this run that never reached a commit.
        let known = Set(mine.map(\.path))
        for path in Self.listFiles(root: root) where path.contains(marker) && !known.contains(path) {
            try NDJSONGzipWriter.truncate(root.appendingPathComponent(path), to: 0)
        }
        // Temporary files of manifests and media that a killed run never renamed into place (the job's lock is held;
        // a shard's lock covers only its own manifests, named with its tag, as other shards may be writing theirs).
        for path in Self.listFiles(root: root, suffix: ".partial") where shardTag.map(path.contains) ?? true {
            try NDJSONGzipWriter.truncate(root.appendingPathComponent(path), to: 0)
        }
    }

    deinit {
        // A spill still running when a failed run lets go of its store must finish before anyone (a resumed run
        // in this process) truncates the file back to its committed length.
        _ = try? spill?.wait()
    }

    /// Buffers one record for its file, handing the file's buffer to a background spill once it holds
    /// ``spillBytes``.
    ///
    /// - Throws: the previous spill's error (``ExportError/io(path:operation:reason:underlying:)``): the file then
    ///   has bytes past its committed length, so nothing more may be committed to it.
    package func append(_ record: NDJSONRecord) throws {
        let partition = record.entity + "/dt=" + record.day
        let path = current[partition] ?? openFile(partition: partition, sequence: 1)
        let buffered = files[path, default: FileState(
            checkpoint: NDJSONFileCheckpoint(path: path, length: 0, records: 0, firstTimestamp: nil, lastTimestamp: nil),
            pending: writer.makeBuffer()
        )].append(record)
        if buffered >= spillBytes { try spillPending(of: path) }
    }

    /// Writes one gzip member to every file with buffered lines, fsyncs, and returns the new committed states.
    package func flush() throws -> [NDJSONFileCheckpoint] {
        if let job = spill {
            spill = nil
            spare = try job.take()
        }
        var changed: [NDJSONFileCheckpoint] = []
        for path in files.keys.sorted() {
            // Taken out of the table while it is written, so that its buffer has one owner and is cleared in place
            // (a second reference would make the clear allocate fresh storage, to be faulted in again).
            guard var state = files.removeValue(forKey: path) else { continue }
            defer { files[path] = state }
            guard state.pendingRecords > 0 else {
                // A file this commit did not touch gives its buffer back; touched files keep theirs, so the next
                // commit's lines land in memory already mapped instead of growing a fresh buffer again.
                if state.pending.capacity > Self.idleBufferCapacity { state.pending = writer.makeBuffer() }
                continue
            }
            let url = root.appendingPathComponent(path)
            try ensureFolder(of: url)
            let created = state.checkpoint.length == 0
            let written = try writer.writeMember(&state.pending, to: url)
            guard let length = try written ?? (state.hasSpilled ? DurableFile.sync(path: url.path) : nil) else { continue }
            state.hasSpilled = false
            if created { try DurableFile.syncFolder(url.deletingLastPathComponent()) }
            state.checkpoint.length = length
            state.checkpoint.records += state.pendingRecords
            state.checkpoint.firstTimestamp = Self.earlier(state.checkpoint.firstTimestamp, state.pendingFirst)
            state.checkpoint.lastTimestamp = Self.later(state.checkpoint.lastTimestamp, state.pendingLast)
            if state.pending.capacity > Self.maxBufferCapacity { state.pending = writer.makeBuffer() }
            state.pendingRecords = 0
            state.pendingFirst = nil
            state.pendingLast = nil
            changed.append(state.checkpoint)
            if length >= maxFileBytes {
                let partition = Self.partition(of: path)
                _ = openFile(partition: partition, sequence: Self.sequence(of: path) + 1)
            }
        }
        return changed
    }

    /// The committed state of every file this run wrote.
    package var committedFiles: [NDJSONFileCheckpoint] {
        files.values.map(\.checkpoint).filter { $0.records > 0 }.sorted { $0.path < $1.path }
    }

    // MARK: - Private

    /// Swaps the file's buffer for an empty one and compresses and appends the full one on a background thread,
    /// after the previous spill has finished (the compressor serves one member at a time).
    private func spillPending(of path: String) throws {
        var lines: ByteBuffer
        if let job = spill {
            spill = nil
            lines = try job.take()
        } else {
            lines = spare ?? writer.makeBuffer()
            spare = nil
        }
        guard files[path] != nil else { return }
        swap(&lines, &files[path]!.pending)
        files[path]!.hasSpilled = true
        let url = root.appendingPathComponent(path)
        try ensureFolder(of: url)
        let writer = self.writer
        spill = BackgroundJob(name: "genesys-export gzip spill") {
            _ = try writer.writeMember(&lines, to: url, sync: false)
            // Handed back with no copy left in the closure, so the next spill fills the same pages.
            var emptied = ByteBuffer()
            swap(&emptied, &lines)
            return emptied
        }
    }

    private func openFile(partition: String, sequence: Int) -> String {
        let path = "\(partition)\(Self.runMarker(runID: runID, shardTag: shardTag))\(Self.pad(Int64(sequence), 4)).ndjson.gz"
        current[partition] = path
        return path
    }

    private func ensureFolder(of url: URL) throws {
        let folder = url.deletingLastPathComponent()
        guard !knownFolders.contains(folder.path) else { return }
        try DurableFile.makeFolder(folder)
        knownFolders.insert(folder.path)
    }

    /// What every file name of run `runID` holds: `/part-000007-`, or `/part-shard-2-of-4-000007-` for a shard.
    package static func runMarker(runID: Int64, shardTag: String?) -> String {
        "/part-" + (shardTag.map { "\($0)-" } ?? "") + pad(runID, 6) + "-"
    }

    private static func partition(of path: String) -> String {
        path.split(separator: "/").dropLast().joined(separator: "/")
    }

    private static func sequence(of path: String) -> Int {
        let name = path.split(separator: "/").last.map(String.init) ?? ""
        let stem = name.replacingOccurrences(of: ".ndjson.gz", with: "")
        return stem.split(separator: "-").last.flatMap { Int($0) } ?? 1
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }

    private static func listFiles(root: URL, suffix: String = ".ndjson.gz") -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: root.path) else { return [] }
        var paths: [String] = []
        while let path = enumerator.nextObject() as? String {
            if path.hasSuffix(suffix) { paths.append(path) }
        }
        return paths
    }

    private static func earlier(_ a: Date?, _ b: Date?) -> Date? {
        switch (a, b) {
        case let (a?, b?): min(a, b)
        default: a ?? b
        }
    }

    private static func later(_ a: Date?, _ b: Date?) -> Date? {
        switch (a, b) {
        case let (a?, b?): max(a, b)
        default: a ?? b
        }
    }
}
