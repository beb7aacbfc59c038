import Testing
import Topology
@testable import Optimizer
import TopologyFormats

@Suite struct PathFinderTests {
    let fabric = SpineLeafGenerator(spines: 3, leaves: 4, hostsPerLeaf: 1).generate()

    /// a→b→d and a→c→d are two hops, a→d direct is one, a→b→c→d three.
    let square = TestFabrics.graph("square", edges: [
        ("a", "b", 10), ("b", "d", 10), ("a", "c", 10), ("c", "d", 10), ("a", "d", 10), ("b", "c", 10),
    ])

    @Test func shortestPathByHopsTakesTheDirectLink() throws {
        let path = try #require(try PathFinder(topology: square).shortestPath(from: "a", to: "d"))
        #expect(path.nodes(in: square) == ["a", "d"])
    }

    @Test func shortestPathByLatencyAvoidsTheSlowLink() throws {
        var slow = square
        slow.links[4].latencySeconds = 1
        let path = try #require(try PathFinder(topology: slow).shortestPath(from: "a", to: "d", metric: .latency))
        #expect(path.hopCount == 2)
    }

    @Test func ecmpBetweenTwoLeavesIsOnePathPerSpine() throws {
        let paths = try PathFinder(topology: fabric).ecmpPaths(from: "leaf1", to: "leaf4")
        #expect(paths.count == 3)
        #expect(paths.map { $0.nodes(in: fabric)[1] } == ["spine1", "spine2", "spine3"])
        #expect(paths == paths.sorted())
    }

    @Test func yenListsPathsInLengthOrderWithoutRepeats() throws {
        let paths = try PathFinder(topology: square).kShortestPaths(from: "a", to: "d", k: 5)
        #expect(paths.map(\.hopCount) == [1, 2, 2, 3])
        #expect(Set(paths).count == paths.count)
        #expect(paths.allSatisfy { $0.isValid(in: square) })
    }

    @Test func spineLeafPathsGoThroughEverySpine() throws {
        let paths = try PathFinder(topology: fabric).spineLeafPaths(from: "h1-1", to: "leaf2")
        #expect(paths.count == 3)
        #expect(paths.allSatisfy { $0.hopCount == 2 && $0.isValid(in: fabric) })
    }

    @Test func simplePathsEnumeratesEveryLoopFreePathAndRespectsTheLimit() throws {
        let finder = PathFinder(topology: square)
        #expect(try finder.simplePaths(from: "a", to: "d").count == 4)
        #expect(throws: OptimizerError.tooManyPaths(demand: "a->d", limit: 2)) {
            try finder.simplePaths(from: "a", to: "d", limit: 2)
        }
    }

    @Test func downLinksAreNeverUsed() throws {
        var broken = fabric
        for index in broken.links.indices where broken.links[index].target.node == "spine2" {
            broken.links[index].isUp = false
        }
        let paths = try PathFinder(topology: broken).spineLeafPaths(from: "leaf1", to: "leaf2")
        #expect(paths.map { $0.nodes(in: broken)[1] } == ["spine1", "spine3"])
    }

    @Test func twoHostsOnOneSwitchShareTheEmptyPath() throws {
        let twoHosts = SpineLeafGenerator(spines: 1, leaves: 2, hostsPerLeaf: 2).generate()
        #expect(try PathFinder(topology: twoHosts).shortestPath(from: "h1-1", to: "h1-2") == Path(links: []))
    }

    @Test func unknownEndpointThrows() {
        #expect(throws: OptimizerError.unknownNode("leaf99")) {
            try PathFinder(topology: fabric).ecmpPaths(from: "leaf1", to: "leaf99")
        }
    }
}
