import ExportPipeline
import Foundation
import TestSupport
import Testing

/// Ten thousand mutated copies of the shipped jobs, through the loader the CLI uses: each one loads, or fails with
/// a ``JobValidationError`` whose every problem names the file, a line and a column inside it. A crash or a hang
/// fails the test (the time limit is a safety net, not an assertion).
struct JobFileFuzzTests {
    static let jobsFolder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("jobs", isDirectory: true)

    /// The shipped example jobs, by file name.
    static func bases() throws -> [(name: String, text: String)] {
        try FileManager.default.contentsOfDirectory(atPath: jobsFolder.path)
            .filter { $0.hasSuffix(".yaml") }
            .sorted()
            .map { ($0, try String(contentsOf: jobsFolder.appendingPathComponent($0), encoding: .utf8)) }
    }

    @Test(.timeLimit(.minutes(5))) func tenThousandMutatedJobFilesLoadOrFailWithFileLineAndColumn() throws {
        let cases = JobFileMutator.cases(bases: try Self.bases(), count: 10_000, seed: 0x6A0B_F11E)
        var valid = 0
        var invalid = 0
        var misreports: [String] = []
        for item in cases {
            let url = Self.jobsFolder.appendingPathComponent(item.base)
            do {
                _ = try JobSpec.load(data: item.bytes, fileURL: url)
                valid += 1
            } catch let error as JobValidationError {
                invalid += 1
                if let problem = Self.misreport(error, bytes: item.bytes, file: url.relativePath) {
                    misreports.append("\(item.base) \(item.label): \(problem)")
                }
            } catch {
                misreports.append("\(item.base) \(item.label): not a JobValidationError: \(type(of: error)) \(error)")
            }
        }
        #expect(valid + invalid == 10_000)
        #expect(valid > 0, "no mutation left a job valid; the fuzz is too coarse")
        #expect(invalid > 0)
        #expect(misreports.isEmpty, "\(misreports.count) misreports, first: \(misreports.prefix(10).joined(separator: "\n"))")
    }

    @Test(.timeLimit(.minutes(5))) func theSameSeedMakesTheSameCases() throws {
        let bases = try Self.bases()
        let first = JobFileMutator.cases(bases: bases, count: 200, seed: 7)
        let second = JobFileMutator.cases(bases: bases, count: 200, seed: 7)
        #expect(first.map(\.bytes) == second.map(\.bytes))
        #expect(first.map(\.label) == second.map(\.label))
    }

    /// What is wrong with how `error` reports a broken file, or nil when every problem is well placed.
    static func misreport(_ error: JobValidationError, bytes: Data, file: String) -> String? {
        guard !error.problems.isEmpty else { return "no problems listed" }
        let lines = lineCount(bytes)
        for problem in error.problems {
            guard let line = problem.line, let column = problem.column else {
                return "no line:column in `\(problem)`"
            }
            guard problem.file == file || problem.file.hasSuffix("compliance-ids.txt") else {
                return "wrong file in `\(problem)`"
            }
            if problem.file == file, line < 1 || line > lines || column < 1 {
                return "position \(line):\(column) outside the file (\(lines) lines) in `\(problem)`"
            }
            guard problem.description.hasPrefix("\(problem.file):\(line):\(column): "), !problem.message.isEmpty else {
                return "badly formatted `\(problem)`"
            }
            guard !problem.description.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
            else {
                return "control character in `\(problem.description.debugDescription)`"
            }
        }
        return nil
    }

    /// Lines as libyaml counts them (LF, CR, CRLF, NEL, LS and PS all end a line), plus one for the last.
    static func lineCount(_ bytes: Data) -> Int {
        let text = String(decoding: bytes, as: UTF8.self)
        var count = 1
        var previous: Unicode.Scalar?
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": if previous != "\r" { count += 1 }
            case "\r", "\u{85}", "\u{2028}", "\u{2029}": count += 1
            default: break
            }
            previous = scalar
        }
        return count
    }
}
