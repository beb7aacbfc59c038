import Testing
import Topology
@testable import Optimizer
import TopologyFormats

/// Priority-maxmin by water-filling a relaxation tightened with metric cuts, and pooling host demands
/// per endpoint pair, must give every demand exactly what LP progressive filling (one LP per
/// bottleneck level, no pooling) gives it.
@Suite struct MetricCutMaxMinTests {
    /// Three demands of every class between every two hosts of different switches, half of them above
    /// the host port's speed.
    private func hostDemands(_ topology: Topology, seed: UInt64, portSpeed: Double) -> [Demand] {
        var random = SeededGenerator(seed: seed)
        let hosts = topology.hosts
        var demands: [Demand] = []
        for source in hosts {
            for destination in hosts where source.name != destination.name {
                for qosClass in [QoSClass.gold, .silver, .bronze] where Double.random(in: 0..<1, using: &random) < 0.6 {
                    let rate = portSpeed * Double.random(in: 0.05...1.4, using: &random)
                    demands.append(Demand(id: "d\(demands.count)", source: source.name, destination: destination.name,
                                          rateBps: rate.rounded(), qosClass: qosClass))
                }
            }
        }
        return demands
    }

    private func expectSameRates(_ topology: Topology, _ demands: [Demand], options: OptimizerOptions = OptimizerOptions(objective: .priorityMaxMin)) throws {
        let optimizer = TrafficOptimizer(topology: topology)
        let pooled = try optimizer.optimize(demands, options: options)
        let reference = try optimizer.progressiveFillingReference(demands, options: options)
        #expect(pooled.demands.count == demands.count)
        #expect(reference.demands.contains { $0.servedBps < 0.99 * $0.demand.rateBps }, "some demand is held back, so fairness decides")
        for (fast, slow) in zip(pooled.demands, reference.demands) {
            #expect(abs(fast.servedBps - slow.servedBps) <= 1e-6 * max(1e9, slow.demand.rateBps),
                    "\(fast.demand.id) \(fast.demand.source)->\(fast.demand.destination) \(fast.demand.qosClass.name): \(fast.servedBps) vs LP filling \(slow.servedBps)")
        }
    }

    @Test func pooledHostDemandsOnADegradedSpineLeafGetWhatLPFillingGives() throws {
        let fabric = SpineLeafGenerator(spines: 3, leaves: 4, hostsPerLeaf: 3, uplinkBps: 40e9, downlinkBps: 25e9).generate()
        let degraded = FabricDegradation(degradedFraction: 0.25, degradedCapacity: 0.25, seed: 3).apply(to: fabric).topology
        try expectSameRates(degraded, hostDemands(degraded, seed: 7, portSpeed: 25e9))
    }

    @Test func pooledHostDemandsOnAFatTreeWithAFailedCableGetWhatLPFillingGives() throws {
        let fabric = FatTreeGenerator(k: 4, fabricBps: 20e9, hostBps: 10e9).generate()
        let broken = FabricDegradation(degradedFraction: 0.15, failedFraction: 0.05, seed: 9).apply(to: fabric).topology
        try expectSameRates(broken, hostDemands(broken, seed: 11, portSpeed: 10e9).enumerated().filter { $0.offset % 5 == 0 }.map(\.element))
    }

    /// leaf1 reaches spine1 at 100G and spine2 at 10G; leaf3 hears spine1 at 10G and spine2 at 100G.
    /// Each leaf's own capacity allows 110G from leaf1 to leaf3, the fabric routes 20G: only a metric
    /// cut finds that.
    private var crossedFabric: Topology {
        var fabric = SpineLeafGenerator(spines: 2, leaves: 3, hostsPerLeaf: 1, uplinkBps: 100e9, downlinkBps: 400e9).generate()
        for index in fabric.links.indices {
            let ends = (fabric.links[index].source.node, fabric.links[index].target.node)
            if ends == ("leaf1", "spine2") || ends == ("spine1", "leaf3") { fabric.links[index].capacityBps = 10e9 }
        }
        return fabric
    }

    @Test func aMetricCutBoundsWhatEndpointCapacitiesAllow() throws {
        let demands = [Demand(id: "g", source: "leaf1", destination: "leaf3", rateBps: 15e9, qosClass: .gold),
                       Demand(id: "s", source: "leaf1", destination: "leaf3", rateBps: 80e9, qosClass: .silver),
                       Demand(id: "b", source: "leaf2", destination: "leaf3", rateBps: 80e9, qosClass: .bronze)]
        let setup = try ProblemSetup(topology: crossedFabric, demands: demands, options: OptimizerOptions(objective: .priorityMaxMin))
        let solved = try #require(try MetricCutMaxMin.solve(setup, start: .now, safe: false))
        let served = solved.allocation.demands.map(\.servedBps)
        #expect(abs(served[0] - 15e9) < 1e3)
        #expect(abs(served[1] - 5e9) < 1e3)
        #expect(solved.allocation.statistics.lpSolves >= 2)
        try expectSameRates(crossedFabric, demands)
    }

    @Test func waterFillingFreezesDemandsOnAFullConstraintAndServesHigherPriorityFirst() {
        let filling = WaterFilling(rates: [100, 100, 100, 1, 100], priorities: [1, 1, 1, 1, 0], constraints: [
            WaterFilling.Constraint(members: [(0, 1), (1, 1), (2, 1), (3, 1), (4, 1)], capacity: 16),
            WaterFilling.Constraint(members: [(2, 2)], capacity: 4),
            WaterFilling.Constraint(members: [(4, 1)], capacity: 3),
        ])
        let rates = filling.fill()
        let expected: [Double] = [5, 5, 2, 1, 3]
        for (rate, wanted) in zip(rates, expected) { #expect(abs(rate - wanted) < 1e-9) }
    }
}

extension MetricCutMaxMinTests {
    /// A k=8 fat tree with degraded and failed cables: the routing LP's duals give distances that are
    /// zero but for rounding (~1e-16); were they kept, a full cut would freeze pairs it does not
    /// constrain, and gold demands would get less than LP progressive filling gives them.
    @Test func roundingNoiseInCutDistancesHoldsNoDemandBack() throws {
        let fabric = FatTreeGenerator(k: 8, fabricBps: 40e9, hostBps: 10e9).generate()
        let broken = FabricDegradation(degradedFraction: 0.1, degradedCapacity: 0.25, failedFraction: 0.03, seed: 2).apply(to: fabric).topology
        let edges = broken.switches.filter { $0.role == .edge }.map(\.name)
        let demands = TestFabrics.randomDemands(edges, seed: 2, range: 5e9...60e9).enumerated().map { index, demand in
            var copy = demand
            copy.id = "d\(index)"
            return copy
        }
        try expectSameRates(broken, demands)
    }
}
