import Foundation
import WhatIf

/// Prints scenario progress on standard error: one line per finished step, and on a terminal a
/// line that updates in place while a step solves.
///
/// A finished step's line ends with the whole step's CPU and wall time (solve, mirrors, bottlenecks,
/// min-cut tree, report): on a shared machine the CPU seconds are the figure to compare.
final class ProgressLine {
    private let isTerminal = isatty(FileHandle.standardError.fileDescriptor) == 1
    private let clock = ContinuousClock()
    private var stepStart: (cpu: Double, wall: ContinuousClock.Instant)?

    func show(_ progress: StepProgress) {
        let position = "step \(progress.index)/\(progress.count - 1)"
        switch progress.phase {
        case .solving:
            stepStart = (Self.processCPUSeconds(), clock.now)
            guard isTerminal else { return }
            write("\r\u{1B}[K\(position)  \(progress.label)  solving…")
        case .pricing(let round, let added):
            guard isTerminal else { return }
            write("\r\u{1B}[K\(position)  \(progress.label)  solving… pricing round \(round) (+\(added) paths)")
        case .minCut(let done, let total):
            guard isTerminal else { return }
            write("\r\u{1B}[K\(position)  \(progress.label)  min-cut tree: max-flow \(done)/\(total)")
        case .finished(let seconds, let served, let mlu):
            var line = "\(position)  \(progress.label)  solved in \(String(format: "%.3f", seconds)) s  served \(String(format: "%.1f", served * 100))%  MLU \(String(format: "%.1f", mlu * 100))%"
            if let stepStart {
                line += String(format: "  (step: %.3f s CPU, %.3f s wall)", Self.processCPUSeconds() - stepStart.cpu, (clock.now - stepStart.wall).seconds)
            }
            write(isTerminal ? "\r\u{1B}[K\(line)\n" : "\(line)\n")
        }
    }

    /// A status on a terminal (loading, writing the report) that the next line replaces; "" clears it.
    func status(_ text: String) {
        guard isTerminal else { return }
        write("\r\u{1B}[K\(text)")
    }

    /// User and system CPU seconds of this process so far, all threads.
    private static func processCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
