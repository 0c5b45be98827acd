import CompressNIO
import Foundation
import NIOCore

/// Streams a gzip NDJSON file through zlib chunk by chunk: counts lines, checks each is JSON, and notices a
/// stream that ends inside a gzip member (truncation) or bytes that are not gzip.
///
/// Multi-member files (one member per committed batch) are read member after member. zlib reports the end of a
/// member by returning with input left over, or, when a member ends exactly at a chunk boundary, by consuming
/// nothing of the next chunk; both lead to a reset for the next member. At ``finish()`` an ambiguous end is
/// settled with a one-byte probe that a finished member leaves unread.
package final class GzipNDJSONScanner {
    private var decompressor: ZlibDecompressor?
    private var output = ByteBuffer()
    private var pending = Data()
    private var scan = ArchiveFiles.LineScan()
    /// The last inflate consumed all input without an error: the member may or may not have ended.
    private var mayHaveEnded = false
    /// No byte was ever fed.
    private var isEmpty = true

    /// Creates a scanner.
    package init() {
        output.reserveCapacity(1 << 16)
    }

    /// Feeds the next bytes of the file.
    package func feed(_ chunk: Data) {
        guard scan.gzipError == nil, !chunk.isEmpty else { return }
        isEmpty = false
        do {
            let decompressor = try self.decompressor ?? ZlibDecompressor(algorithm: .gzip)
            self.decompressor = decompressor
            var input = ByteBuffer(bytes: chunk)
            while input.readableBytes > 0 {
                let before = input.readableBytes
                mayHaveEnded = false
                do {
                    try decompressor.inflate(from: &input, to: &output)
                } catch let error as CompressNIOError where error == .bufferOverflow {
                    drainOutput()
                    continue
                } catch let error as CompressNIOError where error == .inputBufferOverflow {
                    drainOutput()
                    break
                }
                drainOutput()
                if input.readableBytes > 0 {
                    // The member ended with input left (possibly none of it read: it ended at the last chunk's end).
                    try decompressor.reset()
                    if input.readableBytes == before, !startsGzipMember(input) {
                        throw CompressNIOError.corruptData
                    }
                } else {
                    mayHaveEnded = true
                }
            }
        } catch {
            scan.gzipError = "\(error)"
        }
    }

    /// Ends the scan and returns what it found.
    package func finish() -> ArchiveFiles.LineScan {
        if scan.gzipError == nil {
            if isEmpty {
                scan.isTruncated = false
            } else if mayHaveEnded, let decompressor {
                var probe = ByteBuffer(bytes: [0])
                var sink = ByteBuffer()
                sink.reserveCapacity(64)
                do {
                    try decompressor.inflate(from: &probe, to: &sink)
                    scan.isTruncated = probe.readableBytes == 0 || sink.readableBytes > 0
                } catch {
                    scan.isTruncated = true
                }
            } else {
                scan.isTruncated = true
            }
        }
        if !pending.isEmpty {
            ArchiveFiles.checkLine(pending, into: &scan)
            pending.removeAll()
        }
        return scan
    }

    private func startsGzipMember(_ buffer: ByteBuffer) -> Bool {
        guard buffer.readableBytes >= 2, let bytes = buffer.getBytes(at: buffer.readerIndex, length: 2) else {
            return false
        }
        return bytes == [0x1f, 0x8b]
    }

    private func drainOutput() {
        guard output.readableBytes > 0 else { return }
        output.withUnsafeReadableBytes { pending.append(contentsOf: $0) }
        output.clear()
        var start = pending.startIndex
        while let newline = pending[start...].firstIndex(of: UInt8(ascii: "\n")) {
            ArchiveFiles.checkLine(pending[start..<newline], into: &scan)
            start = pending.index(after: newline)
        }
        if start != pending.startIndex { pending = Data(pending[start...]) }
    }
}
