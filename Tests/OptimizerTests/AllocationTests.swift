import Foundation
import Testing
import Topology
@testable import Optimizer
import TopologyFormats

@Suite struct AllocationTests {
    let fabric = SpineLeafGenerator(spines: 2, leaves: 2, hostsPerLeaf: 1).generate()

    func path(_ names: String...) -> Path {
        Path(links: names.compactMap { fabric.linkIndex(named: $0) })
    }

    @Test func linkLoadsSumSplitsPerClassAndMLUIsTheHottestUpLink() throws {
        let up = path("leaf1:2->spine1:1", "spine1:2->leaf2:2")
        let gold = Demand(source: "leaf1", destination: "leaf2", rateBps: 60e9, qosClass: .gold)
        let bronze = Demand(source: "leaf1", destination: "leaf2", rateBps: 50e9, qosClass: .bronze)
        let allocation = Allocation(
            topology: fabric, objective: .maxWeightedThroughput, objectiveValue: 0, headroom: 0,
            demands: [
                DemandAllocation(demand: gold, splits: [PathSplit(path: up, rateBps: 60e9)]),
                DemandAllocation(demand: bronze, splits: [PathSplit(path: up, rateBps: 40e9)],
                                 shortfall: Shortfall(kind: .capacity, message: "leaf1:2->spine1:1 full")),
            ],
            solveSeconds: 0, solverStatus: .optimal)
        let hottest = try #require(allocation.hottestLinks(1).first)
        #expect(hottest.name == "leaf1:2->spine1:1")
        #expect(hottest.loadByClass == ["gold": 60e9, "bronze": 40e9])
        #expect(allocation.maxLinkUtilization == 1)
        #expect(allocation.totalThroughputBps == 100e9)
        #expect(abs(allocation.servedFraction - 100.0 / 110.0) < 1e-12)
        #expect(allocation.classes.map(\.qosClass.name) == ["gold", "bronze"])
        #expect(allocation.demands[1].reason == "leaf1:2->spine1:1 full")
    }

    @Test func allocationSurvivesAJSONRoundTrip() throws {
        let demand = Demand(id: "d1", source: "h1-1", destination: "leaf2", rateBps: 1e9, qosClass: .silver)
        let allocation = Allocation(
            topology: fabric, objective: .minMLU, objectiveValue: 0.5, headroom: 0.1,
            demands: [DemandAllocation(demand: demand, splits: [PathSplit(path: path("leaf1:2->spine1:1", "spine1:2->leaf2:2"), rateBps: 1e9)])],
            solveSeconds: 0.01, solverStatus: .optimal, statistics: SolveStatistics(lpSolves: 1, columns: 1, rows: 2))
        let data = try JSONEncoder().encode(allocation)
        #expect(try JSONDecoder().decode(Allocation.self, from: data) == allocation)
    }

    @Test func demandJSONAcceptsABuiltInClassName() throws {
        let json = #"{"src": "leaf1", "dst": "leaf2", "rate_bps": 5, "class": "gold"}"#
        let demand = try JSONDecoder().decode(Demand.self, from: Data(json.utf8))
        #expect(demand.qosClass == .gold)
        #expect(demand.id == "leaf1->leaf2/gold")
    }

    @Test func pathsOrderByHopCountThenLinkIndex() {
        let paths = [Path(links: [3, 1]), Path(links: [0, 9, 2]), Path(links: [2, 0]), Path(links: [])]
        #expect(paths.sorted() == [Path(links: []), Path(links: [2, 0]), Path(links: [3, 1]), Path(links: [0, 9, 2])])
    }

    @Test func pathValidityRequiresContiguousLinks() {
        #expect(path("leaf1:2->spine1:1", "spine1:2->leaf2:2").isValid(in: fabric))
        #expect(!path("leaf1:2->spine1:1", "spine2:2->leaf2:3").isValid(in: fabric))
        #expect(!Path(links: [999]).isValid(in: fabric))
    }
}
