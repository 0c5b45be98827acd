import Foundation
import GRDB
import GRDBSQLite

/// Copies the export database's write-ahead log back into the database on a thread and connection of its own, so
/// the writer never waits for it.
///
/// By default SQLite checkpoints on the committing connection once the WAL passes 1,000 pages: during a bulk load
/// that put every checkpoint's page copies and both of its fsyncs on the writer's thread (a quarter of its wall
/// time). While a checkpointer runs, it replaces the writer's automatic checkpoint with a WAL hook of its own that
/// notes the log's size after each commit and checkpoints on the writer only past ``writerFallbackPages`` (a
/// safety net should this thread fall behind); each commit ``request()``s a PASSIVE checkpoint here, which copies
/// what is committed without blocking the writer. The data is safe in the WAL either way: a failed
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
    /// Frames in the log after the writer's latest commit, as SQLite's WAL hook reported them.
    private var committedFrames = 0  // guarded by `condition`
    /// Whether the last checkpoint copied all the log it found.
    private var lastCopiedAll = false  // guarded by `condition`
    /// Set when a checkpoint run while the writer was idle could not copy all the log (a reader held it back);
    /// cleared by the next checkpoint that copies it all.
    private var readerHoldsLog = false  // guarded by `condition`
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
        // Released in `stop()`, when the hook goes; SQLite calls it on the writer's thread after each commit.
        queue.writeWithoutTransaction { db in
            _ = sqlite3_wal_hook(db.sqliteConnection, walHook, Unmanaged.passRetained(self).toOpaque())
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

    /// Call before the writer begins a transaction: once its commits have grown the log past ``restartFrames``,
    /// waits for the checkpoint of the latest commit to finish, so that SQLite starts the log again from its
    /// beginning with this transaction. The log's size comes from the writer's own commits, not from a checkpoint's
    /// report, so a checkpointer slowed by a busy disk cannot let it grow.
    ///
    /// The writer commits again while the checkpoint of its previous commit still runs, so without this the log is
    /// never fully copied when a transaction begins, and grows until the writer's fallback: a bulk load wrote a
    /// 256 MiB log of fresh file blocks, each of which the kernel zeroes before the write fills it (an eighth of the
    /// writer's time). Waiting for one commit's checkpoint now and then keeps the log to blocks that are written
    /// over.
    ///
    /// A checkpoint that runs while the writer's next transaction reads an older snapshot copies only part of the
    /// log, so one that falls short is run again with the writer idle; should that one fall short too, a reader
    /// holds the log back, and this returns at once until a checkpoint copies it all: a long query never stalls the
    /// writer.
    package func letLogRestart() {
        condition.lock()
        defer { condition.unlock() }
        guard committedFrames >= restartFrames, !readerHoldsLog else { return }
        waitForCheckpoints()
        if !lastCopiedAll {
            isRequested = true
            condition.broadcast()
            waitForCheckpoints()
            readerHoldsLog = !lastCopiedAll
        }
        committedFrames = 0
    }

    /// Waits, holding `condition`, until no checkpoint is requested or running.
    private func waitForCheckpoints() {
        while (isRequested || isRunning) && !isStopped { condition.wait() }
    }

    /// Notes the log's size after one of the writer's commits; past ``writerFallbackPages`` (this thread far
    /// behind) asks SQLite for a PASSIVE checkpoint on the writer, as its own automatic checkpoint does.
    fileprivate func writerCommitted(frames: Int32, connection: OpaquePointer?, schema: UnsafePointer<CChar>?) {
        condition.lock()
        committedFrames = Int(frames)
        condition.unlock()
        if frames >= Self.writerFallbackPages { _ = sqlite3_wal_checkpoint(connection, schema) }
    }

    /// Runs a last requested checkpoint, ends the thread and gives the writer back its default automatic checkpoint
    /// (which removes the hook). Call once, when the writer is idle.
    package func stop() {
        condition.lock()
        isStopped = true
        condition.broadcast()
        condition.unlock()
        finished.wait()
        writerQueue.writeWithoutTransaction { db in _ = sqlite3_wal_autocheckpoint(db.sqliteConnection, 1000) }
        Unmanaged.passUnretained(self).release()
    }

    private func loop(_ connection: DatabaseQueue) {
        while nextRequest() {
            // PASSIVE: copies the committed frames that no reader still needs, never waits for the writer.
            let result = try? connection.writeWithoutTransaction { db in try db.checkpoint(.passive) }
            checkpoints += 1
            condition.lock()
            isRunning = false
            lastCopiedAll = result.map { $0.walFrameCount == $0.checkpointedFrameCount } ?? false
            if lastCopiedAll { readerHoldsLog = false }
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

/// The writer's WAL hook while a ``WALCheckpointer`` runs: `context` is the checkpointer, retained until it stops.
private func walHook(
    context: UnsafeMutableRawPointer?, connection: OpaquePointer?, schema: UnsafePointer<CChar>?, frames: Int32
) -> Int32 {
    guard let context else { return SQLITE_OK }
    let checkpointer = Unmanaged<WALCheckpointer>.fromOpaque(context).takeUnretainedValue()
    checkpointer.writerCommitted(frames: frames, connection: connection, schema: schema)
    return SQLITE_OK
}
