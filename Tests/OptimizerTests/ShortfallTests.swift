import Testing
import Topology
@testable import Optimizer
import TopologyFormats

/// A demand served less than it asked for says why: the saturated links that cut its endpoints apart
/// in the route space, found per endpoint pair from the graph, not by listing paths.
@Suite struct ShortfallTests {
    @Test func aShortDemandNamesTheSaturatedLinksCuttingItsEndpointsApart() throws {
        // a → b directly and through c, 10G each; c → d leads nowhere useful.
        let fabric = TestFabrics.graph("two-routes", edges: [("a", "b", 10e9), ("a", "c", 10e9), ("c", "b", 10e9), ("c", "d", 10e9)])
        let allocation = try TrafficOptimizer(topology: fabric).optimize([Demand(source: "a", destination: "b", rateBps: 30e9)])
        #expect(abs(allocation.demands[0].servedBps - 20e9) < 1)
        #expect(allocation.demands[0].shortfall == Shortfall(kind: .capacity, message: "saturated links on its paths: a:1->b:1, a:2->c:1"))
    }

    @Test func hostDemandsBehindAFullEdgeSwitchNameItsUplinks() throws {
        let fabric = FatTreeGenerator(k: 4, fabricBps: 10e9, hostBps: 25e9).generate()
        let demands = ["h1-1-1", "h1-1-2"].map { Demand(id: $0, source: $0, destination: "h3-1-1", rateBps: 25e9) }
        for objective in [Objective.maxWeightedThroughput, .priorityMaxMin] {
            let allocation = try TrafficOptimizer(topology: fabric).optimize(demands, options: OptimizerOptions(objective: objective))
            #expect(abs(allocation.totalThroughputBps - 20e9) < 1)
            for result in allocation.demands {
                #expect(result.reason == "saturated links on its paths: e1-1:3->a1-1:1, e1-1:4->a1-2:1", "\(objective)")
            }
        }
    }

    /// On random graphs with random saturated links: a cut exactly when every simple path crosses a
    /// saturated link, and then every simple path crosses a link of the cut.
    @Test func theSaturatedCutIsCrossedByEverySimplePath() throws {
        for seed in UInt64(1)...60 {
            var random = SeededGenerator(seed: seed)
            var edges: [(String, String, Double)] = []
            for a in 1...6 {
                for b in 1...6 where a != b && Double.random(in: 0..<1, using: &random) < 0.4 {
                    edges.append(("r\(a)", "r\(b)", 10e9))
                }
            }
            guard !edges.isEmpty else { continue }
            let fabric = TestFabrics.graph("random-\(seed)", edges: edges)
            let space = SimplePathRouteSpace(topology: fabric)
            let saturated = fabric.links.map { _ in Double.random(in: 0..<1, using: &random) < 0.35 }
            let nodes = fabric.switches.compactMap { space.endpoint(of: $0.name) }
            for source in nodes {
                for destination in nodes where destination != source {
                    let paths = try space.allRoutes(from: source, to: destination, limit: 10_000).map(\.tag)
                    let cut = space.blockingLinks(from: source, to: destination, saturated: saturated)
                    let blocked = paths.allSatisfy { $0.contains { saturated[$0] } }
                    #expect((cut != nil) == blocked, "seed \(seed) \(source)->\(destination)")
                    if let cut {
                        #expect(cut.allSatisfy { saturated[$0] })
                        #expect(paths.allSatisfy { !Set($0).isDisjoint(with: cut) }, "seed \(seed) \(source)->\(destination)")
                    }
                }
            }
        }
    }
}
