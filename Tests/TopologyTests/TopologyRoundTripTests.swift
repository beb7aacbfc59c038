import Foundation
import Testing
@testable import Topology
import TopologyStore
import TopologyFormats
import WeftTestSupport

@Suite struct TopologyRoundTripTests {
    @Test func yamlThroughTheStoreComesOutAsEqualJSON() throws {
        let scratch = try ScratchDirectory()
        let original = try TopologyImporter().importFile(atPath: Files.fixture("fabric.yaml")).topology
        let store = try TopologyStore(path: scratch.path("weft.sqlite"))
        try store.save(original, source: "import fabric.yaml")
        try store.close()
        let loaded = try TopologyStore(path: scratch.path("weft.sqlite")).loadLatest().topology
        let json = try TopologyFileCoder.encode(loaded, syntax: .json)
        #expect(try TopologyFileCoder.decodeTopology(from: Data(json.utf8), syntax: .json, file: "export.json") == original)
        #expect(json.contains("\"capacity_bps\" : 100000000000"))
    }

    @Test func dotExportNamesEveryLinkWithPortsAndCapacity() throws {
        let topology = try TopologyImporter().importFile(atPath: Files.fixture("fabric.yaml")).topology
        let dot = topology.dotGraph()
        #expect(dot.hasPrefix("digraph \"lab\" {"))
        #expect(dot.contains("  \"leaf1\" -> \"spine1\" [src_port=2, dst_port=1, capacity=\"100Gbps\", latency_s=1e-06];"))
        #expect(dot.contains("  \"leaf2\" -> \"spine2\" [src_port=3, dst_port=2, capacity=\"100Gbps\", up=false];"))
        #expect(dot.contains("  \"web1\" -> \"leaf1\" [src_port=0, dst_port=1, capacity=\"25Gbps\"];"))
        #expect(dot.components(separatedBy: " -> ").count - 1 == topology.links.count + 2 * topology.hosts.count)
    }
}
