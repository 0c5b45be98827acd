import Foundation
import Testing

@testable import ExportPipeline

/// Export errors keep their cause inside and print one short line outside.
struct ExportErrorTests {
    struct Cause: Error, CustomStringConvertible {
        var description: String { "HTTP 401 unauthorized" }
    }

    @Test func anEnumerationFailureKeepsItsCauseAndNamesJobAndEndpoint() async throws {
        let error = await #expect(throws: ExportError.self) {
            try await ExportError.listing(job: "nightly", endpoint: "POST /q") { () async throws -> Int in throw Cause() }
        }
        #expect(error?.kind == .enumerationFailed)
        #expect(error?.description == "job 'nightly': listing conversations failed at POST /q: HTTP 401 unauthorized")
        #expect(error?.underlying is Cause)
    }

    @Test func cancellationAndExportErrorsPassThroughUnwrapped() async throws {
        await #expect(throws: CancellationError.self) {
            try await ExportError.listing(job: "j", endpoint: "e") { () async throws -> Int in throw CancellationError() }
        }
        let inner = ExportError.alreadyRunning(job: "j", lockPath: "/tmp/j.lock")
        let error = await #expect(throws: ExportError.self) {
            try await ExportError.listing(job: "j", endpoint: "e") { () async throws -> Int in throw inner }
        }
        #expect(error?.kind == .alreadyRunning)
        #expect(error?.underlying == nil)
    }

    @Test func anIOErrorNamesOperationPathAndReason() {
        let error = ExportError.io(path: "out/x.sqlite", operation: "write", underlying: Cause())
        #expect(error.description == "cannot write out/x.sqlite: HTTP 401 unauthorized")
        #expect(error.underlying is Cause)
    }
}
