import Foundation
import Synchronization

/// Runs the run's ``ExportWriter`` on a thread of its own while conversations are fetched, so change tracking,
/// gzip, fsync and SQLite never block the cooperative pool and overlap with fetching and decoding on two cores.
///
/// The fetch loop posts each fetched conversation (``post(weight:_:)``) and goes on; the lane applies posts in order,
/// one at a time. Posts weighing at most `capacity` in all wait (a conversation weighs its rows), so fetching goes on
/// during a commit while a slow disk still slows fetching down instead of filling memory. A post that throws stops
/// the lane: later posts are dropped and the error is rethrown by the next post or by ``drain()``. Between
/// ``drain()`` and the next post the writer is idle and its owner may use it directly.
final class ExportWriterLane: @unchecked Sendable {
    /// One unit of writer work.
    typealias Job = (ExportWriter) throws -> Void

    private struct State {
        var jobs: [(job: Job, weight: Int)] = []
        var waitingWeight = 0
        var isBusy = false
        var isStopped = false
        var failure: (any Error)?
        var roomWaiters: [CheckedContinuation<Void, Never>] = []
        var idleWaiters: [CheckedContinuation<Void, Never>] = []
    }

    /// The writer; touched only by the lane's thread while posts are pending.
    let writer: ExportWriter
    private let capacity: Int
    private let condition = NSCondition()
    private var state = State()  // guarded by `condition`
    private let published: Mutex<ExportWriter.Totals>

    /// Starts a lane for `writer`, letting posts weighing at most `capacity` in all wait (one post always may).
    init(writer: ExportWriter, capacity: Int) {
        self.writer = writer
        self.capacity = max(1, capacity)
        self.published = Mutex(writer.totals)
        let thread = Thread { [self] in self.loop() }
        thread.name = "genesys-export writer"
        thread.start()
    }

    /// What the writer committed, as of the last post it applied.
    var totals: ExportWriter.Totals { published.withLock { $0 } }

    /// Queues `job`; waits only while the posts already waiting leave no room for `weight`.
    ///
    /// - Throws: the error of an earlier post.
    func post(weight: Int, _ job: @escaping Job) async throws {
        let weight = max(1, weight)
        while true {
            let room: Bool = try condition.locked {
                if let failure = state.failure { throw failure }
                guard hasRoom(for: weight) else { return false }
                state.jobs.append((job, weight))
                state.waitingWeight += weight
                condition.signal()
                return true
            }
            if room { return }
            await withCheckedContinuation { continuation in
                condition.locked {
                    if hasRoom(for: weight) || state.failure != nil {
                        continuation.resume()
                    } else {
                        state.roomWaiters.append(continuation)
                    }
                }
            }
        }
    }

    /// Waits until every post is applied.
    ///
    /// - Throws: the error of a post that failed.
    func drain() async throws {
        await withCheckedContinuation { continuation in
            condition.locked {
                if state.jobs.isEmpty && !state.isBusy {
                    continuation.resume()
                } else {
                    state.idleWaiters.append(continuation)
                }
            }
        }
        if let failure = condition.locked({ state.failure }) { throw failure }
    }

    /// Ends the thread once the posts are applied.
    func stop() {
        condition.locked {
            state.isStopped = true
            condition.signal()
        }
    }

    // MARK: - Thread

    private func loop() {
        while let job = next() {
            do {
                if condition.locked({ state.failure == nil }) { try job(writer) }
            } catch {
                condition.locked { state.failure = error }
            }
            let totals = writer.totals
            published.withLock { $0 = totals }
            finished()
        }
    }

    /// The next job, waiting for one; nil once stopped with nothing left.
    private func next() -> Job? {
        condition.locked {
            while state.jobs.isEmpty && !state.isStopped { condition.wait() }
            guard !state.jobs.isEmpty else { return nil }
            state.isBusy = true
            let (job, weight) = state.jobs.removeFirst()
            state.waitingWeight -= weight
            let waiters = state.roomWaiters
            state.roomWaiters.removeAll()
            for waiter in waiters { waiter.resume() }
            return job
        }
    }

    /// Whether a post of `weight` may wait now; call holding the lock.
    private func hasRoom(for weight: Int) -> Bool {
        state.jobs.isEmpty || state.waitingWeight + weight <= capacity
    }

    private func finished() {
        condition.locked {
            state.isBusy = false
            guard state.jobs.isEmpty else { return }
            for waiter in state.idleWaiters { waiter.resume() }
            state.idleWaiters.removeAll()
        }
    }
}

extension NSCondition {
    /// Runs `body` holding the lock.
    fileprivate func locked<T>(_ body: () throws -> T) rethrows -> T {
        lock()
        defer { unlock() }
        return try body()
    }
}
