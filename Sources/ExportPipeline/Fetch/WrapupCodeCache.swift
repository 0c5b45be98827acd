import Foundation
import Synchronization

/// Wrap-up code names learned during a run (endpoint 33), shared by all fetch tasks.
package final class WrapupCodeCache: Sendable {
    private let names = Mutex<[String: String?]>([:])

    /// Creates an empty cache.
    package init() {}

    /// The name of a known code (`.some(nil)` when the code is known but has no name); nil when unknown.
    package func name(of code: String) -> String?? {
        names.withLock { $0[code] }
    }

    /// Records codes; returns the ids that were not known before.
    package func insert(_ codes: [(id: String, name: String?)]) -> Set<String> {
        names.withLock { names in
            var added: Set<String> = []
            for code in codes where names[code.id] == nil {
                names[code.id] = .some(code.name)
                added.insert(code.id)
            }
            return added
        }
    }
}
