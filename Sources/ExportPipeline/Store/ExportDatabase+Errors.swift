import Foundation
import GRDB

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension ExportDatabase {
    /// The error to show for an SQLite failure to open or write the database file at `path` because of its storage:
    /// ``ExportError/io(path:operation:reason:underlying:)`` naming the file and the system's reason, with SQLite's own error
    /// kept in parentheses, like
    /// `cannot write out/nightly.sqlite: no space left on device (SQLite error 13: database or disk is full)`.
    ///
    /// - Returns: nil when `error` is not an SQLite error about the file (a constraint, a bad statement, …).
    package static func storageError(_ error: any Error, path: String, operation: String = "write") -> ExportError? {
        guard let error = error as? DatabaseError else { return nil }
        let sqlite = "SQLite error \(error.resultCode.rawValue): \(error.message ?? "\(error.resultCode)")"
        let reason: String
        switch error.resultCode {
        case .SQLITE_FULL:
            reason = DurableFile.reason(ENOSPC)
        case .SQLITE_READONLY, .SQLITE_CANTOPEN, .SQLITE_IOERR, .SQLITE_PERM:
            reason = storageProblem(at: path) ?? (error.resultCode == .SQLITE_IOERR ? DurableFile.reason(EIO) : sqlite)
        default:
            return nil
        }
        return ExportError.io(path: path, operation: operation, reason: reason == sqlite ? sqlite : "\(reason) (\(sqlite))")
    }

    /// The same explanation for a failure known only by its text (GRDB's `SQLite error N: …`), or nil.
    package static func storageExplanation(of message: String, path: String) -> String? {
        guard message.hasPrefix("SQLite error "), !message.contains(path) else { return nil }
        let code = message.dropFirst("SQLite error ".count).prefix { $0.isNumber }
        let reason: String?
        switch Int(code) {
        case 13: reason = DurableFile.reason(ENOSPC)
        case 8, 14, 10, 3: reason = storageProblem(at: path)
        default: reason = nil
        }
        return reason.map { "cannot write \(path): \($0) (\(message))" }
    }

    /// Why files cannot be written at `path` or in its folder right now (read-only file system, permission denied,
    /// no space left on device), or nil when nothing is wrong there.
    package static func storageProblem(at path: String) -> String? {
        let folder = (path as NSString).deletingLastPathComponent
        for candidate in [path, folder] where access(candidate, F_OK) == 0 {
            if access(candidate, W_OK) != 0 { return DurableFile.reason(errno) }
        }
        var info = statvfs()
        guard statvfs(folder.isEmpty ? "." : folder, &info) == 0 else { return nil }
        if info.f_flag & UInt(ST_RDONLY) != 0 { return DurableFile.reason(EROFS) }
        if info.f_bavail == 0 { return DurableFile.reason(ENOSPC) }
        return nil
    }
}
