import CompressNIO
import Crypto
import Foundation
import NIOCore

/// File helpers shared by the manifest writer and the verifier: hashing, read-only marking, gzip line scanning.
package enum ArchiveFiles {
    /// Lowercase hex of a digest.
    package static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        digest.map { String(format: "%02x", $0) }.joined()
    }

    /// The 32-byte SHA-256 digest of `data`.
    package static func sha256Digest(of data: Data) -> Data {
        Data(SHA256.hash(data: data))
    }

    /// SHA-256 (lowercase hex) and size of a file, read in 1 MiB chunks.
    package static func sha256(ofFileAt url: URL) throws -> (sha256: String, bytes: Int) {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        var hasher = SHA256()
        var total = 0
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            hasher.update(data: chunk)
            total += chunk.count
        }
        return (hex(hasher.finalize()), total)
    }

    /// Makes a file read-only for everyone (0444).
    package static func makeReadOnly(_ url: URL) throws {
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: url.path)
    }

    /// Every regular file below `root`, as `/`-separated paths relative to it, sorted.
    package static func relativeFiles(under root: URL) -> [String] {
        let rootPath = root.standardizedFileURL.resolvingSymlinksInPath().path
        guard
            let enumerator = FileManager.default.enumerator(
                at: root.standardizedFileURL.resolvingSymlinksInPath(),
                includingPropertiesForKeys: [.isRegularFileKey]
            )
        else { return [] }
        var paths: [String] = []
        for case let url as URL in enumerator {
            let isFile = (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) ?? false
            guard isFile else { continue }
            let path = url.standardizedFileURL.resolvingSymlinksInPath().path
            guard path.hasPrefix(rootPath + "/") else { continue }
            paths.append(String(path.dropFirst(rootPath.count + 1)))
        }
        return paths.sorted()
    }

    /// One gzip member holding `data` (tests and small writers; the runner streams through its own writer).
    package static func gzipMember(_ data: Data) throws -> Data {
        var input = ByteBuffer(bytes: data)
        let output = try input.compress(with: ZlibAlgorithm.gzip)
        return Data(output.readableBytesView)
    }

    /// What scanning a gzip NDJSON file found.
    package struct LineScan: Sendable, Equatable {
        /// Number of lines (records).
        package var lines = 0
        /// 1-based numbers of lines that are not a JSON value (at most ten kept).
        package var invalidLines: [Int] = []
        /// Total number of invalid lines.
        package var invalidLineCount = 0
        /// True when the data ended inside a gzip member.
        package var isTruncated = false
        /// A description of a gzip format error, when decompression failed.
        package var gzipError: String?
    }

    /// Decompresses every gzip member of `data` and checks each line parses as JSON.
    package static func scanGzipNDJSON(_ data: Data) -> LineScan {
        let scanner = GzipNDJSONScanner()
        scanner.feed(data)
        return scanner.finish()
    }

    static func checkLine(_ line: Data, into scan: inout LineScan) {
        scan.lines += 1
        let isJSON =
            !line.isEmpty && (try? JSONSerialization.jsonObject(with: line, options: [.fragmentsAllowed])) != nil
        if !isJSON {
            scan.invalidLineCount += 1
            if scan.invalidLines.count < 10 { scan.invalidLines.append(scan.lines) }
        }
    }
}
