import Foundation

/// One shard of a job: `--shard K/N` exports exactly the conversations whose id hashes to shard `index` of `count`.
///
/// The hash is FNV-1a 64 over the UTF-8 bytes of the lowercased id (offset basis `0xcbf29ce484222325`, prime
/// `0x100000001b3`), taken modulo `count`. It depends on nothing but the id, so every machine and every version
/// puts a conversation in the same shard.
///
/// ```swift
/// let shard = try ShardSpec(parsing: "2/4")
/// shard.contains("0f8e9c1a-6b0e-4a53-9c39-5d1b8c7e2a10")   // true for a quarter of all ids
/// ```
package struct ShardSpec: Sendable, Hashable, CustomStringConvertible {
    /// K, from 0 to `count - 1`.
    package let index: Int
    /// N, at least 1.
    package let count: Int

    /// Creates shard `index` of `count`.
    ///
    /// - Throws: ``ShardError/invalidSpec(_:)`` unless `count` ≥ 1 and `index` is in `0..<count`.
    package init(index: Int, count: Int) throws {
        guard count >= 1, count <= Self.maximumCount, (0..<count).contains(index) else {
            throw ShardError.invalidSpec("\(index)/\(count)")
        }
        self.index = index
        self.count = count
    }

    /// Parses `K/N` (as `--shard` takes it; K may come straight from `JOB_COMPLETION_INDEX`).
    ///
    /// - Throws: ``ShardError/invalidSpec(_:)`` for anything else.
    package init(parsing text: String) throws {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]) else {
            throw ShardError.invalidSpec(text)
        }
        try self.init(index: index, count: count)
    }

    /// The largest shard count accepted.
    package static let maximumCount = 1_024

    /// `K/N`.
    package var description: String { "\(index)/\(count)" }

    /// The tag in this shard's file names: `shard-K-of-N`.
    package var tag: String { "shard-\(index)-of-\(count)" }

    /// Whether conversation `id` belongs to this shard.
    package func contains(_ id: String) -> Bool {
        Int(Self.hash(id) % UInt64(count)) == index
    }

    /// Only shard 0 exports the org-wide cached media list, so the archive holds it once.
    package var exportsOrgLists: Bool { index == 0 }

    /// FNV-1a 64 over the UTF-8 bytes of `id.lowercased()`.
    package static func hash(_ id: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in id.lowercased().utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }

    /// This shard's SQLite file: `<name>.shard-K-of-N.sqlite` beside `output.sqlite` (`<name>.sqlite`).
    package func databaseURL(base sqlite: URL) -> URL {
        Self.folder(of: sqlite).appendingPathComponent("\(Self.baseName(of: sqlite)).\(tag).sqlite")
    }

    /// The job as this shard runs it: the same job writing its own SQLite file (and so its own lock, checkpoints,
    /// watermark and change tracking).
    package func applied(to job: JobSpec) -> JobSpec {
        var sharded = job
        sharded.output.sqlite = databaseURL(base: job.output.sqlite)
        return sharded
    }

    /// `output.sqlite` without its `.sqlite` extension (the whole file name when it has another one).
    static func baseName(of sqlite: URL) -> String {
        let name = sqlite.lastPathComponent
        return name.hasSuffix(".sqlite") ? String(name.dropLast(".sqlite".count)) : name
    }

    static func folder(of sqlite: URL) -> URL {
        sqlite.deletingLastPathComponent()
    }
}
