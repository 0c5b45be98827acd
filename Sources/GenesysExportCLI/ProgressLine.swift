import ExportPipeline
import Foundation
import Synchronization

/// The live progress line `run` and `demo` draw on a terminal: one line, redrawn in place.
///
/// Shows conversations done/total, messages, requests per minute against the job's budget,
/// 429s seen and an ETA. Draws nothing when standard error is not a terminal.
final class ProgressLine: Sendable {
    private struct State {
        var lastDraw: ContinuousClock.Instant?
        var samples: [(at: ContinuousClock.Instant, requests: Int)] = []
        var drewSomething = false
    }

    private let state = Mutex(State())
    private let budget: Int
    private let isEnabled: Bool
    private let clock = ContinuousClock()

    /// Creates a progress line for a run with `budget` requests per minute.
    init(budget: Int, isEnabled: Bool) {
        self.budget = budget
        self.isEnabled = isEnabled
    }

    /// Redraws the line (at most four times a second).
    func update(_ progress: ExportProgress) {
        guard isEnabled else { return }
        let now = clock.now
        let line: String? = state.withLock { state in
            state.samples.append((now, progress.requests))
            state.samples.removeAll { now - $0.at > .seconds(60) }
            if let last = state.lastDraw, now - last < .milliseconds(250) { return nil }
            state.lastDraw = now
            state.drewSomething = true
            return Self.render(progress, samples: state.samples, budget: budget)
        }
        if let line {
            FileHandle.standardError.write(Data("\r\u{1B}[2K\(line)".utf8))
        }
    }

    /// Clears the line before the final summary is printed.
    func finish() {
        guard isEnabled else { return }
        let drew = state.withLock { $0.drewSomething }
        if drew { FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8)) }
    }

    static func render(
        _ progress: ExportProgress,
        samples: [(at: ContinuousClock.Instant, requests: Int)],
        budget: Int
    ) -> String {
        var rate = 0.0
        if let first = samples.first, let last = samples.last, last.at > first.at {
            let seconds = Double((last.at - first.at).components.seconds)
                + Double((last.at - first.at).components.attoseconds) / 1e18
            rate = Double(last.requests - first.requests) / seconds * 60
        }
        let total = max(progress.conversationsTotal, progress.conversationsDone)
        let percent = total > 0 ? Int(Double(progress.conversationsDone) / Double(total) * 100) : 100
        var eta = "–"
        let elapsed = Double(progress.elapsed.components.seconds)
        if progress.conversationsDone > 0, total > progress.conversationsDone, elapsed > 0 {
            let remaining = elapsed / Double(progress.conversationsDone) * Double(total - progress.conversationsDone)
            eta = formatSeconds(remaining)
        } else if total == progress.conversationsDone {
            eta = "0s"
        }
        return "conversations \(progress.conversationsDone)/\(total) (\(percent)%) · messages \(progress.messages)"
            + " · \(Int(rate.rounded())) req/min of \(budget) · 429s \(progress.rateLimited) · ETA \(eta)"
    }

    static func formatSeconds(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        if s >= 3600 { return "\(s / 3600)h\(String(format: "%02d", s / 60 % 60))m" }
        if s >= 60 { return "\(s / 60)m\(String(format: "%02d", s % 60))s" }
        return "\(s)s"
    }
}
