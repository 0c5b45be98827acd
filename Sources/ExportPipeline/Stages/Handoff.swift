import Synchronization

/// Hands one value from the task that made it to the thread that consumes it, so that only the consumer holds it.
///
/// A closure that captures a conversation's export keeps every row and line of it alive until the closure itself
/// is released, even after the writer has moved the lines into its buffers; a large conversation then sits in
/// memory twice. Posting a `Handoff` instead lets the writer ``take()`` the export and free each part as soon as
/// it is written.
final class Handoff<Value: Sendable>: Sendable {
    private let value: Mutex<Value?>

    /// Holds `value` until it is taken.
    init(_ value: consuming Value) {
        self.value = Mutex(value)
    }

    /// The value; the handoff no longer holds it.
    ///
    /// - Precondition: it was not taken before.
    func take() -> Value {
        guard let taken = value.withLock({ $0.take() }) else { preconditionFailure("a handoff was taken twice") }
        return taken
    }
}
