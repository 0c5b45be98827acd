import Foundation
import Synchronization

/// Runs one blocking piece of work on a thread of its own and hands its result to whoever waits for it.
///
/// The writer uses it to gzip and fsync a commit's NDJSON members while the same commit's rows go into SQLite, so
/// the two halves of a commit use both cores. The work must not share mutable state with the waiting thread until
/// ``wait()`` returns; later calls of ``wait()`` return the same result at once.
final class BackgroundJob<Value: Sendable>: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var result: Result<Value, any Error>?  // written by the job's thread before `done` is signalled

    /// Starts `work` on a new thread.
    init(name: String, _ work: @escaping () throws -> Value) {
        nonisolated(unsafe) let work = work
        let thread = Thread { [self] in
            result = Result { try work() }
            done.signal()
        }
        thread.name = name
        thread.start()
    }

    /// Waits for the work to finish and returns its value.
    ///
    /// - Throws: the work's error.
    func wait() throws -> Value {
        done.wait()
        done.signal()  // so that a later wait returns at once
        guard let result else { preconditionFailure("a background job finished without a result") }
        return try result.get()
    }

    /// Waits for the work to finish and hands its value over without keeping a copy, so that a buffer it returns is
    /// uniquely referenced and can be written again in place (a copy kept here would make the next write copy the
    /// whole storage into freshly faulted pages). Call it once, instead of ``wait()``.
    ///
    /// - Throws: the work's error.
    func take() throws -> Value {
        done.wait()
        guard let taken = result else { preconditionFailure("a background job finished without a result") }
        result = nil
        return try taken.get()
    }
}
