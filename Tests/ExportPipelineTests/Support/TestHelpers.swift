@testable import ExportPipeline
import Foundation
import GRDB
import Logging
import Synchronization

/// A fresh temporary folder, removed by `cleanup()`.
struct TempFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("export-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func cleanup() { try? FileManager.default.removeItem(at: url) }
}

func makeJob(
    _ folder: URL,
    name: String = "test",
    source: JobSpec.Source,
    fetch: JobSpec.Fetch = JobSpec.Fetch(),
    ndjson: Bool = true
) -> JobSpec {
    JobSpec(
        name: name,
        fileURL: folder.appendingPathComponent("\(name).yaml"),
        fileSHA256: String(repeating: "a", count: 64),
        source: source,
        fetch: fetch,
        output: JobSpec.Output(
            sqlite: folder.appendingPathComponent("out/\(name).sqlite"),
            ndjson: ndjson ? folder.appendingPathComponent("out/ndjson") : nil
        )
    )
}

func testLogger() -> Logger {
    Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
}

func runner(
    _ job: JobSpec,
    _ source: any ConversationSource,
    maxRows: Int = 20_000,
    now: Date = Date(timeIntervalSince1970: 1_796_000_000),
    writesManifest: Bool = false,
    decoding: FieldDecoding = .fast,
    progress: @escaping @Sendable (ExportProgress) -> Void = { _ in }
) -> ExportRunner {
    var configuration = ExportRunner.Configuration()
    configuration.fieldDecoding = decoding
    configuration.maxRowsPerCommit = maxRows
    configuration.maxCommitDelay = .seconds(3600)
    configuration.now = { now }
    configuration.sleep = { _ in }
    configuration.writesManifest = writesManifest
    return ExportRunner(job: job, source: source, configuration: configuration, logger: testLogger(), progress: progress)
}

/// Runs a command and returns its stdout; throws when it exits non-zero.
func shell(_ arguments: [String]) throws -> Data {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "\(arguments) exited \(process.terminationStatus)"])
    }
    return data
}

/// Every NDJSON line under `root/entity`, decompressed with `gzip -dc`, as JSON objects.
func ndjsonLines(_ root: URL, entity: String) throws -> [String] {
    let folder = root.appendingPathComponent(entity)
    guard let enumerator = FileManager.default.enumerator(atPath: folder.path) else { return [] }
    var lines: [String] = []
    while let path = enumerator.nextObject() as? String {
        guard path.hasSuffix(".ndjson.gz") else { continue }
        let data = try shell(["gzip", "-dc", folder.appendingPathComponent(path).path])
        lines += String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
    }
    return lines
}

func ndjsonObjects(_ root: URL, entity: String) throws -> [[String: Any]] {
    try ndjsonLines(root, entity: entity).map {
        (try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) ?? [:]
    }
}

func openDatabase(_ job: JobSpec) throws -> DatabaseQueue {
    // The run's own connection may still be closing (its last-close WAL checkpoint): wait as the product does.
    var configuration = Configuration()
    configuration.busyMode = .timeout(5)
    return try DatabaseQueue(path: job.output.sqlite.path, configuration: configuration)
}

/// Cancels a task from a progress callback, even if the callback fires before the task is stored.
final class CancelBox: Sendable {
    private let state = Mutex<(task: Task<RunSummary, any Error>?, cancelled: Bool)>((nil, false))

    func set(_ task: Task<RunSummary, any Error>) {
        let cancel = state.withLock {
            $0.task = task
            return $0.cancelled
        }
        if cancel { task.cancel() }
    }

    func cancel() {
        let task = state.withLock {
            $0.cancelled = true
            return $0.task
        }
        task?.cancel()
    }
}
