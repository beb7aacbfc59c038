import Foundation
import Testing
import Topology
@testable import Optimizer
import TopologyFormats

@Suite struct IncrementalOptimizerTests {
    static let tolerance = 1e-6

    @Test func cableFailureOnAUniformFabricIsSolvedWarmAndSplitExactly() throws {
        let fabric = SpineLeafGenerator(spines: 4, leaves: 8, hostsPerLeaf: 1).generate()
        let demands = TestFabrics.randomDemands(DemandGenerator.defaultEndpoints(in: fabric), seed: 8, range: 20e9...80e9)
        let incremental = try IncrementalOptimizer(topology: fabric, demands: demands)
        let after = try incremental.setCable(between: "leaf1", and: "spine1", up: false)
        let failed = TestFabrics.failCables(fabric, [("leaf1", "spine1")])
        let scratch = try TrafficOptimizer(topology: failed).optimize(demands, options: OptimizerOptions(method: .allPaths, symmetryReduction: false))
        #expect(incremental.lastUpdateKind == .warmSplit)
        #expect(TestFabrics.relativeGap(after.objectiveValue, scratch.objectiveValue) <= Self.tolerance)
        #expect(TestFabrics.relativeGap(after.objectiveValue, try Oracle.glpsolOptimum(failed, demands)) <= Self.tolerance)
        for link in after.links where !link.isUp {
            #expect(link.loadBps == 0)
        }
        #expect(after.links.allSatisfy { $0.loadBps <= $0.capacityBps * (1 + 1e-9) })
    }

    @Test func failureThenRestoreReturnsToTheOriginalOptimum() throws {
        let fabric = SpineLeafGenerator(spines: 4, leaves: 6, hostsPerLeaf: 1).generate()
        let demands = TestFabrics.randomDemands(DemandGenerator.defaultEndpoints(in: fabric), seed: 9, range: 20e9...90e9)
        let incremental = try IncrementalOptimizer(topology: fabric, demands: demands)
        let before = incremental.allocation.objectiveValue
        try incremental.setCable(between: "leaf2", and: "spine3", up: false)
        let restored = try incremental.setCable(between: "leaf2", and: "spine3", up: true)
        #expect(TestFabrics.relativeGap(restored.objectiveValue, before) <= Self.tolerance)
    }

    @Test(arguments: [UInt64(41), 42, 43])
    func failureOnARandomFabricIsReSolvedWarmToTheScratchOptimum(seed: UInt64) throws {
        let fabric = TestFabrics.randomSpineLeaf(spines: 4, leaves: 6, seed: seed)
        let demands = TestFabrics.randomDemands(DemandGenerator.defaultEndpoints(in: fabric), seed: seed)
        let incremental = try IncrementalOptimizer(topology: fabric, demands: demands)
        let after = try incremental.setCable(between: "leaf3", and: "spine2", up: false)
        let failed = TestFabrics.failCables(fabric, [("leaf3", "spine2")])
        #expect(incremental.lastUpdateKind != .rebuilt)
        #expect(TestFabrics.relativeGap(after.objectiveValue, try Oracle.glpsolOptimum(failed, demands)) <= Self.tolerance)
    }

    @Test func capacityChangeOnAWANIsReSolvedWarm() throws {
        let abilene = try TopologyImporter().importFile(atPath: TestFabrics.scenarioTopologies.appendingPathComponent("abilene.sndlib").path).topology
        let demands = TestFabrics.randomDemands(abilene.switches.map(\.name), seed: 4, range: 1e9...6e9, keep: 0.5)
        let incremental = try IncrementalOptimizer(topology: abilene, demands: demands)
        var changed = abilene
        changed.links[0].capacityBps /= 4
        changed.links[3].isUp = false
        let after = try incremental.update(topology: changed)
        let scratch = try TrafficOptimizer(topology: changed).optimize(demands, options: OptimizerOptions(method: .allPaths))
        #expect(incremental.lastUpdateKind == .warm)
        #expect(TestFabrics.relativeGap(after.objectiveValue, scratch.objectiveValue) <= Self.tolerance)
    }

    @Test func useFromAnotherThreadIsRefused() throws {
        let fabric = SpineLeafGenerator(spines: 2, leaves: 3, hostsPerLeaf: 1).generate()
        let demands = TestFabrics.randomDemands(DemandGenerator.defaultEndpoints(in: fabric), seed: 1)
        let incremental = try IncrementalOptimizer(topology: fabric, demands: demands)
        nonisolated(unsafe) let shared = incremental
        nonisolated(unsafe) var outcome: Result<Allocation, OptimizerError>?
        let thread = Thread {
            outcome = Result { () throws(OptimizerError) -> Allocation in try shared.update(topology: fabric) }
        }
        thread.start()
        while !thread.isFinished { usleep(1000) }
        guard case .failure(.wrongThread) = try #require(outcome) else {
            Issue.record("expected wrongThread, got \(String(describing: outcome))")
            return
        }
    }
}
