import Foundation

/// Why an archive manifest or media file could not be written.
package enum ArchiveError: Error, Equatable, CustomStringConvertible {
    /// Downloaded bytes do not match the SHA-256 the API gave for the attachment.
    case mediaHashMismatch(sourceID: String, expected: String, actual: String)
    /// The folder to verify does not exist or is not a folder.
    case archiveFolderMissing(path: String)
    /// A file the runner listed does not exist under the NDJSON root.
    case fileMissing(path: String)
    /// A listed path is absolute or leaves the NDJSON root.
    case pathOutsideRoot(path: String)
    /// A manifest of a later run already exists, so this one cannot join the chain.
    case laterManifestExists(runID: Int64, laterPath: String)
    /// A manifest in the folder cannot be read.
    case unreadableManifest(path: String, reason: String)

    /// A message naming the file or attachment concerned.
    package var description: String {
        switch self {
        case .mediaHashMismatch(let sourceID, let expected, let actual):
            "attachment \(sourceID): downloaded bytes have SHA-256 \(actual) but the API says \(expected)"
        case .archiveFolderMissing(let path):
            "\(path) is not an archive folder (expected the job's NDJSON output folder)"
        case .fileMissing(let path):
            "archive file \(path) does not exist"
        case .pathOutsideRoot(let path):
            "archive file path \(path) is not inside the NDJSON folder"
        case .laterManifestExists(let runID, let laterPath):
            "cannot write the manifest of run \(runID): \(laterPath) belongs to a later run"
        case .unreadableManifest(let path, let reason):
            "manifest \(path) cannot be read: \(reason)"
        }
    }
}
