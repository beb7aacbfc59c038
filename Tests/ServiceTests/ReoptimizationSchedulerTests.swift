import Foundation
import Hummingbird
import Logging
import HummingbirdTesting
import Optimizer
import ServiceLifecycle
import Testing
import Topology

@testable import Service

/// The scheduler with the real LP optimizer on a topology that changes under it.
@Suite("Scheduled and event re-optimization with hysteresis")
struct ReoptimizationSchedulerTests {
    /// 2 spines × 3 leaves, 10G uplinks; leaf1 sends 12G to each other leaf, more than its 20G of uplinks
    /// carry, so capacity changes move the optimum.
    static func demands() -> [Demand] {
        [Demand(id: "l1-l2", source: "leaf1", destination: "leaf2", rateBps: 12e9, qosClass: .gold),
         Demand(id: "l1-l3", source: "leaf1", destination: "leaf3", rateBps: 12e9, qosClass: .silver),
         Demand(id: "l2-l3", source: "leaf2", destination: "leaf3", rateBps: 4e9, qosClass: .bronze)]
    }

    func reoptimizer(_ fixture: ServiceFixture, minImprovement: Double = 0.05) -> Reoptimizer {
        Reoptimizer(engine: fixture.engine, demands: Self.demands(),
                    policy: HysteresisPolicy(objective: .maxWeightedThroughput, minImprovement: minImprovement, maxPathChanges: 8),
                    metrics: fixture.metrics,
                    solve: WeftServer.Reoptimization.optimizer(objective: .maxWeightedThroughput, headroom: 0),
                    countRules: RuleChurn.count)
    }

    /// Saves the latest topology with `change` applied, as discovery would.
    func mutateTopology(_ fixture: ServiceFixture, source: String, _ change: (inout Topology) -> Void) throws {
        var topology = try fixture.store.loadLatest().topology
        change(&topology)
        try fixture.store.save(topology, source: source)
    }

    /// Starts the scheduler (the store polled every 20 ms, the timer as given); stop it with `stop(_:)`.
    func startScheduler(_ reoptimizer: Reoptimizer, every interval: Duration?) -> (group: ServiceGroup, task: Task<Void, any Error>) {
        let scheduler = ReoptimizationScheduler(reoptimizer: reoptimizer, interval: interval, pollInterval: .milliseconds(20))
        let group = ServiceGroup(services: [scheduler], logger: Logger(label: "test"))
        return (group, Task { try await group.run() })
    }

    func stop(_ running: (group: ServiceGroup, task: Task<Void, any Error>)) async throws {
        await running.group.triggerGracefulShutdown()
        try await running.task.value
    }

    func waitForDecision(_ reoptimizer: Reoptimizer, after id: Int, matching predicate: (ReoptimizationDecision) -> Bool = { _ in true }) async throws -> ReoptimizationDecision {
        for _ in 0..<250 {
            if let latest = await reoptimizer.latest, latest.id > id, predicate(latest) { return latest }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw WaitTimeout(what: "a decision after #\(id)")
    }

    struct WaitTimeout: Error {
        var what: String
    }

    @Test("timer runs on an unchanged fabric keep the applied allocation")
    func timerRunsHold() async throws {
        try await ServiceFixture.with(topology: Fabrics.spineLeaf()) { fixture in
            let reoptimizer = reoptimizer(fixture)
            let running = startScheduler(reoptimizer, every: .milliseconds(100))
            do {
                let first = try await waitForDecision(reoptimizer, after: 0)
                #expect(first.trigger == "startup")
                #expect(first.applied)
                #expect((first.churn.rulesChanged ?? 0) > 0)
                let installed = await reoptimizer.appliedAllocation
                let second = try await waitForDecision(reoptimizer, after: first.id) { $0.trigger == "schedule" }
                let third = try await waitForDecision(reoptimizer, after: second.id) { $0.trigger == "schedule" }
                for timer in [second, third] {
                    #expect(!timer.applied)
                    #expect(timer.improvement == 0)
                    #expect(timer.churn.pathsChanged == 0 && timer.churn.rulesChanged == nil)
                }
                let kept = await reoptimizer.appliedAllocation
                #expect(kept == installed)
            } catch {
                try await stop(running)
                throw error
            }
            try await stop(running)
        }
    }

    @Test("a small capacity change keeps the applied allocation; a link down under it replaces it at once")
    func hysteresisHoldsThenReacts() async throws {
        try await ServiceFixture.with(topology: Fabrics.spineLeaf()) { fixture in
            let reoptimizer = reoptimizer(fixture)
            let running = startScheduler(reoptimizer, every: nil)
            do {
                let first = try await waitForDecision(reoptimizer, after: 0)
                #expect(first.applied)
                let installed = try #require(await reoptimizer.appliedAllocation)

                // +2 % on one of leaf1's uplinks: the LP finds at most 2 % more, below the 5 % threshold.
                try mutateTopology(fixture, source: "test: small capacity change") { topology in
                    if let index = topology.linkIndex(named: "leaf1:3->spine1:1") { topology.links[index].capacityBps *= 1.02 }
                }
                let small = try await waitForDecision(reoptimizer, after: first.id)
                #expect(small.trigger == "topology v2: capacity changed: leaf1:3->spine1:1")
                #expect(!small.applied, "\(small.reason)")
                #expect((small.improvement ?? 1) > 0 && (small.improvement ?? 1) <= 0.05)
                #expect(small.churn.rulesChanged == nil)
                let kept = await reoptimizer.appliedAllocation
                #expect(kept == installed, "rules stayed as they were")

                // One of leaf1's uplinks goes down: the applied allocation uses it, so the change is forced.
                try mutateTopology(fixture, source: "test: link down") { topology in
                    if let index = topology.linkIndex(named: "leaf1:4->spine2:1") { topology.links[index].isUp = false }
                }
                let failure = try await waitForDecision(reoptimizer, after: small.id)
                #expect(failure.trigger == "topology v3: links down: leaf1:4->spine2:1")
                #expect(failure.applied)
                #expect(failure.violations.contains { $0.contains("leaf1:4->spine2:1") })
                #expect((failure.churn.rulesChanged ?? 0) > 0)
                let replaced = try #require(await reoptimizer.appliedAllocation)
                let failed = try fixture.store.loadLatest().topology
                let downIndex = try #require(failed.linkIndex(named: "leaf1:4->spine2:1"))
                #expect(replaced.demands.allSatisfy { $0.splits.allSatisfy { !$0.path.links.contains(downIndex) } })
            } catch {
                try await stop(running)
                throw error
            }
            try await stop(running)
        }
    }

    @Test("re-optimizations after the first start from the warm model on the session's GLPK thread")
    func reoptimizationsAreWarm() async throws {
        try await ServiceFixture.with(topology: Fabrics.spineLeaf()) { fixture in
            let session = OptimizerSession()
            let reoptimizer = Reoptimizer(engine: fixture.engine, demands: Self.demands(),
                                          policy: HysteresisPolicy(objective: .maxWeightedThroughput, minImprovement: 0.05, maxPathChanges: 8),
                                          metrics: fixture.metrics,
                                          solve: WeftServer.Reoptimization.optimizer(objective: .maxWeightedThroughput, headroom: 0, session: session))
            _ = try await reoptimizer.run(trigger: "test: first")
            #expect(await session.lastUpdateKind == .rebuilt)
            try mutateTopology(fixture, source: "test: link down") { topology in
                if let index = topology.linkIndex(named: "leaf1:4->spine2:1") { topology.links[index].isUp = false }
            }
            let failure = try await reoptimizer.run(trigger: "test: link down")
            let kind = await session.lastUpdateKind
            #expect(kind == .warm || kind == .warmSplit, "\(String(describing: kind))")
            let failed = try fixture.store.loadLatest().topology
            let scratch = try TrafficOptimizer(topology: failed).optimize(Self.demands())
            #expect(abs(failure.candidate.weightedThroughput - scratch.objectiveValue) <= 1e-6 * scratch.objectiveValue)
        }
    }

    @Test("a reservation that takes capacity the applied allocation uses triggers a run that moves it")
    func reservationTriggersRun() async throws {
        try await ServiceFixture.with(topology: Fabrics.spineLeaf()) { fixture in
            let reoptimizer = reoptimizer(fixture)
            let running = startScheduler(reoptimizer, every: nil)
            do {
                let first = try await waitForDecision(reoptimizer, after: 0)
                _ = try await fixture.engine.reserve(PathRequest(source: "leaf1", destination: "leaf2", bandwidthBps: 8e9, qosClass: "gold"))
                let after = try await waitForDecision(reoptimizer, after: first.id)
                #expect(after.trigger == "reservations changed")
                #expect(after.applied)
                #expect(after.violations.contains { $0.contains("over its usable capacity") })
            } catch {
                try await stop(running)
                throw error
            }
            try await stop(running)
        }
    }

    @Test("a large capacity gain is applied because it improves the objective by more than the threshold")
    func largeImprovementApplied() async throws {
        try await ServiceFixture.with(topology: Fabrics.spineLeaf()) { fixture in
            let reoptimizer = reoptimizer(fixture)
            let first = try await reoptimizer.run(trigger: "test")
            #expect(first.applied)
            try mutateTopology(fixture, source: "test: upgrade") { topology in
                for name in ["leaf1:3->spine1:1", "leaf1:4->spine2:1"] {
                    if let index = topology.linkIndex(named: name) { topology.links[index].capacityBps = 20e9 }
                }
            }
            let upgraded = try await reoptimizer.run(trigger: "test")
            #expect(upgraded.applied)
            #expect((upgraded.improvement ?? 0) > 0.05)
            #expect(upgraded.violations.isEmpty)
        }
    }

    @Test("decisions survive a restart: the applied allocation is restored from the store")
    func restoreAfterRestart() async throws {
        try await ServiceFixture.with(topology: Fabrics.spineLeaf()) { fixture in
            let first = try await reoptimizer(fixture).run(trigger: "test")
            let restarted = reoptimizer(fixture)
            try await restarted.restore()
            #expect(await restarted.latest?.id == first.id)
            #expect(await restarted.appliedAllocation != nil)
            let again = try await restarted.run(trigger: "test")
            #expect(!again.applied, "an unchanged fabric after a restart keeps the applied allocation")
        }
    }

    @Test("reservations reduce what the optimizer may use")
    func reservationsReduceCapacity() async throws {
        try await ServiceFixture.with(topology: Fabrics.spineLeaf()) { fixture in
            let free = try await reoptimizer(fixture).run(trigger: "test")
            _ = try await fixture.engine.reserve(PathRequest(source: "leaf1", destination: "leaf2", bandwidthBps: 8e9, qosClass: "gold"))
            let reserved = try await reoptimizer(fixture).run(trigger: "test")
            #expect(reserved.candidate.weightedThroughput < free.candidate.weightedThroughput)
        }
    }
}

@Suite("POST /v1/optimize and GET /v1/allocations/latest")
struct OptimizeEndpointTests {
    struct Status: Decodable {
        var decision: ReoptimizationDecision
        var allocation: Allocation?
    }

    @Test("optimize applies the first allocation, holds an unchanged second one, and the latest decision is shown")
    func optimizeAndLatest() async throws {
        try await ServiceFixture.with(topology: Fabrics.spineLeaf()) { fixture in
            let reoptimizer = Reoptimizer(
                engine: fixture.engine, demands: ReoptimizationSchedulerTests.demands(),
                policy: HysteresisPolicy(objective: .maxWeightedThroughput), metrics: fixture.metrics,
                solve: WeftServer.Reoptimization.optimizer(objective: .maxWeightedThroughput, headroom: 0))
            let app = Application(router: APIRouter.make(engine: fixture.engine, metrics: fixture.metrics, reoptimizer: reoptimizer, token: nil),
                                  configuration: .init(address: .hostname("127.0.0.1", port: 0)))
            try await app.test(.ahc(.http)) { client in
                let api = APIClient(client: client, token: nil)
                #expect(try await api.send(.get, "/v1/allocations/latest").status == .notFound)
                let first = try await api.send(.post, "/v1/optimize")
                #expect(first.status == .ok)
                let applied = try first.decode(Status.self)
                #expect(applied.decision.applied)
                #expect(applied.decision.trigger == "api")
                #expect(applied.allocation?.demands.count == 3)
                let second = try await api.send(.post, "/v1/optimize").decode(Status.self)
                #expect(!second.decision.applied)
                #expect(second.decision.reason.contains("does not exceed"))
                let latest = try await api.send(.get, "/v1/allocations/latest").decode(Status.self)
                #expect(latest.decision.id == second.decision.id)
                #expect(latest.allocation == applied.allocation)
                let metrics = try await api.send(.get, "/metrics").text
                #expect(metrics.contains(#"weft_reoptimizations_total{outcome="applied"} 1"#))
                #expect(metrics.contains(#"weft_reoptimizations_total{outcome="held"} 1"#))
                #expect(metrics.contains(#"weft_throughput_bps{class="gold"}"#))
                #expect(metrics.contains("weft_solve_seconds_count 2"))
            }
        }
    }

    @Test("without demands, optimize and allocations answer 409 no_demands")
    func withoutDemands() async throws {
        try await ServiceFixture.with { fixture in
            try await fixture.serve { api in
                for (method, uri) in [(HTTPRequest.Method.post, "/v1/optimize"), (.get, "/v1/allocations/latest")] {
                    let response = try await api.send(method, uri)
                    #expect(response.status == .conflict)
                    #expect(try response.apiError().code == "no_demands")
                }
            }
        }
    }
}
