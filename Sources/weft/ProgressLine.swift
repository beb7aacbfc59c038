import Foundation
import WhatIf

/// Prints scenario progress on standard error: one line per finished step, and on a terminal a
/// line that updates in place while a step solves.
struct ProgressLine {
    private let isTerminal = isatty(FileHandle.standardError.fileDescriptor) == 1

    func show(_ progress: StepProgress) {
        let position = "step \(progress.index)/\(progress.count - 1)"
        switch progress.phase {
        case .solving:
            guard isTerminal else { return }
            write("\r\u{1B}[K\(position)  \(progress.label)  solving…")
        case .pricing(let round, let added):
            guard isTerminal else { return }
            write("\r\u{1B}[K\(position)  \(progress.label)  solving… pricing round \(round) (+\(added) paths)")
        case .minCut(let done, let total):
            guard isTerminal else { return }
            write("\r\u{1B}[K\(position)  \(progress.label)  min-cut tree: max-flow \(done)/\(total)")
        case .finished(let seconds, let served, let mlu):
            let line = "\(position)  \(progress.label)  solved in \(String(format: "%.3f", seconds)) s  served \(String(format: "%.1f", served * 100))%  MLU \(String(format: "%.1f", mlu * 100))%"
            write(isTerminal ? "\r\u{1B}[K\(line)\n" : "\(line)\n")
        }
    }

    /// A status on a terminal (loading, writing the report) that the next line replaces; "" clears it.
    func status(_ text: String) {
        guard isTerminal else { return }
        write("\r\u{1B}[K\(text)")
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
