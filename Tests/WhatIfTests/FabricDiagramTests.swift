import Foundation
import FoundationXML
import Testing
import Topology
@testable import WhatIf
import TopologyFormats

@Suite struct FabricDiagramTests {
    let fabric = SpineLeafGenerator(spines: 2, leaves: 4, hostsPerLeaf: 1).generate()

    /// Links with a spread of utilizations, one failed cable and one drained spine.
    func links() -> [LinkOutcome] {
        fabric.links.enumerated().map { index, link in
            let state: LinkOutcome.State = link.name.contains("leaf4:3") || link.name.contains("->leaf4:3") ? .failed : .up
            let load = Double(index % 11) / 10 * link.capacityBps
            return LinkOutcome(name: link.name, source: link.source.node, target: link.target.node, state: state, capacityBps: link.capacityBps, loadBps: state == .up ? load : 0, mirrorBps: 0)
        }
    }

    func svg() -> String {
        FabricDiagram().svg(nodes: FabricLayout().place(fabric), links: links(), failedSwitches: [], drainedSwitches: [], title: "test <fabric> & co")
    }

    // FoundationXML on Linux: `attribute(forName:)` misses attributes of elements in a default namespace.
    func elements(_ document: XMLNode, _ xpath: String) throws -> [XMLElement] {
        try document.nodes(forXPath: xpath).compactMap { $0 as? XMLElement }
    }

    @Test func svgIsWellFormedXML() throws {
        let document = try XMLDocument(xmlString: svg(), options: [])
        #expect(document.rootElement()?.name == "svg")
    }

    @Test func everyDirectedLinkIsDrawnOnce() throws {
        let document = try XMLDocument(xmlString: svg(), options: [])
        let drawn = try elements(document, "//*[@data-link]").compactMap { $0.value(of: "data-link") }
        #expect(drawn.sorted() == fabric.links.map(\.name).sorted())
    }

    @Test func upLinksAreColouredByTheirUtilizationBand() throws {
        let document = try XMLDocument(xmlString: svg(), options: [])
        let scale = UtilizationScale()
        var checked = 0
        for group in try elements(document, "//*[@data-state='up']") where group.value(of: "data-link") != nil {
            let utilization = try #require(Double(group.value(of: "data-utilization") ?? ""))
            let line = try #require(try elements(group, "*[local-name()='line']").first)
            #expect(line.value(of: "stroke") == scale.colour(for: utilization))
            checked += 1
        }
        #expect(checked == links().filter { $0.state == .up }.count)
    }

    @Test func failedLinksAreDashedRed() throws {
        let document = try XMLDocument(xmlString: svg(), options: [])
        let failed = try elements(document, "//*[@data-state='failed']")
        #expect(failed.count == 2)
        for group in failed {
            let line = try #require(try elements(group, "*[local-name()='line']").first)
            #expect(line.value(of: "stroke") == UtilizationScale().failedColour)
            #expect(line.value(of: "stroke-dasharray") != nil)
        }
    }

    @Test func bandsCoverTheRangeInOrder() {
        let scale = UtilizationScale()
        #expect(scale.colour(for: 0) == scale.bands[0].colour)
        #expect(scale.colour(for: 0.5) == "#d4a300")
        #expect(scale.colour(for: 0.949) == "#e0452b")
        #expect(scale.colour(for: 1.0) == "#a50f15")
        #expect(zip(scale.bands, scale.bands.dropFirst()).allSatisfy { $0.lowerBound < $1.lowerBound })
    }

    @Test func spineLeafIsLayeredSpinesOnTop() {
        let placement = FabricLayout().place(fabric)
        let spines = placement.filter { $0.role == "spine" }
        let leaves = placement.filter { $0.role == "leaf" }
        #expect(Set(spines.map(\.y)).count == 1)
        #expect(Set(leaves.map(\.y)).count == 1)
        #expect(spines[0].y < leaves[0].y)
        #expect(leaves.map(\.x) == leaves.map(\.x).sorted())
    }

    @Test func wanLayoutIsDeterministicAndInsideTheFrame() {
        var ring = Topology(name: "ring")
        for index in 1...6 {
            ring.switches.append(Switch(name: "r\(index)", datapathID: DatapathID(UInt64(index)), role: .router, ports: [Port(number: 1, name: "p1", speedBps: 1e9), Port(number: 2, name: "p2", speedBps: 1e9)]))
        }
        for index in 1...6 {
            let next = index % 6 + 1
            ring.links.append(Link(source: LinkEnd(node: "r\(index)", port: 1), target: LinkEnd(node: "r\(next)", port: 2), capacityBps: 1e9))
            ring.links.append(Link(source: LinkEnd(node: "r\(next)", port: 2), target: LinkEnd(node: "r\(index)", port: 1), capacityBps: 1e9))
        }
        let first = FabricLayout().place(ring)
        #expect(first == FabricLayout().place(ring))
        #expect(first.allSatisfy { (0...1).contains($0.x) && (0...1).contains($0.y) })
        #expect(FabricLayout().kind(of: ring) == "wan")
    }
}

extension XMLElement {
    func value(of attribute: String) -> String? {
        attributes?.first { $0.name == attribute }?.stringValue
    }
}
