import Foundation
import Testing
import Topology
@testable import Optimizer
import TopologyFormats

/// Fat-tree levels read from the graph alone, and the up-down route space built on them: a fat tree
/// imported without roles must be solved exactly as the generated one, and exactly as glpsol solves
/// the exported all-paths model.
@Suite struct FatTreeRouteSpaceTests {
    /// The fabric as Topology Zoo GraphML (labels only, no roles, no hosts), read back.
    private func imported(_ fabric: Topology) throws -> Topology {
        try GraphMLImporter().read(Data(fabric.graphML().utf8), file: "fabric.graphml").topology
    }

    /// Every ordered pair of edge switches, random rates and classes (edge switches, so the same
    /// demands resolve on the imported fabric, which has no hosts).
    private func edgeDemands(_ fabric: Topology, seed: UInt64, range: ClosedRange<Double>, keep: Double = 1) -> [Demand] {
        let edges = fabric.switches.filter { $0.role == .edge }.map(\.name)
        return TestFabrics.randomDemands(edges, seed: seed, range: range, keep: keep).enumerated().map { index, demand in
            var copy = demand
            copy.id = "d\(index)"
            return copy
        }
    }

    private func degraded(k: Int, seed: UInt64) -> Topology {
        let fabric = FatTreeGenerator(k: k, fabricBps: 40e9, hostBps: 10e9).generate()
        return FabricDegradation(degradedFraction: 0.1, degradedCapacity: 0.25, failedFraction: 0.03, seed: seed).apply(to: fabric).topology
    }

    @Test(arguments: [4, 8])
    func generatedFatTreeLevelsMatchTheirRoles(k: Int) throws {
        let fabric = FatTreeGenerator(k: k).generate()
        let levels = try #require(FatTreeLevels.recognised(fabric, endpoints: []))
        #expect(levels.edges == fabric.switches.filter { $0.role == .edge }.map(\.name))
        #expect(levels.aggregations == fabric.switches.filter { $0.role == .aggregation }.map(\.name))
        #expect(levels.cores == fabric.switches.filter { $0.role == .core }.map(\.name))
        #expect(levels.pods.count == k)
        for (number, pod) in levels.pods.enumerated() {
            #expect(pod.edges == (1...k / 2).map { "e\(number + 1)-\($0)" })
            #expect(pod.aggregations == (1...k / 2).map { "a\(number + 1)-\($0)" })
        }
    }

    @Test func graphMLWithLabelsOnlyGetsTheSameLevelsFromItsDemandEndpoints() throws {
        let fabric = FatTreeGenerator(k: 8).generate()
        let endpoints = Set(fabric.switches.filter { $0.role == .edge }.map(\.name))
        let levels = try #require(FatTreeLevels.recognised(try imported(fabric), endpoints: endpoints))
        #expect(levels == FatTreeLevels.recognised(fabric, endpoints: []))
    }

    @Test(arguments: [4, 8])
    func graphMLWithoutRolesOrHostsGetsTheSameLevelsFromTheGraphAlone(k: Int) throws {
        let fabric = degraded(k: k, seed: 7)
        let levels = try #require(FatTreeLevels.recognised(try imported(fabric)))
        #expect(levels == FatTreeLevels.recognised(fabric))
        #expect(levels.edges == fabric.switches.filter { $0.role == .edge }.map(\.name))
        #expect(levels.cores == fabric.switches.filter { $0.role == .core }.map(\.name))
    }

    @Test func aGraphMLFatTreeWithoutRolesGetsTheSameMinCutEndpointsAndAnswers() throws {
        let fabric = degraded(k: 4, seed: 8)
        let graphML = try imported(fabric)
        #expect(MinCutEndpoints.defaultChoice(for: graphML) == .leaves)
        let names = try MinCutEndpoints.leaves.names(in: graphML)
        #expect(names == fabric.switches.filter { $0.role == .edge }.map(\.name))
        let generatedTree = GomoryHuTree(topology: fabric, includeHosts: false)
        let importedTree = GomoryHuTree(topology: graphML, includeHosts: false)
        let generated = generatedTree.matrix(among: names.compactMap(generatedTree.index(of:)))
        let read = importedTree.matrix(among: names.compactMap(importedTree.index(of:)))
        #expect(generated.count == names.count && read == generated)
        #expect(Set(generated.joined()).count > 2, "degraded and failed cables make the cuts differ")
    }

    @Test func aRingIsNoFatTreeAndKeepsEveryNodeAsMinCutEndpoint() throws {
        let ring = TestFabrics.graph("ring", edges: (1...8).flatMap { [("r\($0)", "r\($0 % 8 + 1)", 10e9), ("r\($0 % 8 + 1)", "r\($0)", 10e9)] })
        #expect(FatTreeLevels.recognised(ring) == nil)
        #expect(MinCutEndpoints.defaultChoice(for: ring) == .nodes)
    }

    /// Degraded cables, every pair of edge switches in demand: the merged-pod relaxation's flows split
    /// onto up-down routes (so the fast path is taken, not the column-generation fallback) and the
    /// result equals glpsol on the all-paths model. (With failed cables the relaxation can exceed the
    /// exact optimum, so no split exists and the exact fallback runs: the tests above have 3 % down.)
    @Test(arguments: [UInt64(11), 12, 13])
    func mergedPodsSplitExactlyOntoUpDownRoutes(seed: UInt64) throws {
        let generated = FatTreeGenerator(k: 4, fabricBps: 40e9, hostBps: 10e9).generate()
        let fabric = FabricDegradation(degradedFraction: 0.2, degradedCapacity: 0.25, seed: seed).apply(to: generated).topology
        let demands = edgeDemands(fabric, seed: seed, range: 2e9...30e9)
        for objective in [Objective.maxWeightedThroughput, .minMLU] {
            let options = OptimizerOptions(objective: objective)
            let setup = try ProblemSetup(topology: fabric, demands: demands, options: options)
            let exact = try #require(setup.space as? FatTreeRouteSpace)
            let solved = try #require(try FreshSolve.mergePodsAndSplit(setup: setup, exact: exact, start: .now), "\(objective): no split")
            let allocation = solved.allocation
            let oracle = try Oracle.glpsolOptimum(fabric, demands, options)
            #expect(TestFabrics.relativeGap(allocation.objectiveValue, oracle) <= 1e-6, "\(objective): weft \(allocation.objectiveValue) glpsol \(oracle)")
            for load in allocation.links {
                #expect(load.loadBps <= fabric.links[load.linkIndex].capacityBps * (1 + 1e-9), "\(load.name)")
            }
            #expect(allocation.demands.allSatisfy { $0.splits.allSatisfy { $0.path.links.count == 2 || $0.path.links.count == 4 } })
        }
    }

    @Test func anEdgeSwitchWithoutTrafficStaysAnEdgeSwitch() throws {
        let fabric = FatTreeGenerator(k: 4).generate()
        let levels = try #require(FatTreeLevels.recognised(try imported(fabric), endpoints: ["e1-1", "e3-2"]))
        #expect(levels.edges.count == 8)
        #expect(levels.cores == ["c1", "c2", "c3", "c4"])
    }

    @Test func otherBipartiteGraphsAreNotFatTrees() throws {
        let spineLeaf = SpineLeafGenerator(spines: 4, leaves: 8, hostsPerLeaf: 1).generate()
        #expect(FatTreeLevels.recognised(spineLeaf, endpoints: []) == nil)
        let ring = TestFabrics.graph("ring", edges: (1...8).flatMap { [("r\($0)", "r\($0 % 8 + 1)", 10e9), ("r\($0 % 8 + 1)", "r\($0)", 10e9)] })
        #expect(FatTreeLevels.recognised(ring, endpoints: ["r1", "r3", "r5"]) == nil)
        let line = TestFabrics.graph("line", edges: (1...4).flatMap { [("r\($0)", "r\($0 + 1)", 10e9), ("r\($0 + 1)", "r\($0)", 10e9)] })
        #expect(FatTreeLevels.recognised(line, endpoints: ["r1", "r5"]) == nil)
    }

    @Test func upDownRoutesAreOnePerCoreBetweenPodsAndOnePerAggregationWithin() throws {
        let fabric = FatTreeGenerator(k: 8).generate()
        let space = FatTreeRouteSpace(topology: fabric, levels: try #require(FatTreeLevels.recognised(fabric, endpoints: [])))
        let source = try #require(space.endpoint(of: "e1-1"))
        let samePod = try #require(space.endpoint(of: "e1-4"))
        let otherPod = try #require(space.endpoint(of: "e5-2"))
        #expect(space.endpoint(of: "a1-1") == nil && space.endpoint(of: "c1") == nil)
        let within = try space.allRoutes(from: source, to: samePod, limit: 1000)
        let between = try space.allRoutes(from: source, to: otherPod, limit: 1000)
        #expect(within.count == 4 && within.allSatisfy { $0.resources.count == 2 })
        #expect(between.count == 16 && between.allSatisfy { $0.resources.count == 4 })
        #expect(Set(between.map { fabric.links[$0.resources[1]].target.node }).count == 16, "each route crosses another core")
    }

    @Test func pricingFindsTheCheapestUpDownRoute() throws {
        let fabric = degraded(k: 8, seed: 4)
        let space = FatTreeRouteSpace(topology: fabric, levels: try #require(FatTreeLevels.recognised(fabric, endpoints: [])))
        var random = SeededGenerator(seed: 12)
        let costs = fabric.links.map { _ in Double.random(in: 0..<1, using: &random) }
        let edges = fabric.switches.filter { $0.role == .edge }.compactMap { space.endpoint(of: $0.name) }
        let pairs = edges.flatMap { source in edges.filter { $0 != source }.map { (source, $0) } }
        for ((source, destination), found) in zip(pairs, space.cheapestRoutes(for: pairs, costs: costs)) {
            let best = try space.allRoutes(from: source, to: destination, limit: 1000).map { $0.resources.reduce(0) { $0 + costs[$1] } }.min()
            let route = try #require(found)
            #expect(abs(route.cost - best!) < 1e-12)
            #expect(abs(route.route.resources.reduce(0) { $0 + costs[$1] } - route.cost) < 1e-12)
        }
    }

    /// k=4 only: the levels of an imported k=8 fat tree equal the generated one's (tested above), so
    /// its route space and solves are the same by construction.
    @Test(arguments: [UInt64(1), 2])
    func importedFatTreeIsSolvedExactlyAsTheGeneratedOne(seed: UInt64) throws {
        let fabric = degraded(k: 4, seed: seed)
        let demands = edgeDemands(fabric, seed: seed, range: 5e9...60e9)
        let graphML = try imported(fabric)
        for objective in Objective.allCases {
            let options = OptimizerOptions(objective: objective)
            let generated = try TrafficOptimizer(topology: fabric).optimize(demands, options: options)
            let read = try TrafficOptimizer(topology: graphML).optimize(demands, options: options)
            #expect(abs(generated.objectiveValue - read.objectiveValue) <= 1e-9 * max(1, abs(generated.objectiveValue)), "\(objective)")
            // Max-weighted-throughput and min-mlu may have several optima; priority-maxmin has one.
            for (one, other) in zip(generated.demands, read.demands) where objective == .priorityMaxMin {
                #expect(abs(one.servedBps - other.servedBps) <= 1e-6 * max(1e9, one.demand.rateBps), "\(one.demand.id)")
            }
            #expect(read.demands.allSatisfy { $0.splits.allSatisfy { $0.path.links.count == 2 || $0.path.links.count == 4 } })
        }
    }

    /// k=4 with failed cables (the exact fallback), k=8 with degraded ones only (the merged-pod split).
    @Test(arguments: [(4, 0.03, UInt64(3)), (8, 0, UInt64(5))])
    func fatTreeOptimumEqualsGlpsolOnTheAllPathsModel(k: Int, failed: Double, seed: UInt64) throws {
        let generated = FatTreeGenerator(k: k, fabricBps: 40e9, hostBps: 10e9).generate()
        let fabric = try imported(FabricDegradation(degradedFraction: 0.1, degradedCapacity: 0.25, failedFraction: failed, seed: seed).apply(to: generated).topology)
        let edges = Set(fabric.switches.map(\.name)).filter { $0.hasPrefix("e") }.sorted()
        let demands = TestFabrics.randomDemands(edges, seed: seed, range: 5e9...60e9, keep: k == 8 ? 0.25 : 1)
        for objective in [Objective.maxWeightedThroughput, .minMLU] {
            let options = OptimizerOptions(objective: objective)
            let weft = try TrafficOptimizer(topology: fabric).optimize(demands, options: options)
            let oracle = try Oracle.glpsolOptimum(fabric, demands, options)
            #expect(TestFabrics.relativeGap(weft.objectiveValue, oracle) <= 1e-6, "\(objective): weft \(weft.objectiveValue) glpsol \(oracle)")
        }
    }

    @Test func aFailedCableIsRepairedWarmOverTheSameUpDownRoutes() throws {
        let fabric = degraded(k: 4, seed: 6)
        let demands = edgeDemands(fabric, seed: 6, range: 5e9...40e9)
        let incremental = try IncrementalOptimizer(topology: fabric, demands: demands)
        let broken = TestFabrics.failCables(fabric, [("e1-1", "a1-1")])
        let warm = try incremental.update(topology: broken)
        #expect(incremental.lastUpdateKind == .warm)
        let fresh = try TrafficOptimizer(topology: broken).optimize(demands)
        #expect(TestFabrics.relativeGap(warm.objectiveValue, fresh.objectiveValue) <= 1e-9)
    }
}
