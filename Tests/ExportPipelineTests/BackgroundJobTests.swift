@testable import ExportPipeline
import NIOCore
import Testing

/// A background job's value: `wait` keeps it for later callers, `take` hands it over with no copy left behind.
struct BackgroundJobTests {
    private static func baseAddress(_ buffer: ByteBuffer) -> UInt {
        buffer.withVeryUnsafeBytes { UInt(bitPattern: $0.baseAddress) }
    }

    /// Makes a 1 MiB buffer on the job's thread and reports where its storage lives.
    private static func job() -> (BackgroundJob<ByteBuffer>, made: () -> UInt) {
        nonisolated(unsafe) var made: UInt = 0
        let job = BackgroundJob(name: "test") {
            var buffer = ByteBufferAllocator().buffer(capacity: 1 << 20)
            buffer.writeRepeatingByte(0x61, count: 1_000)
            buffer.clear()
            made = baseAddress(buffer)
            return buffer
        }
        return (job, { made })
    }

    @Test func aTakenBufferIsWrittenInItsOwnStorage() throws {
        let (job, made) = Self.job()
        var buffer = try job.take()
        buffer.writeRepeatingByte(0x62, count: 4_096)
        // Uniquely referenced: the write went into the storage the job filled, not into a copy.
        #expect(Self.baseAddress(buffer) == made())
        #expect(buffer.readableBytes == 4_096)
    }

    @Test func aWaitedForBufferIsSharedWithTheJobSoAWriteCopiesIt() throws {
        let (job, made) = Self.job()
        var buffer = try job.wait()
        buffer.writeRepeatingByte(0x62, count: 4_096)
        // The job still holds its value for later waits, so this write had to copy the storage.
        #expect(Self.baseAddress(buffer) != made())
        #expect(try job.wait().readableBytes == 0)
    }

    @Test func takeRethrowsTheJobsError() {
        struct Failure: Error, Equatable {}
        let job = BackgroundJob<Int>(name: "test") { throw Failure() }
        #expect(throws: Failure.self) { try job.take() }
    }
}
