import Crypto
import Foundation

/// Stores downloaded media content-addressed under `<root>/media/sha256/<first2>/<hash>`.
package enum ArchiveMedia {
    /// Stores `bytes` under their SHA-256 (read-only) and returns the record for the manifest.
    ///
    /// Storing the same bytes twice is a no-op that returns the same record. When `expectedSHA256`
    /// (the API's `sha256`, hex or base64) is given and differs, nothing is stored.
    /// - Throws: ``ArchiveError/mediaHashMismatch(sourceID:expected:actual:)`` naming the attachment.
    package static func store(
        bytes: Data,
        expectedSHA256: String?,
        root: URL,
        sourceID: String? = nil
    ) throws -> ArchiveMediaRecord {
        let hash = ArchiveFiles.hex(SHA256.hash(data: bytes))
        if let expectedSHA256, !expectedSHA256.isEmpty, normalizedHex(expectedSHA256) != hash {
            throw ArchiveError.mediaHashMismatch(
                sourceID: sourceID ?? "unknown",
                expected: expectedSHA256,
                actual: hash
            )
        }
        let path = relativePath(forSHA256: hash)
        let url = root.appendingPathComponent(path)
        let manager = FileManager.default
        if manager.fileExists(atPath: url.path) {
            let existing = try ArchiveFiles.sha256(ofFileAt: url)
            if existing.sha256 == hash {
                return ArchiveMediaRecord(path: path, sha256: hash, bytes: bytes.count, sourceID: sourceID)
            }
            // A damaged earlier copy: replace it.
            try manager.setAttributes([.posixPermissions: 0o644], ofItemAtPath: url.path)
            try manager.removeItem(at: url)
        }
        try DurableFile.makeFolder(url.deletingLastPathComponent())
        // Written read-only and fsynced with its folder before the conversation that lists it is committed. Concurrent
        // fetches may store the same bytes at the same time: the first one wins and the others keep its copy.
        let stored = try DurableFile.write(bytes, to: url, permissions: 0o444, exclusive: true)
        if !stored, (try? ArchiveFiles.sha256(ofFileAt: url))?.sha256 != hash {
            throw ExportError.io(path: url.path, operation: "store media", reason: "another file has its name")
        }
        return ArchiveMediaRecord(path: path, sha256: hash, bytes: bytes.count, sourceID: sourceID)
    }

    /// The archive path for bytes with this SHA-256: `media/sha256/<first2>/<hash>`.
    package static func relativePath(forSHA256 hash: String) -> String {
        "media/sha256/\(hash.prefix(2))/\(hash)"
    }

    /// Lowercase hex of a SHA-256 given as hex (any case) or base64 (as some APIs send it).
    package static func normalizedHex(_ value: String) -> String {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        if trimmed.count == 64, trimmed.allSatisfy(\.isHexDigit) { return trimmed.lowercased() }
        if let data = Data(base64Encoded: trimmed), data.count == 32 { return ArchiveFiles.hex(data) }
        return trimmed.lowercased()
    }
}
