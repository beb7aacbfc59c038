/// Runs operations one at a time, in arrival order, to completion: what an actor alone does not give
/// an operation that suspends (it admits the next call at every `await`). ``Reoptimizer`` and
/// ``FabricProgrammer`` run each call inside a turn, so the second of two overlapping triggers starts
/// from what the first applied.
actor TurnQueue {
    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    /// Waits for the turn, runs `body`, and hands the turn to the next caller when it returns or throws.
    func run<T: Sendable, E: Error>(_ body: @Sendable () async throws(E) -> T) async throws(E) -> T {
        await acquire()
        defer { release() }
        return try await body()
    }

    private func acquire() async {
        guard busy else {
            busy = true
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    private func release() {
        if waiting.isEmpty {
            busy = false
        } else {
            waiting.removeFirst().resume()
        }
    }
}
