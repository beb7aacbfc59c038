import Foundation
import Testing
import Topology
@testable import Optimizer

/// The WAN path LP (`SourceTreeMaster`: Dantzig–Wolfe by source, one column per tree) against
/// glpsol on the arc formulation and on the all-paths model of the same instance.
@Suite struct SourceTreeMasterTests {
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

    /// Solves `demands` with a tree master of the given group size and smoothing; returns its
    /// objective in bit/s (weighted) or as the MLU, after checking its flows against capacities.
    static func treeOptimum(_ wan: Topology, _ demands: [Demand], _ objective: Objective, groupSize: Int, smoothing: Double) throws -> Double {
        try treeSolve(wan, demands, objective, groupSize: groupSize, smoothing: smoothing, dropAfter: SourceTreeMaster.defaultDropAfter).value
    }

    /// As `treeOptimum`, with the number of idle solves before a tree column is dropped (0: never);
    /// also returns how many columns were dropped.
    static func treeSolve(_ wan: Topology, _ demands: [Demand], _ objective: Objective, groupSize: Int, smoothing: Double,
                          dropAfter: Int) throws -> (value: Double, dropped: Int) {
        let setup = try ProblemSetup(topology: wan, demands: demands, options: OptimizerOptions(objective: objective))
        let space = try #require(setup.space as? SimplePathRouteSpace)
        let model: SourceTreeMaster.Model = objective == .minMLU ? .servingAll : .weightedThroughput
        let master = try #require(SourceTreeMaster(space: space, commodities: setup.commodities, fabricCapacity: setup.fabricCapacities,
                                                   accessCapacity: setup.accessCapacities, headroom: setup.options.headroom, model: model, name: "test",
                                                   groupSize: groupSize, smoothing: smoothing, dropAfter: dropAfter))
        try master.generateColumns(stage: "test") { _ in }
        var load = Array(repeating: 0.0, count: wan.links.count)
        var served = Array(repeating: 0.0, count: setup.commodities.count)
        for flow in master.flows() {
            #expect(flow.flow > 0)
            served[flow.commodity] += flow.flow
            for link in flow.route.resources { load[link] += flow.flow }
        }
        let utilization = objective == .minMLU ? master.objectiveValue : 1.0
        for (link, amount) in load.enumerated() where amount > 0 {
            #expect(amount <= setup.fabricCapacities[link] * (objective == .minMLU ? utilization : 1 - setup.options.headroom) * (1 + 1e-7) + 1e-9, "link \(link) carries \(amount)")
        }
        for (index, commodity) in setup.commodities.enumerated() {
            #expect(served[index] <= commodity.rate * (1 + 1e-7))
            if objective == .minMLU { #expect(served[index] >= commodity.rate * (1 - 1e-7), "demand \(index) must be served in full") }
        }
        return (objective == .minMLU ? master.objectiveValue : master.objectiveValue * setup.scale, master.columnsDropped)
    }

    @Test(arguments: [UInt64(41), 42, 43, 44, 45])
    func everyGroupSizeAndSmoothingReachesTheArcOptimum(seed: UInt64) throws {
        let wan = Self.randomWAN(nodes: 10, seed: seed)
        let demands = TestFabrics.randomDemands(wan.switches.map(\.name), seed: seed, range: 1e9...12e9)
        let arcs = try Self.arcOptimum(wan, demands, .maxWeightedThroughput)
        for (groupSize, smoothing) in [(1, 0.0), (3, 0.5), (4, 0.9), (Int.max, 0.0), (Int.max, 0.5)] {
            let value = try Self.treeOptimum(wan, demands, .maxWeightedThroughput, groupSize: groupSize, smoothing: smoothing)
            #expect(Self.gap(value, arcs) <= 1e-6, "group \(groupSize), smoothing \(smoothing): trees \(value), arcs \(arcs)")
        }
    }

    @Test(arguments: [UInt64(51), 52, 53])
    func minMLUTreesOfAnyGroupSizeEqualTheArcOptimum(seed: UInt64) throws {
        let wan = Self.randomWAN(nodes: 10, seed: seed)
        let demands = TestFabrics.randomDemands(wan.switches.map(\.name), seed: seed, range: 0.01e9...0.2e9)
        let arcs = try Self.arcOptimum(wan, demands, .minMLU)
        for (groupSize, smoothing) in [(1, 0.0), (5, 0.5), (Int.max, 0.5)] {
            let value = try Self.treeOptimum(wan, demands, .minMLU, groupSize: groupSize, smoothing: smoothing)
            #expect(abs(value - arcs) <= 1e-6, "group \(groupSize), smoothing \(smoothing): trees \(value), arcs \(arcs)")
        }
    }

    @Test(arguments: [UInt64(61), 62, 63])
    func droppingIdleTreeColumnsKeepsTheArcOptimum(seed: UInt64) throws {
        let wan = Self.randomWAN(nodes: 12, seed: seed)
        let demands = TestFabrics.randomDemands(wan.switches.map(\.name), seed: seed, range: 1e9...12e9)
        let arcs = try Self.arcOptimum(wan, demands, .maxWeightedThroughput)
        var dropped = 0
        for dropAfter in [0, 1, 2] {
            let solved = try Self.treeSolve(wan, demands, .maxWeightedThroughput, groupSize: 1, smoothing: 0.5, dropAfter: dropAfter)
            #expect(Self.gap(solved.value, arcs) <= 1e-6, "drop after \(dropAfter): trees \(solved.value), arcs \(arcs)")
            if dropAfter == 0 { #expect(solved.dropped == 0) }
            dropped += solved.dropped
        }
        #expect(dropped > 0, "the instance must exercise dropping")
    }

    @Test(arguments: [UInt64(71), 72, 73])
    func droppingIdleTreeColumnsKeepsTheMinMLUOptimum(seed: UInt64) throws {
        let wan = Self.randomWAN(nodes: 12, seed: seed)
        let demands = TestFabrics.randomDemands(wan.switches.map(\.name), seed: seed, range: 0.01e9...0.2e9)
        let arcs = try Self.arcOptimum(wan, demands, .minMLU)
        for dropAfter in [1, 2] {
            let value = try Self.treeSolve(wan, demands, .minMLU, groupSize: 1, smoothing: 0.5, dropAfter: dropAfter).value
            #expect(abs(value - arcs) <= 1e-6, "drop after \(dropAfter): trees \(value), arcs \(arcs)")
        }
    }

    /// Every min-mlu progress line's proven gap is a true lower bound, u · (1 − gap) ≤ the optimum,
    /// and every round proves a positive lower bound (the master's duals alone proved none: "within 1.0e+00").
    @Test(arguments: [UInt64(81), 82, 83])
    func minMLUProgressBoundsAreValidAndInformative(seed: UInt64) throws {
        let wan = Self.randomWAN(nodes: 20, seed: seed)
        let demands = TestFabrics.randomDemands(wan.switches.map(\.name), seed: seed, range: 0.01e9...0.1e9)
        var rounds: [SolveProgress] = []
        let weft = try TrafficOptimizer(topology: wan).optimize(demands, options: OptimizerOptions(objective: .minMLU)) { rounds.append($0) }
        let arcs = try Self.arcOptimum(wan, demands, .minMLU)
        #expect(abs(weft.objectiveValue - arcs) <= 1e-6, "weft \(weft.objectiveValue) arcs \(arcs)")
        #expect(!rounds.isEmpty)
        for round in rounds {
            let gap = try #require(round.provenGap)
            #expect(round.objectiveValue * (1 - gap) <= arcs * (1 + 1e-7), "round \(round.round): u \(round.objectiveValue), gap \(gap), optimum \(arcs)")
        }
        #expect(rounds.allSatisfy { ($0.provenGap ?? 1) < 1 }, "gaps \(rounds.map { $0.provenGap ?? .nan })")
    }
}
