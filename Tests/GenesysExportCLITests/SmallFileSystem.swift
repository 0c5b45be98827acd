import Foundation

/// A size-limited tmpfs mounted by the test (needs root and mount permission), to fill up or make read-only for
/// real instead of faking errors.
final class SmallFileSystem {
    /// The mount point.
    let url: URL

    private init(url: URL) {
        self.url = url
    }

    /// Mounts a tmpfs of `bytes` at a new folder inside `parent`; nil with the reason when mounting is not permitted.
    static func mount(bytes: Int, in parent: URL) -> (SmallFileSystem?, String) {
        let url = parent.appendingPathComponent("small-fs", isDirectory: true)
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        } catch {
            return (nil, "cannot create the mount point: \(error)")
        }
        let (status, output) = run(["mount", "-t", "tmpfs", "-o", "size=\(bytes),mode=0755", "tmpfs", url.path])
        guard status == 0 else {
            return (nil, "`mount -t tmpfs` is not permitted here (exit \(status): \(output)); run the tests as root")
        }
        return (SmallFileSystem(url: url), "")
    }

    /// Remounts with a new size (tmpfs grows or shrinks in place, keeping its files).
    func resize(bytes: Int) throws {
        try remount("size=\(bytes)")
    }

    /// Remounts read-only (`true`) or read-write.
    func setReadOnly(_ readOnly: Bool) throws {
        try remount(readOnly ? "ro" : "rw")
    }

    /// Unmounts (lazily, so an open file never keeps the mount alive).
    func unmount() {
        _ = Self.run(["umount", "-l", url.path])
    }

    private func remount(_ options: String) throws {
        let (status, output) = Self.run(["mount", "-o", "remount,\(options)", url.path])
        guard status == 0 else {
            throw CommandRunnerError(description: "mount -o remount,\(options) failed: \(output)")
        }
    }

    private static func run(_ arguments: [String]) -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        do {
            try process.run()
        } catch {
            return (-1, "\(error)")
        }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
