import ArgumentParser

/// The documented process exit codes of `genesys-export`.
///
/// | code | meaning |
/// |---|---|
/// | 0 | complete |
/// | 1 | failed |
/// | 3 | complete, but some records were rejected (see the `rejects` table) |
/// | 64 | usage error or invalid job file |
/// | 75 | interrupted; the checkpoint was saved, run again to resume |
enum ExitCodes {
    /// Everything exported.
    static let complete = ExitCode(0)
    /// The command failed.
    static let failure = ExitCode(1)
    /// Complete, but some records were rejected.
    static let completeWithRejects = ExitCode(3)
    /// Usage error or invalid job file.
    static let usage = ExitCode(64)
    /// Interrupted; resumable.
    static let interrupted = ExitCode(75)

    /// The text shown in `--help` and the README.
    static let helpText = """
        Exit codes:
          0   complete
          3   complete, but some records were rejected (see the rejects table)
          64  usage error or invalid job file
          75  interrupted; the checkpoint is saved, run again to resume
          1   failure
        """
}
