import Testing
@testable import Topology
import TopologyFormats

@Suite struct FatTreeGeneratorTests {
    @Test func kFourHasTwentySwitchesSixtyFourDirectedLinksAndSixteenHosts() {
        let fabric = FatTreeGenerator(k: 4).generate()
        #expect(fabric.switches.filter { $0.role == .core }.count == 4)
        #expect(fabric.switches.filter { $0.role == .aggregation }.count == 8)
        #expect(fabric.switches.filter { $0.role == .edge }.count == 8)
        #expect(fabric.links.count == 64)
        #expect(fabric.hosts.count == 16)
        #expect(fabric.problems().isEmpty)
    }

    @Test(arguments: [2, 6, 8])
    func countsFollowTheFatTreeFormulas(k: Int) {
        let fabric = FatTreeGenerator(k: k).generate()
        #expect(fabric.switches.count == 5 * k * k / 4)
        #expect(fabric.links.count == k * k * k)
        #expect(fabric.hosts.count == k * k * k / 4)
        #expect(fabric.problems().isEmpty)
    }

    @Test func everySwitchUsesAllKPorts() {
        let fabric = FatTreeGenerator(k: 4).generate()
        for node in fabric.switches {
            let used = fabric.outgoingLinkIndices(of: node.name).count + fabric.hosts(attachedTo: node.name).count
            #expect(used == 4, "\(node.name) uses \(used) of 4 ports")
        }
    }

    @Test func edgeSwitchesReachEveryAggregationSwitchOfTheirPod() {
        let fabric = FatTreeGenerator(k: 4).generate()
        #expect(fabric.neighbours(of: "e2-1") == ["a2-1", "a2-2"])
        #expect(fabric.neighbours(of: "a3-2") == ["c3", "c4", "e3-1", "e3-2"])
        #expect(fabric.neighbours(of: "c1") == ["a1-1", "a2-1", "a3-1", "a4-1"])
    }

    @Test(arguments: [0, 3, -2, 66])
    func oddOrOutOfRangeKIsAProblem(k: Int) {
        #expect(FatTreeGenerator(k: k).problems().count == 1)
    }
}
