import Foundation
import TestSupport
import Testing

/// A sample of the fuzzed job files, through the real binary: `validate` and `run` exit 64 and print every
/// problem on standard error as `file:line:col: …`, nothing on standard output.
struct JobFileFuzzCLITests {
    @Test(.timeLimit(.minutes(3))) func twentyBrokenJobFilesExit64WithFileLineAndColumnOnStderr() async throws {
        let jobs = CommandRunner.repositoryRoot.appendingPathComponent("jobs", isDirectory: true)
        let bases = try FileManager.default.contentsOfDirectory(atPath: jobs.path)
            .filter { $0.hasSuffix(".yaml") }
            .sorted()
            .map { ($0, try String(contentsOf: jobs.appendingPathComponent($0), encoding: .utf8)) }
        let folder = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.copyItem(
            at: jobs.appendingPathComponent("compliance-ids.txt"),
            to: folder.appendingPathComponent("compliance-ids.txt")
        )
        // Ten cases from the kinds that always break a job, ten from all kinds that this build rejects.
        var cases = JobFileMutator.cases(bases: bases, count: 10, seed: 64, kinds: JobFileMutator.alwaysInvalid)
        cases += JobFileMutator.cases(
            bases: bases,
            count: 10,
            seed: 65,
            kinds: [.truncate, .oddUnicode, .tab, .duplicateLine, .escapedUnicode]
        )
        var checked = 0
        for (index, item) in cases.enumerated() {
            let file = folder.appendingPathComponent("case-\(index)-\(item.base)")
            try item.bytes.write(to: file)
            // `run` only on the always-invalid half: a valid job would get as far as the missing credentials.
            let command = index < 10 && index % 2 == 1 ? "run" : "validate"
            let result = try await CommandRunner(workingDirectory: folder).run([command, file.lastPathComponent])
            if index >= 10, result.status == 0 { continue }  // a mutation that left the job valid
            checked += 1
            #expect(result.status == 64, "\(item.label) via \(command): exit \(result.status), \(result.stderr)")
            #expect(result.stdout.isEmpty, "\(item.label): stdout \(result.stdout)")
            let lines = result.stderr.split(separator: "\n").map(String.init)
            #expect(!lines.isEmpty, "\(item.label): nothing on stderr")
            for line in lines where line != "1 of 1 job file(s) invalid" {
                #expect(Self.isPositioned(line, file: file.lastPathComponent), "\(item.label): \(line)")
            }
        }
        #expect(checked >= 10, "only \(checked) of \(cases.count) cases were invalid")
    }

    /// Whether `line` starts with `file:line:col: `.
    static func isPositioned(_ line: String, file: String) -> Bool {
        let idFile = "compliance-ids.txt:"
        let rest: Substring
        if line.hasPrefix(file + ":") {
            rest = line.dropFirst(file.count + 1)
        } else if line.hasPrefix(idFile) {
            rest = line.dropFirst(idFile.count)
        } else {
            return false
        }
        let parts = rest.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
        return parts.count == 3 && Int(parts[0]) != nil && Int(parts[1]) != nil && parts[2].hasPrefix(" ")
    }
}
