import Foundation
import GenesysModels
import GRDB
import Synchronization

/// Wrap-up code names known to a run, shared by all fetch tasks; a code nobody has named yet is looked up with one
/// call to the participant's wrap-up code list (33), however many conversations ask for it at once.
package final class WrapupCodeCache: Sendable {
    private enum Entry {
        case known(String?)
        /// The load in flight; its value is the codes it learned (recorded before the task finishes).
        case loading(Task<[Raw<WrapupCode>], any Error>)
    }

    private let entries = Mutex<[String: Entry]>([:])

    /// Creates a cache that knows `codes` (id → name), e.g. the codes an earlier run stored.
    package init(codes: [(id: String, name: String?)] = []) {
        entries.withLock { entries in
            for code in codes { entries[code.id] = .known(code.name) }
        }
    }

    /// A cache that knows the codes stored in `wrapup_codes` by earlier runs.
    static func stored(in queue: DatabaseQueue) async throws -> WrapupCodeCache {
        let known = try await queue.read { db in
            try Row.fetchAll(db, sql: "SELECT id, name FROM wrapup_codes").map { (id: $0["id"] as String, name: $0["name"] as String?) }
        }
        return WrapupCodeCache(codes: known)
    }

    /// The name of a known code (`.some(nil)` when the code is known but has no name); nil when unknown.
    package func name(of code: String) -> String?? {
        entries.withLock { entries in
            if case .known(let name)? = entries[code] { return .some(name) }
            return nil
        }
    }

    /// Records codes someone named (e.g. `participants[].wrapup.name`) without asking the API.
    package func learn(_ code: String, name: String) {
        entries.withLock { entries in
            if case .known(let known)? = entries[code], known != nil { return }
            entries[code] = .known(name)
        }
    }

    /// The name of `code`, loading the code list with `load` only if no caller has loaded it for this code yet.
    ///
    /// - Returns: the name (nil when the list does not name the code) and, for the one caller whose `load` ran, the
    ///   codes the list held that were not known before (to be exported as `wrapup_codes` rows).
    /// - Throws: what `load` throws; the code then stays unknown, so a later conversation may try again.
    package func resolve(
        _ code: String,
        load: @escaping @Sendable () async throws -> [Raw<WrapupCode>]
    ) async throws -> (name: String?, learned: [Raw<WrapupCode>]) {
        enum Step {
            case done(String?)
            case wait(Task<[Raw<WrapupCode>], any Error>)
            case run(Task<[Raw<WrapupCode>], any Error>)
        }
        let step = entries.withLock { table -> Step in
            switch table[code] {
            case .known(let name)?: return .done(name)
            case .loading(let task)?: return .wait(task)
            case nil:
                let task = Task { [self] in
                    do {
                        return record(try await load(), answering: code)
                    } catch {
                        forget(code)
                        throw error
                    }
                }
                table[code] = .loading(task)
                return .run(task)
            }
        }
        switch step {
        case .done(let name):
            return (name, [])
        case .wait(let task):
            _ = try? await task.value
            return (name(of: code) ?? nil, [])
        case .run(let task):
            let learned = try await task.value
            return (name(of: code) ?? nil, learned)
        }
    }

    private func forget(_ code: String) {
        entries.withLock { _ = $0.removeValue(forKey: code) }
    }

    /// Stores a loaded list; `code` becomes known even when the list does not hold it (asked once per run).
    private func record(_ list: [Raw<WrapupCode>], answering code: String) -> [Raw<WrapupCode>] {
        entries.withLock { entries in
            var learned: [Raw<WrapupCode>] = []
            for item in list {
                guard let id = item.value.id, !id.isEmpty else { continue }
                if case .known? = entries[id], id != code { continue }
                entries[id] = .known(item.value.name)
                learned.append(item)
            }
            if case .loading? = entries[code] { entries[code] = .known(nil) }
            return learned
        }
    }
}
