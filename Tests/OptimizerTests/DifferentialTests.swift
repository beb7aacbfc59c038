import Foundation
import Testing
import Topology
@testable import Optimizer
import TopologyFormats

/// Randomized differential tests: seeded, reproducible instances — spine-leaf fabrics with degraded and
/// failed cables, drained spines and mixed speeds, fat trees, random WANs; demands above their host
/// ports, zero-rate demands, disconnected pairs, classes of equal and different priorities — through
/// all three objectives. Max-weighted-throughput and min-mlu must equal glpsol on the exported
/// all-paths model; priority-maxmin must keep its guarantees (a higher class gets the same with and
/// without the lower ones; no demand of a class can grow without shrinking one that got less) and give
/// every demand what LP progressive filling (no pooling, no relaxation) gives it.
@Suite struct DifferentialTests {
    /// Seeds of instances that once failed; they run first, every time.
    static let regressionSeeds: [UInt64] = []

    static let instanceCount = 1000

    @Test func randomInstancesAgreeWithGlpsolAndKeepTheMaxMinGuarantees() throws {
        let seeds = Self.regressionSeeds + (1...UInt64(Self.instanceCount)).map { $0 &* 7919 }
        let failures = FailureLog()
        DispatchQueue.concurrentPerform(iterations: 2) { lane in
            for (position, seed) in seeds.enumerated() where position % 2 == lane {
                do {
                    try DifferentialInstance(seed: seed).check(into: failures)
                } catch {
                    failures.add("seed \(seed): \(error)")
                }
            }
        }
        let found = failures.all
        #expect(found.isEmpty, "\(found.count) failing instance(s), first ones:\n\(found.prefix(10).joined(separator: "\n"))")
    }
}

/// Collects failures from several threads.
private final class FailureLog: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [String] = []

    func add(_ entry: String) {
        lock.lock()
        entries.append(entry)
        lock.unlock()
    }

    var all: [String] {
        lock.lock()
        defer { lock.unlock() }
        return entries
    }
}

/// One random instance and its checks.
private struct DifferentialInstance {
    let seed: UInt64
    let kind: String
    let topology: Topology
    let demands: [Demand]
    let pathSpace: PathSpace

    static let platinum = QoSClass(name: "platinum", weight: 8, priority: 0)

    init(seed: UInt64) {
        self.seed = seed
        var random = SeededGenerator(seed: seed)
        var endpoints: [String]
        var portSpeed = 25e9
        switch seed % 5 {
        case 0, 1:
            let spines = Int.random(in: 1...4, using: &random)
            let leaves = Int.random(in: 2...5, using: &random)
            var fabric = TestFabrics.randomSpineLeaf(spines: spines, leaves: leaves, seed: seed, choices: [10e9, 40e9, 100e9])
            let degradation = FabricDegradation(degradedFraction: Double.random(in: 0...0.3, using: &random),
                                                degradedCapacity: [0.4, 0.25, 0.1].randomElement(using: &random)!,
                                                failedFraction: Double.random(in: 0...0.2, using: &random),
                                                failedSpines: spines > 1 && Bool.random(using: &random) ? 1 : 0, seed: seed)
            fabric = degradation.apply(to: fabric).topology
            kind = "spine-leaf \(spines)x\(leaves)"
            topology = fabric
            endpoints = Bool.random(using: &random) ? fabric.hosts.map(\.name) : fabric.switches.filter { $0.role == .leaf }.map(\.name)
            pathSpace = .automatic
        case 2:
            var fabric = FatTreeGenerator(k: 4, fabricBps: 40e9, hostBps: 10e9).generate()
            portSpeed = 10e9
            fabric = FabricDegradation(degradedFraction: 0.1, failedFraction: Double.random(in: 0...0.1, using: &random), seed: seed).apply(to: fabric).topology
            kind = "fat tree k=4"
            topology = fabric
            endpoints = fabric.hosts.map(\.name).shuffled(using: &random).prefix(6).map { $0 }
            pathSpace = .kShortest(4)
        default:
            let nodes = Int.random(in: 3...6, using: &random)
            var edges: [(String, String, Double)] = []
            for a in 1...nodes {
                for b in (a + 1)...max(a + 1, nodes) where b <= nodes && Double.random(in: 0..<1, using: &random) < 0.45 {
                    let capacity = [1e9, 10e9, 40e9].randomElement(using: &random)!
                    edges.append(("r\(a)", "r\(b)", capacity))
                    edges.append(("r\(b)", "r\(a)", Bool.random(using: &random) ? capacity : capacity / 4))
                }
            }
            if edges.isEmpty { edges = [("r1", "r2", 10e9), ("r2", "r1", 10e9)] }
            var wan = TestFabrics.graph("wan-\(seed)", edges: edges)
            let present = Set(wan.switches.map(\.name))
            let isolated = (1...nodes).map { "r\($0)" }.filter { !present.contains($0) }
            wan.switches += isolated.enumerated().map { TestFabrics.node($1, id: UInt64(100 + $0), ports: 1) }
            kind = "wan \(nodes) nodes"
            topology = wan
            endpoints = wan.switches.map(\.name)
            portSpeed = 10e9
            pathSpace = .automatic
        }
        let classes: [QoSClass] = [.gold, .silver, .bronze, Self.platinum]
        var demands: [Demand] = []
        let count = Int.random(in: 1...10, using: &random)
        for index in 0..<count where endpoints.count >= 2 {
            let source = endpoints.randomElement(using: &random)!
            var destination = endpoints.randomElement(using: &random)!
            while destination == source { destination = endpoints.randomElement(using: &random)! }
            let rate: Double
            switch Int.random(in: 0..<6, using: &random) {
            case 0: rate = 0
            case 1: rate = portSpeed * Double.random(in: 1.05...1.6, using: &random)
            default: rate = portSpeed * Double.random(in: 0.05...0.9, using: &random)
            }
            demands.append(Demand(id: "d\(index)", source: source, destination: destination, rateBps: rate.rounded(),
                                  qosClass: classes.randomElement(using: &random)!))
        }

        self.demands = demands
    }

    func options(_ objective: Objective) -> OptimizerOptions {
        OptimizerOptions(objective: objective, pathSpace: pathSpace)
    }

    func check(into log: FailureLog) throws {
        let label = "seed \(seed) (\(kind), \(demands.count) demands)"
        let optimizer = TrafficOptimizer(topology: topology)
        for objective in [Objective.maxWeightedThroughput, .minMLU] {
            let weft = try optimizer.optimize(demands, options: options(objective))
            let oracle = try Oracle.glpsolOptimum(topology, demands, options(objective))
            let tolerance = objective == .minMLU ? 1e-6 : 1e-6 * max(1, abs(oracle))
            if abs(weft.objectiveValue - oracle) > tolerance {
                log.add("\(label): \(objective) weft \(weft.objectiveValue) glpsol \(oracle)")
            }
        }
        let fair = try optimizer.optimize(demands, options: options(.priorityMaxMin))
        let filled = try optimizer.progressiveFillingReference(demands, options: options(.priorityMaxMin))
        for (allocation, reference) in zip(fair.demands, filled.demands)
        where abs(allocation.servedBps - reference.servedBps) > 1e-6 * max(1e9, allocation.demand.rateBps) {
            log.add("\(label): \(allocation.demand.id) gets \(allocation.servedBps) under priority-maxmin, \(reference.servedBps) under LP progressive filling")
        }
        let top = demands.map(\.qosClass.priority).min() ?? 0
        let onlyTop = demands.filter { $0.qosClass.priority == top }
        if onlyTop.count < demands.count {
            let alone = try optimizer.optimize(onlyTop, options: options(.priorityMaxMin))
            for (allocation, single) in zip(fair.demands.filter { $0.demand.qosClass.priority == top }, alone.demands)
            where abs(allocation.servedBps - single.servedBps) > 1e-6 * max(1e9, allocation.demand.rateBps) {
                log.add("\(label): \(allocation.demand.id) of the top class gets \(allocation.servedBps) with lower classes, \(single.servedBps) without")
            }
        }
        let unsaturated = fair.demands.indices.filter { fair.demands[$0].servedBps < fair.demands[$0].demand.rateBps * (1 - 1e-6) }
        for index in unsaturated.prefix(3) {
            let best = try largestServiceWithoutShrinkingSmaller(index, fair)
            let served = fair.demands[index].servedBps
            if best > served + 1e-5 * max(1e9, fair.demands[index].demand.rateBps) {
                log.add("\(label): \(demands[index].id) gets \(served) under priority-maxmin but could get \(best) without shrinking a smaller demand of its class")
            }
        }
    }

    /// The most demand `index` can get over every path when higher classes keep what they got and no
    /// demand of its class that got at most as much gets less: an independent all-paths LP.
    private func largestServiceWithoutShrinkingSmaller(_ index: Int, _ fair: Allocation) throws -> Double {
        var all = options(.maxWeightedThroughput)
        all.method = .allPaths
        all.symmetryReduction = false
        let setup = try ProblemSetup(topology: topology, demands: demands, options: all)
        let master = try Optimization.makeMaster(setup, mode: .weightedThroughput, demandRows: true)
        let lp = master.lp
        let priority = demands[index].qosClass.priority
        let served = fair.demands.map { $0.servedBps / setup.scale }
        let slack = 1e-9
        var target: Int?
        for (commodity, item) in setup.commodities.enumerated() {
            let input = setup.resolved.entries[item.entry].input
            let level = demands[input].qosClass.priority
            if input == index {
                target = commodity
                lp.setRowBound(commodity, .range(0, item.rate))
            } else if level < priority {
                lp.setRowBound(commodity, .range(max(0, served[input] - slack), served[input] + slack))
            } else if level == priority && served[input] <= served[index] + slack {
                lp.setRowBound(commodity, .range(max(0, served[input] - slack), item.rate))
            }
        }
        guard let target else { return 0 }
        for (column, route) in master.columns.enumerated() {
            lp.setObjective(column, route.commodity == target ? 1 : 0)
        }
        _ = try lp.simplex(.primal, stage: "max-min check")
        return lp.objectiveValue * setup.scale
    }
}
