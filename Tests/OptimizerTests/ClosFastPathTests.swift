import Foundation
import Testing
import Topology
@testable import Optimizer
import TopologyFormats

/// The Clos fast path: on a two-tier Clos whose spines differ, max-weighted-throughput and min-mlu are
/// solved over every spine summed into one group and split exactly onto the spines. Each instance is
/// a seeded random fabric (mixed speeds per direction, degraded and failed cables, a drained spine,
/// optional headroom) with demands between every pair of leaves or hosts; the answer must equal
/// glpsol on the exported all-paths model, and the split must keep every link within its capacity.
@Suite struct ClosFastPathTests {
    static let instanceCount = 40

    /// One seeded fabric and demand set.
    struct Instance {
        var topology: Topology
        var demands: [Demand]
        var headroom: Double

        init(seed: UInt64) {
            var random = SeededGenerator(seed: seed)
            let spines = Int.random(in: 2...6, using: &random)
            let leaves = Int.random(in: 4...9, using: &random)
            var fabric = seed % 3 == 0
                ? TestFabrics.randomSpineLeaf(spines: spines, leaves: leaves, seed: seed, choices: [40e9, 100e9])
                : SpineLeafGenerator(spines: spines, leaves: leaves, hostsPerLeaf: 1).generate()
            fabric = FabricDegradation(degradedFraction: Double.random(in: 0.05...0.3, using: &random),
                                       degradedCapacity: [0.4, 0.25].randomElement(using: &random)!,
                                       failedFraction: Double.random(in: 0...0.1, using: &random),
                                       failedSpines: spines > 2 && seed % 4 == 0 ? 1 : 0, seed: seed).apply(to: fabric).topology
            topology = fabric
            let endpoints = seed % 2 == 0 ? fabric.hosts.map(\.name) : fabric.switches.filter { $0.role == .leaf }.map(\.name)
            let high = [30e9, 80e9, 200e9].randomElement(using: &random)!
            demands = TestFabrics.randomDemands(endpoints, seed: seed, range: 1e9...high, keep: Double.random(in: 0.5...1, using: &random))
            headroom = seed % 5 == 0 ? 0.1 : 0
        }
    }

    @Test func degradedClosFabricsAgreeWithGlpsolThroughTheSplit() throws {
        var split = 0
        for seed in (1...UInt64(Self.instanceCount)).map({ $0 &* 104_729 }) {
            let instance = Instance(seed: seed)
            for objective in [Objective.maxWeightedThroughput, .minMLU] {
                let options = OptimizerOptions(objective: objective, headroom: instance.headroom)
                let solved = try FreshSolve.solve(topology: instance.topology, demands: instance.demands, options: options, relaxFirst: true)
                if solved.split { split += 1 }
                let allocation = solved.allocation
                let oracle = try Oracle.glpsolOptimum(instance.topology, instance.demands, options)
                let tolerance = 1e-6 * max(1, abs(oracle))
                #expect(abs(allocation.objectiveValue - oracle) <= tolerance, "seed \(seed) \(objective): weft \(allocation.objectiveValue) glpsol \(oracle)")
                let bound = objective == .minMLU ? allocation.objectiveValue : 1 - instance.headroom
                for link in allocation.links {
                    #expect(link.loadBps <= link.capacityBps * bound * (1 + 1e-7) + 1, "seed \(seed) \(objective): \(link.name) carries \(link.loadBps) of \(link.capacityBps)")
                }
            }
        }
        #expect(split >= Self.instanceCount, "only \(split) of \(2 * Self.instanceCount) solves took the split")
    }

    @Test func aFailedCableOnADegradedClosIsReSolvedWarmToGlpsolsOptimum() throws {
        let fabric = FabricDegradation(degradedFraction: 0.2, seed: 5)
            .apply(to: SpineLeafGenerator(spines: 5, leaves: 8, hostsPerLeaf: 0).generate()).topology
        let demands = TestFabrics.randomDemands(DemandGenerator.defaultEndpoints(in: fabric), seed: 5, range: 10e9...90e9)
        let incremental = try IncrementalOptimizer(topology: fabric, demands: demands)
        let after = try incremental.setCable(between: "leaf2", and: "spine3", up: false)
        let failed = TestFabrics.failCables(fabric, [("leaf2", "spine3")])
        #expect(incremental.lastUpdateKind == .warmSplit)
        #expect(TestFabrics.relativeGap(after.objectiveValue, try Oracle.glpsolOptimum(failed, demands)) <= 1e-6)
        #expect(after.links.allSatisfy { $0.isUp || $0.loadBps == 0 })
        #expect(after.links.allSatisfy { $0.loadBps <= $0.capacityBps * (1 + 1e-9) })
    }
}
