import Foundation
import Testing
import Topology
@testable import Optimizer
import TopologyFormats

@Suite struct GomoryHuTreeTests {
    /// A topology of `nodeCount` routers `n0, n1, …` with one cable (two links, one each way) per
    /// undirected edge; repeated pairs become parallel cables on new ports.
    static func cableGraph(nodeCount: Int, edges: [(Int, Int, Double)]) -> Topology {
        var nextPort = Array(repeating: UInt32(0), count: nodeCount)
        var links: [Link] = []
        for (a, b, capacity) in edges {
            nextPort[a] += 1
            let portA = nextPort[a]
            nextPort[b] += 1
            let portB = nextPort[b]
            let endA = LinkEnd(node: "n\(a)", port: portA)
            let endB = LinkEnd(node: "n\(b)", port: portB)
            links.append(Link(source: endA, target: endB, capacityBps: capacity))
            links.append(Link(source: endB, target: endA, capacityBps: capacity))
        }
        let switches = (0..<nodeCount).map { TestFabrics.node("n\($0)", id: UInt64($0 + 1), ports: Int(nextPort[$0])) }
        return Topology(name: "random", switches: switches, links: links)
    }

    /// A random connected-or-not graph: a random spanning sprinkle of edges, some parallel, some with
    /// capacity 0.
    static func randomEdges(nodeCount: Int, edgeCount: Int, seed: UInt64) -> [(Int, Int, Double)] {
        var random = SeededGenerator(seed: seed)
        var edges: [(Int, Int, Double)] = []
        for _ in 0..<edgeCount {
            let a = Int.random(in: 0..<nodeCount, using: &random)
            var b = Int.random(in: 0..<nodeCount - 1, using: &random)
            if b >= a { b += 1 }
            let capacity = Double(Int.random(in: 0...20, using: &random)) * 1e9
            edges.append((a, b, capacity))
        }
        return edges
    }

    func expectMatchesNetworkx(nodeCount: Int, edges: [(Int, Int, Double)]) throws {
        let tree = GomoryHuTree(topology: Self.cableGraph(nodeCount: nodeCount, edges: edges))
        let reference = try NetworkxOracle.minCuts(nodeCount: nodeCount, edges: edges)
        let order = (0..<nodeCount).map { tree.index(of: "n\($0)")! }
        let weft = tree.matrix(among: order)
        for a in 0..<nodeCount {
            for b in 0..<nodeCount where a != b {
                let expected = try #require(reference[a][b])
                #expect(abs(weft[a][b] - expected) <= 1e-6 * max(1, expected), "n\(a)–n\(b): Weft \(weft[a][b]), networkx \(expected)")
            }
        }
    }

    @Test(arguments: [(UInt64(1), 12, 30), (2, 25, 60), (3, 40, 70), (4, 40, 200), (5, 60, 90), (6, 8, 40)])
    func minCutsEqualNetworkxOnRandomGraphs(seed: UInt64, nodeCount: Int, edgeCount: Int) throws {
        try expectMatchesNetworkx(nodeCount: nodeCount, edges: Self.randomEdges(nodeCount: nodeCount, edgeCount: edgeCount, seed: seed))
    }

    @Test func minCutsEqualNetworkxOnADisconnectedGraph() throws {
        let left = Self.randomEdges(nodeCount: 10, edgeCount: 25, seed: 11)
        let right = Self.randomEdges(nodeCount: 8, edgeCount: 20, seed: 12).map { ($0.0 + 12, $0.1 + 12, $0.2) }
        try expectMatchesNetworkx(nodeCount: 22, edges: left + right)
    }

    @Test func disconnectedGraphSaysSoAndHasZeroCutBetweenParts() throws {
        let tree = GomoryHuTree(topology: Self.cableGraph(nodeCount: 5, edges: [(0, 1, 10e9), (1, 2, 10e9), (3, 4, 5e9)]))
        #expect(tree.componentCount == 2)
        let note = try #require(tree.notes.first { $0.kind == .disconnected })
        #expect(note.message.contains("2 separate parts (sizes 3, 2)"))
        let pair = try #require(tree.minCut(between: "n0", and: "n4"))
        #expect(pair.valueBps == 0)
        #expect(pair.isDisconnected)
        #expect(pair.cut.isEmpty)
        #expect(tree.minCut(between: "n3", and: "n4")?.valueBps == 5e9)
    }

    @Test func zeroCapacityLinksCarryNothingAndAreNamed() throws {
        let tree = GomoryHuTree(topology: Self.cableGraph(nodeCount: 3, edges: [(0, 1, 10e9), (1, 2, 0), (0, 2, 4e9)]))
        #expect(tree.minCut(between: "n1", and: "n2")?.valueBps == 4e9)
        let note = try #require(tree.notes.first { $0.kind == .zeroCapacity })
        #expect(note.message.contains("n1:2->n2:1"))
        #expect(tree.minCut(between: "n1", and: "n2")?.cut.map(\.name).contains("n1:2<->n2:1") == false)
    }

    @Test func parallelCablesAddUpAndAreNamed() throws {
        let tree = GomoryHuTree(topology: Self.cableGraph(nodeCount: 2, edges: [(0, 1, 10e9), (0, 1, 25e9)]))
        let pair = try #require(tree.minCut(between: "n0", and: "n1"))
        #expect(pair.valueBps == 35e9)
        #expect(pair.cut.map(\.name) == ["n0:1<->n1:1", "n0:2<->n1:2"])
        #expect(tree.notes.first { $0.kind == .parallelCables }?.message.contains("n0–n1 (2 cables)") == true)
    }

    @Test func selfLoopsAreLeftOutAndNamed() throws {
        var topology = Self.cableGraph(nodeCount: 2, edges: [(0, 1, 10e9)])
        topology.links.append(Link(source: LinkEnd(node: "n0", port: 9), target: LinkEnd(node: "n0", port: 10), capacityBps: 100e9))
        let tree = GomoryHuTree(topology: topology)
        #expect(tree.minCut(between: "n0", and: "n1")?.valueBps == 10e9)
        #expect(tree.notes.first { $0.kind == .selfLoop }?.message == "1 self-loop link(s) left out: n0:9->n0:10")
    }

    @Test func oneWayCableCountsAsZeroAndIsNamed() throws {
        var topology = Self.cableGraph(nodeCount: 3, edges: [(0, 1, 10e9), (1, 2, 10e9), (0, 2, 10e9)])
        topology.links[3].isUp = false
        let tree = GomoryHuTree(topology: topology)
        #expect(tree.minCut(between: "n1", and: "n2")?.valueBps == 10e9)
        #expect(tree.notes.first { $0.kind == .oneWay }?.message.contains("n1:2<->n2:1") == true)
        #expect(tree.notes.first { $0.kind == .down }?.message.contains("n2:1->n1:2") == true)
    }

    @Test func reservationsAreSubtractedFromLinks() throws {
        let topology = Self.cableGraph(nodeCount: 2, edges: [(0, 1, 10e9), (0, 1, 10e9)])
        let names = topology.links.map(\.name)
        let reserved = CapacityReservations(byResource: [names[0]: 3e9, names[1]: 3e9, names[3]: 10e9])
        let tree = GomoryHuTree(topology: topology, reservations: reserved)
        // First cable: 7G each way; second: 10G one way, 0 the other (fully reserved) → counts 0.
        #expect(tree.minCut(between: "n0", and: "n1")?.valueBps == 7e9)
        #expect(tree.notes.contains { $0.kind == .zeroCapacity })
        #expect(tree.notes.first { $0.kind == .reserved }?.message.contains("3 link(s) hold 16 Gbit/s in total") == true)
        #expect(GomoryHuTree(topology: topology).minCut(between: "n0", and: "n1")?.valueBps == 20e9)
    }

    @Test func reservationsOnHostPortsLowerHostPairsAndUnknownResourcesAreNamed() throws {
        let fabric = SpineLeafGenerator(spines: 2, leaves: 3, hostsPerLeaf: 2, uplinkBps: 100e9, downlinkBps: 25e9).generate()
        let host = try #require(fabric.hosts.first { $0.name == "h1-1" })
        let reserved = CapacityReservations(byResource: [
            CapacityReservations.accessResource(of: host, intoFabric: true): 5e9,
            CapacityReservations.accessResource(of: host, intoFabric: false): 15e9,
            "leaf9:1->spine1:9": 1e9,
        ])
        let tree = GomoryHuTree(topology: fabric, reservations: reserved)
        #expect(tree.minCut(between: "h1-1", and: "h2-1")?.valueBps == 10e9)
        #expect(tree.minCut(between: "h1-2", and: "h2-1")?.valueBps == 25e9)
        let note = try #require(tree.notes.first { $0.kind == .reserved })
        #expect(note.message.contains("1 host access port(s) 15 Gbit/s"), "\(note.message)")
        #expect(note.message.contains("not in this topology ignored: leaf9:1->spine1:9"), "\(note.message)")
    }

    @Test func everyTreeEdgesCutCablesAddUpToItsValue() throws {
        let tree = GomoryHuTree(topology: Self.cableGraph(nodeCount: 30, edges: Self.randomEdges(nodeCount: 30, edgeCount: 70, seed: 21)))
        for node in tree.parent.indices where tree.parent[node] >= 0 {
            let sum = tree.cutCables(ofTreeEdge: node).reduce(0) { $0 + $1.capacityBps }
            #expect(abs(sum - tree.cutBps[node]) <= 1e-6 * max(1, sum), "tree edge \(tree.names[node])")
        }
    }

    @Test func hostsHangOffTheirSwitchByTheirAccessPort() throws {
        let fabric = SpineLeafGenerator(spines: 2, leaves: 3, hostsPerLeaf: 2, uplinkBps: 100e9, downlinkBps: 25e9).generate()
        let tree = GomoryHuTree(topology: fabric)
        #expect(tree.maxFlowCount == 4)
        #expect(tree.minCut(between: "leaf1", and: "leaf2")?.valueBps == 200e9)
        let hosts = try #require(tree.minCut(between: "h1-1", and: "h2-1"))
        #expect(hosts.valueBps == 25e9)
        #expect(hosts.cut.count == 1)
        #expect(hosts.cut[0].linkIndices.isEmpty)
    }

    @Test func failedSpineLowersLeafPairs() throws {
        var fabric = SpineLeafGenerator(spines: 4, leaves: 4, hostsPerLeaf: 0, uplinkBps: 100e9).generate()
        for index in fabric.links.indices where fabric.links[index].source.node == "spine2" || fabric.links[index].target.node == "spine2" {
            fabric.links[index].isUp = false
        }
        let tree = GomoryHuTree(topology: fabric)
        #expect(tree.minCut(between: "leaf1", and: "leaf4")?.valueBps == 300e9)
        #expect(tree.minCut(between: "leaf1", and: "spine2")?.valueBps == 0)
    }

    @Test func summaryCountsEveryPairOnceAndRanksWeakestAndWeakSpots() throws {
        // A ring n0 –10G– n1 –40G– n2 –10G– n3 –5G– n0: every pair but n1–n2 has min-cut 15G; n1–n2 has 45G.
        let tree = GomoryHuTree(topology: Self.cableGraph(nodeCount: 4, edges: [(0, 1, 10e9), (1, 2, 40e9), (2, 3, 10e9), (0, 3, 5e9)]))
        let summary = MinCutSummary(tree: tree, endpoints: ["n0", "n1", "n2", "n3"], weakest: 2, weakSpots: 3)
        #expect(summary.pairCount == 6)
        #expect(summary.distribution.reduce(0) { $0 + $1.pairs } == 6)
        #expect(summary.distribution == [MinCutSummary.Bucket(valueBps: 15e9, pairs: 5), MinCutSummary.Bucket(valueBps: 45e9, pairs: 1)])
        #expect(summary.weakest.count == 2)
        #expect(summary.weakest.allSatisfy { $0.valueBps == 15e9 })
        #expect(summary.disconnectedPairs == 0)
        #expect(summary.weakSpots.first?.cable.name == "n0:2<->n3:2")
    }

    @Test func dinicNetworkResetGivesTheSameFlowAgain() {
        var network = Dinic(nodeCount: 4, epsilon: 1e-9)
        network.addArc(from: 0, to: 1, capacity: 3, reverseCapacity: 3)
        network.addArc(from: 1, to: 2, capacity: 2, reverseCapacity: 2)
        network.addArc(from: 0, to: 2, capacity: 1, reverseCapacity: 1)
        network.addArc(from: 2, to: 3, capacity: 9, reverseCapacity: 9)
        #expect(network.maximize(from: 0, to: 3) == 3)
        #expect(network.endsOnSourceSide(1))
        #expect(!network.endsOnSourceSide(2))
        network.reset()
        #expect(network.maximize(from: 3, to: 0) == 3)
    }
}
