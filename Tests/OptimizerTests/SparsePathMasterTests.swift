import Foundation
import Testing
import Topology
@testable import Optimizer

/// The sparse path master (WANs: demand rows only for demands with two or more routes) against
/// glpsol on the arc formulation and on the all-paths model of the same instance.
@Suite struct SparsePathMasterTests {
    /// A seeded random WAN: a ring (so it is connected) plus random chords, mixed and asymmetric capacities.
    static func randomWAN(nodes: Int, seed: UInt64) -> Topology {
        var random = SeededGenerator(seed: seed)
        var edges: [(String, String, Double)] = []
        func cable(_ a: Int, _ b: Int) {
            let capacity = [1e9, 10e9, 40e9].randomElement(using: &random)!
            edges.append(("n\(a)", "n\(b)", capacity))
            edges.append(("n\(b)", "n\(a)", Bool.random(using: &random) ? capacity : capacity / 4))
        }
        for a in 0..<nodes { cable(a, (a + 1) % nodes) }
        for _ in 0..<nodes {
            let a = Int.random(in: 0..<nodes, using: &random)
            let b = Int.random(in: 0..<nodes, using: &random)
            if a != b { cable(a, b) }
        }
        return TestFabrics.graph("wan-\(seed)", edges: edges)
    }

    static func arcOptimum(_ topology: Topology, _ demands: [Demand], _ objective: Objective) throws -> Double {
        let directory = try TestFabrics.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("arcs.lp").path
        let export = try TrafficOptimizer(topology: topology).exportArcModel(demands, options: OptimizerOptions(objective: objective), to: path)
        let result = try GLPSolOracle().solve(modelPath: path, method: .simplex)
        return objective == .minMLU ? result.objective : result.objective * export.scale
    }

    static func gap(_ value: Double, _ reference: Double) -> Double {
        abs(value - reference) / max(1, abs(reference))
    }

    @Test(arguments: [UInt64(1), 2, 3, 4, 5, 6])
    func maxWeightedThroughputEqualsGlpsolOnTheArcModel(seed: UInt64) throws {
        let wan = Self.randomWAN(nodes: 9, seed: seed)
        let demands = TestFabrics.randomDemands(wan.switches.map(\.name), seed: seed, range: 1e9...8e9)
        let weft = try TrafficOptimizer(topology: wan).optimize(demands, options: OptimizerOptions(objective: .maxWeightedThroughput))
        let arcs = try Self.arcOptimum(wan, demands, .maxWeightedThroughput)
        let paths = try Oracle.glpsolOptimum(wan, demands, OptimizerOptions(objective: .maxWeightedThroughput))
        #expect(Self.gap(weft.objectiveValue, arcs) <= 1e-6, "weft \(weft.objectiveValue) arcs \(arcs)")
        #expect(Self.gap(arcs, paths) <= 1e-6, "arcs \(arcs) all paths \(paths)")
    }

    @Test(arguments: [UInt64(11), 12, 13, 14])
    func minMLUEqualsGlpsolWhenEveryDemandFits(seed: UInt64) throws {
        let wan = Self.randomWAN(nodes: 9, seed: seed)
        let demands = TestFabrics.randomDemands(wan.switches.map(\.name), seed: seed, range: 0.01e9...0.1e9)
        let weft = try TrafficOptimizer(topology: wan).optimize(demands, options: OptimizerOptions(objective: .minMLU))
        #expect(weft.demands.allSatisfy { $0.servedBps >= $0.demand.rateBps * (1 - 1e-9) })
        #expect(weft.objectiveValue < 1)
        let arcs = try Self.arcOptimum(wan, demands, .minMLU)
        let paths = try Oracle.glpsolOptimum(wan, demands, OptimizerOptions(objective: .minMLU))
        #expect(abs(weft.objectiveValue - arcs) <= 1e-6, "weft \(weft.objectiveValue) arcs \(arcs)")
        #expect(abs(arcs - paths) <= 1e-6, "arcs \(arcs) all paths \(paths)")
    }

    @Test func minMLUOnAnOverloadedWANStillMatchesGlpsol() throws {
        let wan = Self.randomWAN(nodes: 8, seed: 21)
        let demands = TestFabrics.randomDemands(wan.switches.map(\.name), seed: 21, range: 5e9...30e9)
        let weft = try TrafficOptimizer(topology: wan).optimize(demands, options: OptimizerOptions(objective: .minMLU, headroom: 0.1))
        #expect(weft.demands.contains { $0.servedBps < $0.demand.rateBps * (1 - 1e-6) }, "the instance must not fit")
        let paths = try Oracle.glpsolOptimum(wan, demands, OptimizerOptions(objective: .minMLU, headroom: 0.1))
        #expect(abs(weft.objectiveValue - paths) <= 1e-6, "weft \(weft.objectiveValue) glpsol \(paths)")
    }

    @Test func routesGoAroundADownCable() throws {
        var wan = Self.randomWAN(nodes: 7, seed: 31)
        wan.links[0].isUp = false
        wan.links[1].isUp = false
        let demands = TestFabrics.randomDemands(wan.switches.map(\.name), seed: 31, range: 0.1e9...0.5e9)
        let weft = try TrafficOptimizer(topology: wan).optimize(demands, options: OptimizerOptions(objective: .minMLU))
        #expect(weft.links.filter { $0.linkIndex <= 1 }.allSatisfy { $0.loadBps == 0 })
        let arcs = try Self.arcOptimum(wan, demands, .minMLU)
        #expect(abs(weft.objectiveValue - arcs) <= 1e-6, "weft \(weft.objectiveValue) arcs \(arcs)")
    }
}
