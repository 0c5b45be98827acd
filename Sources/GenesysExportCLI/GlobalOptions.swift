import Synchronization
import ArgumentParser
import Foundation
import Logging

/// Options every subcommand shares: logging and quiet output.
struct GlobalOptions: ParsableArguments {
    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: Logger.Level = .info

    @Option(help: "Log format: text or json (json by default when standard error is not a terminal).")
    var logFormat: LogFormat?

    @Flag(help: "Print only errors and the final summary line; no progress.")
    var quiet = false

    /// The log line formats.
    enum LogFormat: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    /// Whether standard error is an interactive terminal.
    static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }

    /// Bootstraps swift-log once for this process and returns the root logger.
    func bootstrapLogging() -> Logger {
        let format = logFormat ?? (Self.stderrIsTerminal ? .text : .json)
        let level = quiet ? max(logLevel, .error) : logLevel
        LoggingBootstrap.once(format: format, level: level)
        var logger = Logger(label: "genesys-export")
        logger.logLevel = level
        return logger
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}

/// Guards `LoggingSystem.bootstrap`, which may run only once per process.
enum LoggingBootstrap {
    private static let done = Mutex(false)

    static func once(format: GlobalOptions.LogFormat, level: Logger.Level) {
        let first = done.withLock { done -> Bool in
            defer { done = true }
            return !done
        }
        guard first else { return }
        LoggingSystem.bootstrap { label in
            var handler: any LogHandler =
                switch format {
                case .json: JSONLogHandler(label: label)
                case .text: StreamLogHandler.standardError(label: label)
                }
            handler.logLevel = level
            return handler
        }
    }
}
