import Foundation
import GRDB

/// Copies the export database's write-ahead log back into the database on a thread and connection of its own, so
/// the writer never waits for it.
///
/// By default SQLite checkpoints on the committing connection once the WAL passes 1,000 pages: during a bulk load
/// that put every checkpoint's page copies and both of its fsyncs on the writer's thread (a quarter of its wall
/// time). While a checkpointer runs, the writer's own automatic checkpoint is raised to ``writerFallbackPages`` (a
/// safety net should this thread fall behind), and each commit ``request()``s a PASSIVE checkpoint here, which
/// copies what is committed without blocking the writer. The data is safe in the WAL either way: a failed
/// checkpoint (a full disk) loses nothing and is tried again after the next commit; the writer's own commits report
/// a full disk.
package final class WALCheckpointer: @unchecked Sendable {
    /// The writer's automatic checkpoint threshold while a checkpointer runs (256 MiB of 4 KiB pages): a bulk load
    /// outruns the checkpointer now and then, and at 64 MiB the writer then did a twentieth of its work checkpointing.
    package static let writerFallbackPages = 65_536

    private let writerQueue: DatabaseQueue
    private let condition = NSCondition()
    private var isRequested = false  // guarded by `condition`
    private var isStopped = false  // guarded by `condition`
    private var isRunning = false  // guarded by `condition`
    /// Frames in the log at the last checkpoint, and whether it copied them all (no reader held it back).
    private var lastLogFrames = 0  // guarded by `condition`
    private var lastCopiedAll = false  // guarded by `condition`
    private let finished = DispatchSemaphore(value: 0)
    /// Checkpoints run (successful or not).
    package private(set) var checkpoints = 0  // read after `stop()`

    /// The default of ``restartFrames``: 64 MiB of 4 KiB pages. At 900×250 messages a 16 MiB log had the writer
    /// wait four times as often and ran about 9 % slower.
    package static let defaultRestartFrames = 16_384
    /// The log size, in frames, past which the writer lets the log start again from its beginning.
    package let restartFrames: Int

    /// Opens a second connection to `queue`'s database and starts the thread.
    ///
    /// - Throws: when the connection cannot be opened.
    package init(queue: DatabaseQueue, restartFrames: Int = defaultRestartFrames) throws {
        writerQueue = queue
        self.restartFrames = restartFrames
        var configuration = Configuration()
        configuration.label = "genesys-export checkpointer"
        let connection = try DatabaseQueue(path: queue.path, configuration: configuration)
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA wal_autocheckpoint = \(Self.writerFallbackPages)")
        }
        let thread = Thread { [self] in loop(connection) }
        thread.name = "genesys-export checkpointer"
        thread.start()
    }

    /// Asks for a checkpoint of what is committed; returns at once.
    package func request() {
        condition.lock()
        isRequested = true
        condition.broadcast()
        condition.unlock()
    }

    /// Call before the writer begins a transaction: once the log has grown past ``restartFrames`` and the last
    /// checkpoint copied all it found, waits for the checkpoint of the latest commit to finish, so that SQLite starts
    /// the log again from its beginning with this transaction.
    ///
    /// The writer commits again while the checkpoint of its previous commit still runs, so without this the log is
    /// never fully copied when a transaction begins, and grows until the writer's fallback: a bulk load wrote a
    /// 256 MiB log of fresh file blocks, each of which the kernel zeroes before the write fills it (an eighth of the
    /// writer's time). Waiting for one commit's checkpoint now and then keeps the log to blocks that are written
    /// over. Returns at once while a reader holds the log back, so a long query never stalls the writer.
    package func letLogRestart() {
        condition.lock()
        defer { condition.unlock() }
        guard lastLogFrames >= restartFrames, lastCopiedAll else { return }
        while (isRequested || isRunning) && !isStopped { condition.wait() }
        lastLogFrames = 0
    }

    /// Runs a last requested checkpoint, ends the thread and gives the writer back its default automatic checkpoint.
    /// Call once, when the writer is idle.
    package func stop() {
        condition.lock()
        isStopped = true
        condition.broadcast()
        condition.unlock()
        finished.wait()
        try? writerQueue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_autocheckpoint = 1000") }
    }

    private func loop(_ connection: DatabaseQueue) {
        while nextRequest() {
            // PASSIVE: copies the committed frames that no reader still needs, never waits for the writer.
            let result = try? connection.writeWithoutTransaction { db in try db.checkpoint(.passive) }
            checkpoints += 1
            condition.lock()
            isRunning = false
            lastLogFrames = result?.walFrameCount ?? 0
            lastCopiedAll = result.map { $0.walFrameCount == $0.checkpointedFrameCount } ?? false
            condition.broadcast()
            condition.unlock()
        }
        finished.signal()
    }

    /// Waits for a request; false once stopped with none pending.
    private func nextRequest() -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while !isRequested && !isStopped { condition.wait() }
        let requested = isRequested
        isRequested = false
        isRunning = requested
        return requested
    }
}
