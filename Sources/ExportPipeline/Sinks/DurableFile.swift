import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one place files reach the disk durably: NDJSON part files, archive manifests and media files.
///
/// Every function fsyncs what it wrote — the file, and the folder whose entries it changed — before it returns, so
/// a checkpoint committed afterwards never points at bytes or names a power cut could still take away. Errors are
/// ``ExportError/io(path:operation:reason:underlying:)`` naming the file and the system's reason in lower case, such as
/// `cannot write out/ndjson/messages/…/part-000001-0001.ndjson.gz: no space left on device`.
package enum DurableFile {
    /// Appends `bytes` to the file at `path` (created 0644 if needed), fsyncs it and returns its new length.
    ///
    /// A failed write can leave some of `bytes` at the end of the file; callers keep the committed length elsewhere
    /// and truncate back to it (see ``NDJSONGzipWriter/truncate(_:to:)``). With `sync` false the fsync is left to a
    /// later ``append(_:to:sync:)`` or ``sync(path:)`` of the same file, which makes these bytes durable too.
    package static func append(_ bytes: UnsafeRawBufferPointer, to path: String, sync: Bool = true) throws -> Int64 {
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw error(path, "open", errno) }
        defer { close(fd) }
        try writeAll(bytes, to: fd, path: path)
        return try finish(fd, path: path, sync: sync)
    }

    /// Fsyncs the file at `path` (bytes appended earlier without a sync) and returns its length.
    package static func sync(path: String) throws -> Int64 {
        let fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC)
        guard fd >= 0 else { throw error(path, "open", errno) }
        defer { close(fd) }
        return try finish(fd, path: path, sync: true)
    }

    private static func finish(_ fd: Int32, path: String, sync: Bool) throws -> Int64 {
        if sync { guard fsync(fd) == 0 else { throw error(path, "fsync", errno) } }
        let end = lseek(fd, 0, SEEK_END)
        guard end >= 0 else { throw error(path, "seek", errno) }
        return Int64(end)
    }

    /// Writes `data` to `url` atomically: to a temporary file beside it (fsynced), renamed over `url`, then the
    /// folder fsynced. An existing file at `url` is replaced whatever its permissions; the new file gets
    /// `permissions`. When `exclusive` is true an existing file is kept and `false` is returned.
    @discardableResult
    package static func write(_ data: Data, to url: URL, permissions: mode_t = 0o644, exclusive: Bool = false)
        throws -> Bool
    {
        let folder = url.deletingLastPathComponent()
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).partial").path
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw error(temporary, "create", errno) }
        do {
            defer { close(fd) }
            try data.withUnsafeBytes { try writeAll($0, to: fd, path: temporary) }
            guard fchmod(fd, permissions) == 0 else { throw error(temporary, "chmod", errno) }
            guard fsync(fd) == 0 else { throw error(temporary, "fsync", errno) }
        } catch {
            unlink(temporary)
            throw error
        }
        if exclusive {
            // link(2) fails with EEXIST instead of replacing, so two writers of the same content never clash.
            let linked = link(temporary, url.path) == 0
            let code = errno
            unlink(temporary)
            guard linked || code == EEXIST else { throw error(url.path, "write", code) }
            try syncFolder(folder)
            return linked
        }
        guard rename(temporary, url.path) == 0 else {
            let code = errno
            unlink(temporary)
            throw error(url.path, "write", code)
        }
        try syncFolder(folder)
        return true
    }

    /// Creates `url` and any missing parent folders, fsyncing each parent whose entries changed.
    package static func makeFolder(_ url: URL) throws {
        var missing: [URL] = []
        var current = url.standardizedFileURL
        var info = stat()
        while stat(current.path, &info) != 0 {
            guard errno == ENOENT, current.path != "/" else { throw error(current.path, "create folder", errno) }
            missing.append(current)
            current = current.deletingLastPathComponent()
        }
        for folder in missing.reversed() {
            if mkdir(folder.path, 0o755) != 0, errno != EEXIST { throw error(folder.path, "create folder", errno) }
            try syncFolder(folder.deletingLastPathComponent())
        }
    }

    /// Flushes a folder's entries (files created, renamed or removed in it) to disk.
    package static func syncFolder(_ url: URL) throws {
        let fd = open(url.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw error(url.path, "open folder", errno) }
        defer { close(fd) }
        // Some file systems cannot fsync a folder (EINVAL); there is nothing more to flush on those.
        guard fsync(fd) == 0 || errno == EINVAL else { throw error(url.path, "fsync folder", errno) }
    }

    /// The error for a failed system call on `path`: `cannot <operation> <path>: <reason in lower case>`.
    package static func error(_ path: String, _ operation: String, _ code: Int32) -> ExportError {
        ExportError.io(path: path, operation: operation, reason: reason(code))
    }

    /// The system's text for `code` in lower case, like `no space left on device` or `read-only file system`.
    package static func reason(_ code: Int32) -> String {
        let text = String(cString: strerror(code))
        return text.prefix(1).lowercased() + text.dropFirst()
    }

    private static func writeAll(_ bytes: UnsafeRawBufferPointer, to fd: Int32, path: String) throws {
        var offset = 0
        while offset < bytes.count {
            let written = systemWrite(fd, bytes.baseAddress.map { $0 + offset }, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw error(path, "write", errno)
            }
            offset += written
        }
    }
}

/// write(2), named apart from ``DurableFile/write(_:to:permissions:exclusive:)``.
private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
    #if canImport(Glibc)
    Glibc.write(fd, buffer, count)
    #else
    Darwin.write(fd, buffer, count)
    #endif
}
