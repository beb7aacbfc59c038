import Testing
@testable import Topology
import TopologyFormats

@Suite struct SpineLeafGeneratorTests {
    @Test func fourSpinesEightLeavesHaveSixtyFourDirectedFabricLinks() {
        let fabric = SpineLeafGenerator(spines: 4, leaves: 8, hostsPerLeaf: 3).generate()
        #expect(fabric.switches.count == 12)
        #expect(fabric.links.count == 64)
        #expect(fabric.hosts.count == 24)
        #expect(fabric.problems().isEmpty)
    }

    @Test func everyLeafNeighboursEverySpine() {
        let fabric = SpineLeafGenerator(spines: 3, leaves: 5).generate()
        #expect(fabric.neighbours(of: "leaf2") == ["spine1", "spine2", "spine3"])
        #expect(fabric.neighbours(of: "spine3") == (1...5).map { "leaf\($0)" })
    }
}
