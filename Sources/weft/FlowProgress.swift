import Foundation

/// Shows the Gomory–Hu construction's progress (flows done of total) on a terminal's standard error.
final class FlowProgress: @unchecked Sendable {
    private let isTerminal = isatty(FileHandle.standardError.fileDescriptor) == 1
    private var lastShown = -1
    private var wrote = false

    func show(_ done: Int, _ total: Int) {
        guard isTerminal, total >= 200 else { return }
        let percent = done * 100 / total
        guard percent != lastShown else { return }
        lastShown = percent
        wrote = true
        FileHandle.standardError.write(Data("\r\u{1B}[Kmin-cut tree: max-flow \(done)/\(total) (\(percent) %)".utf8))
    }

    func finish() {
        if wrote { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}
