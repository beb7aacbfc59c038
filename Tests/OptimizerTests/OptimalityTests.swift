import Foundation
import Testing
import Topology
@testable import Optimizer
import TopologyFormats

/// The LP optimum three ways: column generation, all paths up front, and glpsol on the exported model.
@Suite struct OptimalityTests {
    static let tolerance = 1e-6

    @Test(arguments: [UInt64(11), 12, 13, 14])
    func columnGenerationEqualsAllPathsEqualsGlpsolOnRandomSpineLeaf(seed: UInt64) throws {
        let fabric = TestFabrics.randomSpineLeaf(spines: 4, leaves: 6, seed: seed)
        let demands = TestFabrics.randomDemands(DemandGenerator.defaultEndpoints(in: fabric), seed: seed)
        let optimizer = TrafficOptimizer(topology: fabric)
        let generated = try optimizer.optimize(demands)
        let perSpine = try optimizer.optimize(demands, options: OptimizerOptions(symmetryReduction: false))
        let allPaths = try optimizer.optimize(demands, options: OptimizerOptions(method: .allPaths, symmetryReduction: false))
        let glpsol = try Oracle.glpsolOptimum(fabric, demands)
        #expect(perSpine.statistics.pricingRounds > 0)
        #expect(TestFabrics.relativeGap(generated.objectiveValue, allPaths.objectiveValue) <= Self.tolerance)
        #expect(TestFabrics.relativeGap(perSpine.objectiveValue, allPaths.objectiveValue) <= Self.tolerance)
        #expect(TestFabrics.relativeGap(allPaths.objectiveValue, glpsol) <= Self.tolerance)
    }

    @Test func groupingIdenticalSpinesKeepsTheOptimumWithFewerColumns() throws {
        let fabric = SpineLeafGenerator(spines: 4, leaves: 6, hostsPerLeaf: 1, uplinkBps: 40e9).generate()
        let demands = TestFabrics.randomDemands(DemandGenerator.defaultEndpoints(in: fabric), seed: 5, range: 10e9...60e9)
        let optimizer = TrafficOptimizer(topology: fabric)
        #expect(optimizer.spineGroups() == [["spine1", "spine2", "spine3", "spine4"]])
        let grouped = try optimizer.optimize(demands)
        let perSpine = try optimizer.optimize(demands, options: OptimizerOptions(method: .allPaths, symmetryReduction: false))
        #expect(TestFabrics.relativeGap(grouped.objectiveValue, perSpine.objectiveValue) <= Self.tolerance)
        #expect(TestFabrics.relativeGap(grouped.objectiveValue, try Oracle.glpsolOptimum(fabric, demands)) <= Self.tolerance)
        #expect(grouped.statistics.columns * 4 == perSpine.statistics.columns)
        #expect(grouped.demands.allSatisfy { $0.splits.count == 4 || $0.servedBps == 0 })
    }

    @Test func oneShotSolveOfAFabricWithAFailedCableMatchesGlpsol() throws {
        let fabric = TestFabrics.failCables(SpineLeafGenerator(spines: 4, leaves: 8, hostsPerLeaf: 1).generate(), [("leaf3", "spine2")])
        let demands = TestFabrics.randomDemands(DemandGenerator.defaultEndpoints(in: fabric), seed: 17, range: 20e9...80e9)
        #expect(TrafficOptimizer(topology: fabric).spineGroups().count == 2)
        let allocation = try TrafficOptimizer(topology: fabric).optimize(demands)
        #expect(TestFabrics.relativeGap(allocation.objectiveValue, try Oracle.glpsolOptimum(fabric, demands)) <= Self.tolerance)
        #expect(allocation.links.allSatisfy { $0.loadBps <= $0.capacityBps * (1 + 1e-9) })
    }

    @Test func aRelaxationThatCannotBeSplitFallsBackToTheExactGroups() throws {
        let fabric = TestFabrics.failCables(SpineLeafGenerator(spines: 4, leaves: 6, hostsPerLeaf: 1).generate(),
                                [("leaf1", "spine2"), ("leaf1", "spine3"), ("leaf1", "spine4"), ("leaf2", "spine1")])
        let demands = [Demand(id: "stranded", source: "leaf1", destination: "leaf2", rateBps: 50e9)]
            + TestFabrics.randomDemands(["leaf3", "leaf4", "leaf5", "leaf6"], seed: 18, range: 20e9...80e9)
        let allocation = try TrafficOptimizer(topology: fabric).optimize(demands)
        #expect(allocation.demands[0].servedBps == 0)
        #expect(allocation.demands[0].shortfall?.kind == .disconnected)
        #expect(TestFabrics.relativeGap(allocation.objectiveValue, try Oracle.glpsolOptimum(fabric, demands)) <= Self.tolerance)
    }

    @Test func wanColumnGenerationEqualsAllSimplePathsEqualsGlpsol() throws {
        let abilene = try TopologyImporter().importFile(atPath: TestFabrics.scenarioTopologies.appendingPathComponent("abilene.sndlib").path).topology
        let nodes = abilene.switches.map(\.name)
        let demands = TestFabrics.randomDemands(nodes, seed: 3, range: 2e9...12e9, keep: 0.5)
        let optimizer = TrafficOptimizer(topology: abilene)
        let generated = try optimizer.optimize(demands)
        let allPaths = try optimizer.optimize(demands, options: OptimizerOptions(method: .allPaths))
        let glpsol = try Oracle.glpsolOptimum(abilene, demands)
        #expect(generated.servedFraction < 1)
        #expect(TestFabrics.relativeGap(generated.objectiveValue, allPaths.objectiveValue) <= Self.tolerance)
        #expect(TestFabrics.relativeGap(allPaths.objectiveValue, glpsol) <= Self.tolerance)
    }

    @Test func glpsolInteriorPointAgreesWithSimplex() throws {
        let fabric = TestFabrics.randomSpineLeaf(spines: 3, leaves: 5, seed: 21)
        let demands = TestFabrics.randomDemands(DemandGenerator.defaultEndpoints(in: fabric), seed: 21)
        let weft = try TrafficOptimizer(topology: fabric).optimize(demands).objectiveValue
        #expect(TestFabrics.relativeGap(weft, try Oracle.glpsolOptimum(fabric, demands, method: .interior)) <= Self.tolerance)
    }

    @Test(arguments: [UInt64(31), 32])
    func minMLUMatchesGlpsol(seed: UInt64) throws {
        let fabric = TestFabrics.randomSpineLeaf(spines: 3, leaves: 5, seed: seed)
        let light = TestFabrics.randomDemands(DemandGenerator.defaultEndpoints(in: fabric), seed: seed, range: 1e9...4e9)
        let heavy = TestFabrics.randomDemands(DemandGenerator.defaultEndpoints(in: fabric), seed: seed, range: 20e9...80e9)
        let options = OptimizerOptions(objective: .minMLU, headroom: 0.1)
        for demands in [light, heavy] {
            let allocation = try TrafficOptimizer(topology: fabric).optimize(demands, options: options)
            #expect(TestFabrics.relativeGap(allocation.objectiveValue, try Oracle.glpsolOptimum(fabric, demands, options)) <= Self.tolerance)
            #expect(abs(allocation.maxLinkUtilization - allocation.objectiveValue) <= 1e-6)
            #expect(allocation.maxLinkUtilization <= 0.9 + 1e-9)
        }
        let lightAllocation = try TrafficOptimizer(topology: fabric).optimize(light, options: options)
        #expect(lightAllocation.servedFraction > 1 - 1e-9)
    }
}
