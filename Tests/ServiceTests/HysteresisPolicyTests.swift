import Optimizer
import Testing
import Topology

@testable import Service

@Suite("Hysteresis policy: improvement threshold, constraint violations, churn bound")
struct HysteresisPolicyTests {
    /// 2 spines × 2 leaves at 10G. Link indices: leaf1→spine1 0, spine1→leaf1 1, leaf1→spine2 2,
    /// spine2→leaf1 3, leaf2→spine1 4, spine1→leaf2 5, leaf2→spine2 6, spine2→leaf2 7.
    let topology = Fabrics.spineLeaf(spines: 2, leaves: 2)
    let viaSpine1 = Path(links: [0, 5])
    let viaSpine2 = Path(links: [2, 7])

    func demand(_ id: String, _ rate: Double = 4e9) -> Demand {
        Demand(id: id, source: "leaf1", destination: "leaf2", rateBps: rate, qosClass: .silver)
    }

    func allocation(_ routes: [(Demand, [(Path, Double)])], on topology: Topology? = nil) -> Allocation {
        Allocation(
            topology: topology ?? self.topology, objective: .maxWeightedThroughput, objectiveValue: 0, headroom: 0,
            demands: routes.map { demand, splits in DemandAllocation(demand: demand, splits: splits.map { PathSplit(path: $0.0, rateBps: $0.1) }) },
            solveSeconds: 0, solverStatus: .optimal)
    }

    @Test("the first allocation is always applied")
    func firstAllocation() {
        let policy = HysteresisPolicy(objective: .maxWeightedThroughput)
        let outcome = policy.decide(applied: nil, candidate: allocation([(demand("a"), [(viaSpine1, 4e9)])]), on: topology)
        #expect(outcome.install != nil)
        #expect(outcome.pathsChanged == 1)
    }

    @Test("a candidate that only moves traffic, or improves it by less than the threshold, is held back")
    func smallChangesAreHeld() {
        let policy = HysteresisPolicy(objective: .maxWeightedThroughput, minImprovement: 0.05)
        let applied = AppliedAllocation(allocation([(demand("a"), [(viaSpine1, 4e9)])]), on: topology)
        let moved = policy.decide(applied: applied, candidate: allocation([(demand("a"), [(viaSpine2, 4e9)])]), on: topology)
        #expect(moved.install == nil)
        #expect(moved.improvement == 0)
        #expect(moved.pathsDeferred == 1)
        let slightlyBetter = policy.decide(applied: applied, candidate: allocation([(demand("a", 5e9), [(viaSpine2, 4.16e9)])]), on: topology)
        #expect(slightlyBetter.install == nil)
        #expect(abs((slightlyBetter.improvement ?? 0) - 0.04) < 1e-9)
    }

    @Test("a candidate that improves the objective by more than the threshold is applied")
    func largeImprovementIsApplied() {
        let policy = HysteresisPolicy(objective: .maxWeightedThroughput, minImprovement: 0.05)
        let applied = AppliedAllocation(allocation([(demand("a", 6e9), [(viaSpine1, 4e9)])]), on: topology)
        let outcome = policy.decide(applied: applied, candidate: allocation([(demand("a", 6e9), [(viaSpine1, 3e9), (viaSpine2, 3e9)])]), on: topology)
        #expect(outcome.install != nil)
        #expect(abs((outcome.improvement ?? 0) - 0.5) < 1e-9)
        #expect(outcome.reason.contains("exceeds"))
    }

    @Test("a down link of the applied allocation forces the change even without improvement")
    func linkDownForcesChange() {
        let policy = HysteresisPolicy(objective: .maxWeightedThroughput, minImprovement: 0.05)
        let applied = AppliedAllocation(allocation([(demand("a"), [(viaSpine1, 4e9)])]), on: topology)
        var failed = topology
        failed.links[5].isUp = false
        let candidate = allocation([(demand("a"), [(viaSpine2, 4e9)])], on: failed)
        let outcome = policy.decide(applied: applied, candidate: candidate, on: failed)
        #expect(outcome.install != nil)
        #expect(outcome.violations == ["demand a lost link(s) spine1:2->leaf2:3"])
        #expect(outcome.reason.hasPrefix("constraint violated"))
    }

    @Test("a link the applied allocation overloads after a capacity drop forces the change")
    func overloadForcesChange() {
        let policy = HysteresisPolicy(objective: .maxWeightedThroughput, minImprovement: 0.05)
        let applied = AppliedAllocation(allocation([(demand("a", 8e9), [(viaSpine1, 8e9)])]), on: topology)
        var shrunk = topology
        shrunk.links[0].capacityBps = 5e9
        let candidate = allocation([(demand("a", 8e9), [(viaSpine1, 4e9), (viaSpine2, 4e9)])], on: shrunk)
        let outcome = policy.decide(applied: applied, candidate: candidate, on: shrunk)
        #expect(outcome.install != nil)
        #expect(outcome.violations == ["link leaf1:3->spine1:1 is over its usable capacity"])
    }

    @Test("the churn bound applies the best changes that fit and defers the rest")
    func churnBound() throws {
        let policy = HysteresisPolicy(objective: .maxWeightedThroughput, minImprovement: 0.05, maxPathChanges: 2)
        let demands = (1...4).map { demand("d\($0)", Double($0) * 1e9) }
        let applied = AppliedAllocation(allocation(demands.map { ($0, [(viaSpine1, 0.5e9)]) }), on: topology)
        let candidate = allocation(demands.map { ($0, [(viaSpine2, $0.rateBps)]) })
        let outcome = policy.decide(applied: applied, candidate: candidate, on: topology)
        let installed = try #require(outcome.install)
        #expect(outcome.pathsChanged == 2)
        #expect(outcome.pathsDeferred == 2)
        #expect(!outcome.boundExceeded)
        // The two largest gains (d4, d3) move; d1 and d2 keep their applied routes.
        #expect(installed.demands.map(\.servedBps) == [0.5e9, 0.5e9, 3e9, 4e9])
        #expect(installed.demands[0].splits.map(\.path) == [viaSpine1])
        #expect(installed.demands[3].splits.map(\.path) == [viaSpine2])
        #expect(installed.links.allSatisfy { $0.loadBps <= $0.capacityBps })
    }

    @Test("forced moves are made even beyond the churn bound, and the decision says so")
    func forcedMovesExceedBound() throws {
        let policy = HysteresisPolicy(objective: .maxWeightedThroughput, minImprovement: 0.05, maxPathChanges: 1)
        let demands = (1...3).map { demand("d\($0)", 1e9) }
        let applied = AppliedAllocation(allocation(demands.map { ($0, [(viaSpine1, 1e9)]) }), on: topology)
        var failed = topology
        failed.links[0].isUp = false
        let outcome = policy.decide(applied: applied, candidate: allocation(demands.map { ($0, [(viaSpine2, 1e9)]) }, on: failed), on: failed)
        #expect(outcome.install != nil)
        #expect(outcome.pathsChanged == 3)
        #expect(outcome.boundExceeded)
        #expect(outcome.violations.count == 3)
    }
}
