import ArgumentParser
import ExportPipeline
import Foundation

/// `genesys-export validate`: checks job files, listing every problem.
struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check job files against the job schema; every problem is listed with file, line and key.",
        discussion: "Exits 0 when every file is valid, 64 otherwise."
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "Job files (YAML).")
    var jobs: [String]

    func validate() throws {
        guard !jobs.isEmpty else { throw ValidationError("name at least one job file") }
    }

    func run() async throws {
        var invalid = 0
        for path in jobs {
            do {
                let job = try JobSpec.load(from: URL(fileURLWithPath: path))
                if !global.quiet {
                    print("\(path): ok (job \(job.name), source \(job.source.summary))")
                }
            } catch let error as JobValidationError {
                invalid += 1
                printError(error.description)
            } catch {
                invalid += 1
                printError("\(path): \(error)")
            }
        }
        if invalid > 0 {
            printError("\(invalid) of \(jobs.count) job file(s) invalid")
            throw ExitCodes.usage
        }
    }
}

/// Writes a line to standard error.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
