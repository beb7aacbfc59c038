import Optimizer
import Testing
import Topology

@testable import Service

/// `Reoptimizer` runs one at a time even though it suspends while solving and installing.
@Suite("Re-optimization runs take turns")
struct ReoptimizerTurnTests {
    /// Counts solves in progress; the first one waits until `release()`.
    actor SolveProbe {
        private(set) var active = 0
        private(set) var maxActive = 0
        private(set) var entered = 0
        private var gate: CheckedContinuation<Void, Never>?
        private var released = false

        func enter() async {
            entered += 1
            active += 1
            maxActive = max(maxActive, active)
            if entered == 1, !released {
                await withCheckedContinuation { gate = $0 }
            }
        }

        func leave() {
            active -= 1
        }

        func release() {
            released = true
            gate?.resume()
            gate = nil
        }
    }

    @Test("two overlapping triggers run one after the other; the second sees the allocation the first applied")
    func overlappingTriggersRunInTurn() async throws {
        try await ServiceFixture.with(topology: Fabrics.spineLeaf()) { fixture in
            let probe = SolveProbe()
            let optimizer = WeftServer.Reoptimization.optimizer(objective: .maxWeightedThroughput, headroom: 0)
            let reoptimizer = Reoptimizer(
                engine: fixture.engine, demands: ReoptimizationSchedulerTests.demands(),
                policy: HysteresisPolicy(objective: .maxWeightedThroughput, minImprovement: 0.05, maxPathChanges: 8),
                metrics: fixture.metrics,
                solve: { topology, demands in
                    await probe.enter()
                    do {
                        let allocation = try await optimizer(topology, demands)
                        await probe.leave()
                        return allocation
                    } catch {
                        await probe.leave()
                        throw error
                    }
                })
            async let first = reoptimizer.run(trigger: "test: first")
            while await probe.entered == 0 { try await Task.sleep(for: .milliseconds(5)) }
            async let second = reoptimizer.run(trigger: "test: second")
            // Had the runs overlapped, the second would be solving by now, next to the held first.
            try await Task.sleep(for: .milliseconds(200))
            let enteredWhileFirstHeld = await probe.entered
            await probe.release()
            let (one, two) = try await (first, second)
            #expect(enteredWhileFirstHeld == 1)
            #expect(await probe.maxActive == 1)
            #expect(one.applied)
            #expect(two.held != nil, "the second run did not see the allocation the first applied")
            #expect(!two.applied, "the same demands on the same fabric: the second run holds the first's allocation")
            #expect(two.id > one.id)
        }
    }
}
