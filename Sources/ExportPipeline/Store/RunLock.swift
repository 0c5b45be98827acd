import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An exclusive `flock` on `<sqlite>.lock`, held while a job runs so a second run of the same job is refused.
///
/// The kernel drops the lock when the process exits, however it exits (kill -9 included), so a stale lock file
/// never blocks the next run.
package final class RunLock {
    private var descriptor: Int32
    /// The lock file.
    package let path: String

    /// Takes the lock or throws ``ExportError/alreadyRunning(job:lockPath:)`` at once.
    package init(path: String, jobName: String) throws {
        self.path = path
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw ExportError.io(path: path, operation: "open lock file", reason: DurableFile.reason(errno))
        }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let code = errno
            close(fd)
            if code == EWOULDBLOCK {
                throw ExportError.alreadyRunning(job: jobName, lockPath: path)
            }
            throw ExportError.io(path: path, operation: "lock", reason: DurableFile.reason(code))
        }
        let pid = "\(getpid())\n"
        _ = ftruncate(fd, 0)
        _ = pid.withCString { write(fd, $0, strlen($0)) }
        descriptor = fd
    }

    /// Releases the lock.
    package func release() {
        guard descriptor >= 0 else { return }
        _ = flock(descriptor, LOCK_UN)
        close(descriptor)
        descriptor = -1
    }

    deinit { release() }
}
