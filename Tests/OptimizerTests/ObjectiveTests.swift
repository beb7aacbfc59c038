import Foundation
import Testing
import Topology
@testable import Optimizer

@Suite struct ObjectiveTests {
    /// a → b over one 10 Gbit/s link.
    let oneLink = TestFabrics.graph("one-link", edges: [("a", "b", 10e9)])
    /// a → b directly and through c, both 10 Gbit/s.
    let twoRoutes = TestFabrics.graph("two-routes", edges: [("a", "b", 10e9), ("a", "c", 10e9), ("c", "b", 10e9)])

    private func served(_ allocation: Allocation) -> [Double] {
        allocation.demands.map { ($0.servedBps / 1e9 * 1e6).rounded() / 1e6 }
    }

    @Test func weightedThroughputServesGoldBeforeBronze() throws {
        let demands = [Demand(source: "a", destination: "b", rateBps: 10e9, qosClass: .bronze),
                       Demand(source: "a", destination: "b", rateBps: 10e9, qosClass: .gold)]
        let allocation = try TrafficOptimizer(topology: oneLink).optimize(demands)
        #expect(served(allocation) == [0, 10])
        #expect(allocation.objectiveValue == 40e9)
        #expect(allocation.demands[0].shortfall?.kind == .capacity)
        #expect(allocation.demands[0].reason?.contains("a:1->b:1") == true)
    }

    @Test func headroomKeepsAShareOfEveryLinkFree() throws {
        let demands = [Demand(source: "a", destination: "b", rateBps: 30e9)]
        let allocation = try TrafficOptimizer(topology: twoRoutes).optimize(demands, options: OptimizerOptions(headroom: 0.25))
        #expect(abs(allocation.totalThroughputBps - 15e9) < 1)
        #expect(allocation.maxLinkUtilization <= 0.75 + 1e-9)
    }

    @Test func minMLUSplitsOverBothRoutes() throws {
        let demands = [Demand(source: "a", destination: "b", rateBps: 10e9)]
        let allocation = try TrafficOptimizer(topology: twoRoutes).optimize(demands, options: OptimizerOptions(objective: .minMLU))
        #expect(abs(allocation.objectiveValue - 0.5) < 1e-9)
        #expect(allocation.demands[0].splits.count == 2)
        #expect(allocation.servedFraction > 1 - 1e-9)
    }

    @Test func minMLUFirstKeepsTheMaximumWeightedThroughput() throws {
        let demands = [Demand(source: "a", destination: "b", rateBps: 30e9, qosClass: .gold),
                       Demand(source: "a", destination: "c", rateBps: 10e9, qosClass: .bronze)]
        let allocation = try TrafficOptimizer(topology: twoRoutes).optimize(demands, options: OptimizerOptions(objective: .minMLU))
        #expect(served(allocation) == [20, 0])
        #expect(abs(allocation.objectiveValue - 1) < 1e-9)
    }

    @Test func maxMinSharesABottleneckFairlyAndCapsAtDemand() throws {
        let demands = [Demand(id: "small", source: "a", destination: "b", rateBps: 2e9),
                       Demand(id: "big1", source: "a", destination: "b", rateBps: 10e9),
                       Demand(id: "big2", source: "a", destination: "b", rateBps: 10e9)]
        let allocation = try TrafficOptimizer(topology: oneLink).optimize(demands, options: OptimizerOptions(objective: .priorityMaxMin))
        #expect(served(allocation) == [2, 4, 4])
    }

    @Test func maxMinGivesALowerClassOnlyTheRest() throws {
        let demands = [Demand(source: "a", destination: "b", rateBps: 8e9, qosClass: .bronze),
                       Demand(source: "a", destination: "b", rateBps: 8e9, qosClass: .gold)]
        let allocation = try TrafficOptimizer(topology: oneLink).optimize(demands, options: OptimizerOptions(objective: .priorityMaxMin))
        #expect(served(allocation) == [2, 8])
    }

    @Test func maxMinReroutesAHigherClassToMakeRoomBelow() throws {
        let demands = [Demand(source: "a", destination: "b", rateBps: 10e9, qosClass: .gold),
                       Demand(source: "a", destination: "c", rateBps: 10e9, qosClass: .bronze)]
        let allocation = try TrafficOptimizer(topology: twoRoutes).optimize(demands, options: OptimizerOptions(objective: .priorityMaxMin))
        #expect(served(allocation) == [10, 10])
    }

    @Test(arguments: [UInt64(51), 52, 53, 54, 55])
    func priorityMaxMinNeverGivesALowerClassWhatAHigherClassWanted(seed: UInt64) throws {
        let fabric = TestFabrics.randomSpineLeaf(spines: 3, leaves: 5, seed: seed)
        let demands = TestFabrics.randomDemands(DemandGenerator.defaultEndpoints(in: fabric), seed: seed, range: 10e9...80e9, keep: 0.6)
        let options = OptimizerOptions(objective: .priorityMaxMin)
        let optimizer = TrafficOptimizer(topology: fabric)
        let full = try optimizer.optimize(demands, options: options)
        for priority in [0, 1] {
            let upper = demands.filter { $0.qosClass.priority <= priority }
            let alone = try optimizer.optimize(upper, options: options)
            for result in alone.demands {
                let withLower = try #require(full.allocation(forDemand: result.demand.id))
                #expect(withLower.servedBps >= result.servedBps - 1e-6 * result.demand.rateBps,
                        "\(result.demand.id) got \(withLower.servedBps) with lower classes present, \(result.servedBps) without")
            }
        }
    }

    @Test(arguments: [UInt64(61), 62])
    func everyAllocationIsFeasible(seed: UInt64) throws {
        let fabric = TestFabrics.randomSpineLeaf(spines: 3, leaves: 5, seed: seed)
        let demands = TestFabrics.randomDemands(DemandGenerator.defaultEndpoints(in: fabric), seed: seed)
        for objective in Objective.allCases {
            let allocation = try TrafficOptimizer(topology: fabric).optimize(demands, options: OptimizerOptions(objective: objective, headroom: 0.1))
            #expect(allocation.links.allSatisfy { $0.loadBps <= $0.capacityBps * 0.9 * (1 + 1e-7) + 1 }, "\(objective)")
            for result in allocation.demands {
                #expect(result.servedBps <= result.demand.rateBps * (1 + 1e-9))
                #expect(result.splits.allSatisfy { $0.path.isValid(in: fabric) })
                let ends = result.splits.first.map { $0.path.nodes(in: fabric) }
                #expect(ends == nil || (ends?.first == result.demand.source && ends?.last == result.demand.destination))
            }
        }
    }
}
