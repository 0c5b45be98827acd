import ArgumentParser
import Foundation

/// The `genesys-export` command.
@main
struct GenesysExport: AsyncParsableCommand {
    /// Sets up the allocator (``MallocTuning``), then parses and runs the command as ArgumentParser does.
    static func main() async {
        MallocTuning.apply()
        await main(nil)
    }

    /// The tool's version, recorded in runs and manifests.
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "genesys-export",
        abstract: "Export Genesys Cloud messaging conversations to SQLite and gzipped NDJSON.",
        discussion: """
            Credentials come from GENESYSCLOUD_OAUTHCLIENT_ID and GENESYSCLOUD_OAUTHCLIENT_SECRET; the region from \
            GENESYSCLOUD_REGION (or GENESYSCLOUD_API_URL / GENESYSCLOUD_LOGIN_URL). Try `genesys-export demo` first: \
            it needs no credentials.

            \(ExitCodes.helpText)
            """,
        version: version,
        subcommands: [
            DemoCommand.self,
            RunCommand.self,
            MergeCommand.self,
            StatusCommand.self,
            ValidateCommand.self,
            VerifyCommand.self,
            ReportCommand.self,
            SimCommand.self,
            BenchCommand.self,
        ]
    )
}
