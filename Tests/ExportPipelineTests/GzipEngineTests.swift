import ExportPipeline
import Foundation
import NIOCore
import Testing

/// Both gzip engines write members that standard gzip readers take, alone and mixed in one file.
struct GzipEngineTests {
    /// Lines of several shapes: ASCII JSON, emoji, right-to-left and combining marks, a long body.
    private static let lines: [String] = (0..<3_000).map { n in
        let text = ["plain \(n)", "émoji 👋🏽 \(n)", "مرحبا \(n)", "e\u{301} NFD \(n)", String(repeating: "long ", count: 400)][n % 5]
        return #"{"id":"m-\#(n)","text":"\#(text)","n":\#(n)}"#
    }

    private func buffer(_ lines: [String]) -> ByteBuffer {
        var buffer = ByteBufferAllocator().buffer(capacity: 1 << 20)
        for line in lines { buffer.writeString(line + "\n") }
        return buffer
    }

    /// Runs `body` with the URL of a not yet existing `.ndjson.gz` file in a temporary folder.
    private func withFile(_ body: (URL) throws -> Void) throws {
        let folder = try TempFolder()
        defer { folder.cleanup() }
        try body(folder.url.appendingPathComponent("part.ndjson.gz"))
    }

    private func gunzip(_ url: URL) throws -> [String] {
        String(decoding: try shell(["gzip", "-dc", url.path]), as: UTF8.self).split(separator: "\n").map(String.init)
    }

    /// Skips (with the reason printed) where libdeflate is not installed; in CI (`CI` set) that is a failure.
    private func requireLibdeflate() -> Bool {
        if NDJSONGzipWriter.isLibdeflateAvailable { return true }
        #expect(ProcessInfo.processInfo.environment["CI"] == nil, "CI must have libdeflate0 (see .ci/run)")
        print("note: libdeflate tests skipped: libdeflate.so.0 is not installed; `bash .ci/run` installs it")
        return false
    }

    @Test func automaticPicksLibdeflateWhereTheSystemHasItAndZlibOtherwise() throws {
        let automatic = try NDJSONGzipWriter(level: 6).engine
        #expect(automatic == (NDJSONGzipWriter.isLibdeflateAvailable ? .libdeflate : .zlib))
        #expect(try NDJSONGzipWriter(level: 6, engine: .zlib).engine == .zlib)
        _ = requireLibdeflate()
    }

    @Test(arguments: [NDJSONGzipWriter.Engine.libdeflate, .zlib], [1, 6, 9])
    func membersOfEitherEngineReadBackAsTheLinesWritten(engine: NDJSONGzipWriter.Engine, level: Int) throws {
        guard engine == .zlib || requireLibdeflate() else { return }
        try withFile { url in
            let writer = try NDJSONGzipWriter(level: level, engine: engine)
            var first = buffer(Array(Self.lines[..<1_000]))
            let firstLength = try #require(try writer.writeMember(&first, to: url))
            var second = buffer(Array(Self.lines[1_000...]))
            let secondLength = try #require(try writer.writeMember(&second, to: url))
            #expect(first.readableBytes == 0 && second.readableBytes == 0)
            #expect(secondLength > firstLength)
            #expect(try gunzip(url) == Self.lines)
            // Truncated back to the first member's length (what a resume does), the file is valid gzip on its own.
            try NDJSONGzipWriter.truncate(url, to: firstLength)
            #expect(try gunzip(url) == Array(Self.lines[..<1_000]))
        }
    }

    @Test func aFileMayMixMembersOfBothEngines() throws {
        guard requireLibdeflate() else { return }
        try withFile { url in
            var zlibLines = buffer(Array(Self.lines[..<10]))
            _ = try NDJSONGzipWriter(level: 6, engine: .zlib).writeMember(&zlibLines, to: url)
            var deflateLines = buffer(Array(Self.lines[10..<20]))
            _ = try NDJSONGzipWriter(level: 6, engine: .libdeflate).writeMember(&deflateLines, to: url)
            #expect(try gunzip(url) == Array(Self.lines[..<20]))
        }
    }

    @Test func anEmptyBatchWritesNothing() throws {
        guard requireLibdeflate() else { return }
        try withFile { url in
            var empty = ByteBufferAllocator().buffer(capacity: 0)
            let length = try NDJSONGzipWriter(level: 6, engine: .libdeflate).writeMember(&empty, to: url)
            #expect(length == nil)
            #expect(!FileManager.default.fileExists(atPath: url.path))
        }
    }
}
