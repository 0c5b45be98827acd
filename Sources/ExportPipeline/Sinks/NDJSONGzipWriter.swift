import CompressNIO
import Foundation
import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Gzip-compresses batches of NDJSON lines into files, one gzip member per batch.
///
/// The writer is not thread-safe: the run's single writer owns it, and one compressor serves every file. Each call
/// to ``writeMember(_:to:)`` compresses a batch of lines into one complete gzip member, appends it to the file and
/// fsyncs. Because gzip members concatenate validly, a file truncated back to any returned length is still a valid
/// gzip file (`zcat`, Python's `gzip`, DuckDB and BigQuery read multi-member files).
package final class NDJSONGzipWriter {
    private let compressor: ZlibCompressor
    private var output: ByteBuffer
    private let allocator = ByteBufferAllocator()

    /// Creates a writer compressing at `level` (1...9).
    package init(level: Int) throws {
        let clamped = Int32(min(max(level, 1), 9))
        compressor = try ZlibCompressor(
            algorithm: .gzip,
            configuration: ZlibConfiguration(windowSize: 15, compressionLevel: clamped, memoryLevel: 8)
        )
        output = allocator.buffer(capacity: 64 * 1024)
    }

    /// A fresh buffer for collecting lines.
    package func makeBuffer() -> ByteBuffer {
        allocator.buffer(capacity: 16 * 1024)
    }

    /// Compresses `lines` into one gzip member appended to `url`, fsyncs it, clears `lines` and returns the file's
    /// new length; returns nil when `lines` is empty.
    package func writeMember(_ lines: inout ByteBuffer, to url: URL) throws -> Int64? {
        guard lines.readableBytes > 0 else { return nil }
        output.clear()
        output.reserveCapacity(compressor.maxSize(from: lines))
        let start = lines.readerIndex
        do {
            try compressor.deflate(from: &lines, to: &output, flush: .finish)
        } catch {
            lines.moveReaderIndex(to: start)
            try compressor.reset()
            throw ExportError.io(path: url.path, operation: "compress", underlying: error)
        }
        try compressor.reset()
        let length = try Self.append(output, to: url)
        lines.clear()
        if output.capacity > 8 << 20 { output = allocator.buffer(capacity: 64 * 1024) }
        return length
    }

    // MARK: - File operations

    /// Appends `buffer` to the file (created if needed), fsyncs, and returns the new length.
    private static func append(_ buffer: ByteBuffer, to url: URL) throws -> Int64 {
        try buffer.withUnsafeReadableBytes { try DurableFile.append($0, to: url.path) }
    }

    /// Truncates the file at `url` to `length` bytes (a committed length), or removes it when `length` is 0.
    package static func truncate(_ url: URL, to length: Int64) throws {
        let path = url.path
        guard FileManager.default.fileExists(atPath: path) else {
            if length > 0 {
                throw ExportError.io(
                    path: path,
                    operation: "resume",
                    reason: "the file has \(length) committed bytes but is missing"
                )
            }
            return
        }
        if length == 0 {
            guard unlink(path) == 0 else { throw ioError(path, "remove", errno) }
            return
        }
        var info = stat()
        guard stat(path, &info) == 0 else { throw ioError(path, "stat", errno) }
        if Int64(info.st_size) == length { return }  // nothing to discard (the file may be read-only by now)
        guard Int64(info.st_size) > length else {
            throw ExportError.io(
                path: path,
                operation: "resume",
                reason: "the file has \(info.st_size) bytes, fewer than the \(length) committed"
            )
        }
        let fd = open(path, O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { throw ioError(path, "open", errno) }
        defer { close(fd) }
        let size = lseek(fd, 0, SEEK_END)
        guard size >= length else {
            throw ExportError.io(
                path: path,
                operation: "resume",
                reason: "the file has \(size) bytes, fewer than the \(length) committed"
            )
        }
        if size > length {
            guard ftruncate(fd, off_t(length)) == 0 else { throw ioError(path, "truncate", errno) }
            guard fsync(fd) == 0 else { throw ioError(path, "fsync", errno) }
        }
    }

    private static func ioError(_ path: String, _ operation: String, _ code: Int32) -> ExportError {
        DurableFile.error(path, operation, code)
    }
}
