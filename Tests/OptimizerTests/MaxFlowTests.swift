import Foundation
import Testing
import Topology
@testable import Optimizer
import TopologyFormats

@Suite struct MaxFlowTests {
    /// s→a 10, s→b 5, a→t 4, b→t 8, a→b 3: max flow 12. Two cuts carry 12 ({a→t, b→t} and
    /// {a→t, a→b, s→b}); the reported one has the smallest source side, {s, a}.
    let diamond = TestFabrics.graph("diamond", edges: [
        ("s", "a", 10), ("s", "b", 5), ("a", "t", 4), ("b", "t", 8), ("a", "b", 3),
    ])

    @Test func diamondMaxFlowIsTwelveAndTheCutHasTheSmallestSourceSide() throws {
        let result = try MaxFlow.compute(in: diamond, from: "s", to: "t")
        #expect(result.valueBps == 12)
        #expect(result.cut.map(\.name).sorted() == ["a:2->t:1", "a:3->b:3", "s:2->b:1"])
        #expect(result.sourceSide == ["a", "s"])
    }

    @Test func cutCapacityEqualsFlowValueAndFlowIsConserved() throws {
        let result = try MaxFlow.compute(in: diamond, from: "s", to: "t")
        #expect(result.cut.reduce(0) { $0 + $1.capacityBps } == result.valueBps)
        for node in ["a", "b"] {
            let inflow = diamond.links.indices.filter { diamond.links[$0].target.node == node }.reduce(0) { $0 + result.linkFlowsBps[$1] }
            let outflow = diamond.links.indices.filter { diamond.links[$0].source.node == node }.reduce(0) { $0 + result.linkFlowsBps[$1] }
            #expect(abs(inflow - outflow) < 1e-9)
        }
        for (index, link) in diamond.links.enumerated() {
            #expect(result.linkFlowsBps[index] <= link.capacityBps + 1e-9)
        }
    }

    @Test func spineLeafLeafPairMinCutIsAllUplinks() throws {
        let fabric = SpineLeafGenerator(spines: 4, leaves: 3, hostsPerLeaf: 1, uplinkBps: 40e9).generate()
        let result = try MaxFlow.compute(in: fabric, from: "leaf1", to: "leaf3")
        #expect(result.valueBps == 160e9)
        #expect(result.cut.count == 4)
    }

    @Test func hostAccessPortIsTheBottleneck() throws {
        let fabric = SpineLeafGenerator(spines: 2, leaves: 2, hostsPerLeaf: 1, uplinkBps: 100e9, downlinkBps: 25e9).generate()
        let result = try MaxFlow.compute(in: fabric, from: "h1-1", to: "leaf2")
        #expect(result.valueBps == 25e9)
        #expect(result.cut.map(\.name) == ["h1-1->leaf1:1"])
        #expect(result.cut.first?.linkIndex == nil)
    }

    @Test func downLinksCarryNothing() throws {
        var graph = diamond
        graph.links[3].isUp = false
        let result = try MaxFlow.compute(in: graph, from: "s", to: "t")
        #expect(result.valueBps == 4)
        #expect(result.linkFlowsBps[3] == 0)
    }

    @Test func disconnectedPairHasZeroFlowAndEmptyCut() throws {
        let graph = TestFabrics.graph("split", edges: [("a", "b", 5), ("c", "d", 5)])
        let result = try MaxFlow.compute(in: graph, from: "a", to: "d")
        #expect(result.valueBps == 0)
        #expect(result.cut.isEmpty)
    }

    @Test func unknownEndpointIsATypedError() {
        #expect(throws: OptimizerError.unknownNode("nowhere")) {
            try MaxFlow.compute(in: diamond, from: "s", to: "nowhere")
        }
    }

    @Test func bottleneckReportNamesEachDemandsCut() throws {
        let demands = [Demand(id: "big", source: "s", destination: "t", rateBps: 20), Demand(id: "small", source: "s", destination: "b", rateBps: 2)]
        let report = try MaxFlow.bottlenecks(for: demands, in: diamond)
        #expect(report.map(\.minCutBps) == [12, 8])
        #expect(report.map(\.isLimitedByCut) == [true, false])
    }

    @Test(arguments: [UInt64(1), 2, 3, 4, 5, 6])
    func dinicMatchesAnLPMaxFlowOnRandomGraphs(seed: UInt64) throws {
        var random = SeededGenerator(seed: seed)
        let nodes = (0..<9).map { "n\($0)" }
        var edges: [(String, String, Double)] = []
        for from in nodes {
            for to in nodes where from != to && Double.random(in: 0..<1, using: &random) < 0.3 {
                edges.append((from, to, Double(Int.random(in: 1...20, using: &random))))
            }
        }
        let graph = TestFabrics.graph("random\(seed)", edges: edges)
        guard graph.switchNamed("n0") != nil, graph.switchNamed("n8") != nil else { return }
        let dinic = try MaxFlow.compute(in: graph, from: "n0", to: "n8")
        let lp = try lpMaxFlow(graph, from: "n0", to: "n8")
        #expect(abs(dinic.valueBps - lp) < 1e-6)
        #expect(abs(dinic.cut.reduce(0) { $0 + $1.capacityBps } - dinic.valueBps) < 1e-6)
    }

    /// Max flow as an LP on GLPK (arc formulation): the second method.
    private func lpMaxFlow(_ topology: Topology, from source: String, to sink: String) throws -> Double {
        let lp = LinearProgram(direction: .maximize)
        let nodes = topology.switches.map(\.name)
        lp.addRows(nodes.map { $0 == source || $0 == sink ? .free : .fixed(0) })
        var columns: [LinearProgram.Column] = []
        for link in topology.links where link.isUp {
            var rows: [Int32] = []
            var values: [Double] = []
            if let from = nodes.firstIndex(of: link.source.node) { rows.append(Int32(from)); values.append(-1) }
            if let to = nodes.firstIndex(of: link.target.node) { rows.append(Int32(to)); values.append(1) }
            let objective: Double = link.target.node == sink ? 1 : (link.source.node == sink ? -1 : 0)
            columns.append(LinearProgram.Column(bound: .range(0, link.capacityBps), objective: objective, rows: rows, values: values))
        }
        lp.addColumns(columns)
        _ = try lp.simplex(.primal, stage: "test max-flow")
        return lp.objectiveValue
    }
}
