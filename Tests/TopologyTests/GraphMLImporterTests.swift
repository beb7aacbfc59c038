import Foundation
import Testing
@testable import Topology
import TopologyFormats

@Suite struct GraphMLImporterTests {
    /// Counts `<node ` and `<edge ` elements in the raw text, independently of the XML parser.
    private func elementCounts(_ path: String) throws -> (nodes: Int, edges: Int) {
        let text = try Files.text(path)
        return (text.components(separatedBy: "<node ").count - 1, text.components(separatedBy: "<edge ").count - 1)
    }

    @Test func shippedAbileneHasElevenNodesAndFourteenCables() throws {
        let path = Files.shipped("Abilene.graphml")
        let counts = try elementCounts(path)
        let imported = try TopologyImporter().importFile(atPath: path)
        #expect(counts.nodes == 11 && counts.edges == 14)
        #expect(imported.topology.switches.count == counts.nodes)
        #expect(imported.topology.links.count == 2 * counts.edges)
        #expect(imported.topology.name == "Abilene")
        #expect(imported.topology.switchNamed("Indianapolis")?.ports.count == 3)
        #expect(imported.topology.problems().isEmpty)
    }

    @Test func abileneGivesNoSpeedsSoEveryLinkGetsTheDefaultCapacity() throws {
        let imported = try TopologyImporter(defaultCapacityBps: 10e9).importFile(atPath: Files.shipped("Abilene.graphml"))
        #expect(imported.topology.links.allSatisfy { $0.capacityBps == 10e9 })
        #expect(imported.warnings.map(\.message) == ["14 of 14 edges give no link speed; assumed 10 Gbit/s"])
    }

    @Test func shippedGeantHasFortyNodesAndSixtyOneCablesWithTheirSpeeds() throws {
        let path = Files.shipped("Geant2012.graphml")
        let counts = try elementCounts(path)
        let topology = try TopologyImporter(defaultCapacityBps: 1e9).importFile(atPath: path).topology
        #expect(counts.nodes == 40 && counts.edges == 61)
        #expect(topology.switches.count == counts.nodes)
        #expect(topology.links.count == 2 * counts.edges)
        // 26 × 10G, 6 × 1G, 5 × 2.5G, 2 × 155M given; 22 edges without a speed take the 1G default.
        let cables = topology.links.reduce(0) { $0 + $1.capacityBps } / 2
        #expect(cables == 26 * 10e9 + 6 * 1e9 + 5 * 2.5e9 + 2 * 155e6 + 22 * 1e9)
    }

    @Test func latencyFollowsTheGreatCircleBetweenNodes() throws {
        let topology = try TopologyImporter().importFile(atPath: Files.shipped("Abilene.graphml")).topology
        let link = try #require(topology.links.first { $0.source.node == "New York" && $0.target.node == "Chicago" })
        // New York–Chicago is about 1 145 km: 5.7 ms at 2e8 m/s.
        #expect(abs(link.latencySeconds - 0.005725) < 0.0001)
    }

    @Test func nodeCoordinatesAreKeptForMaps() throws {
        let imported = try TopologyImporter().importFile(atPath: Files.shipped("Abilene.graphml"))
        #expect(imported.coordinates.count == 11)
        let newYork = try #require(imported.coordinates["New York"])
        #expect(abs(newYork.latitude - 40.71427) < 0.001)
        #expect(abs(newYork.longitude - -74.00597) < 0.001)
    }

    @Test func duplicateLabelsGetTheNodeIDAndUnlabelledNodesTheirID() throws {
        let topology = try TopologyImporter().importFile(atPath: Files.fixture("quirks.graphml")).topology
        #expect(topology.switches.map(\.name) == ["Springfield-0", "Springfield-1", "Boston", "3"])
        #expect(topology.name == "Quirks")
    }

    @Test func parallelEdgesBecomeSeparateCablesOnSeparatePorts() throws {
        let topology = try TopologyImporter().importFile(atPath: Files.fixture("quirks.graphml")).topology
        let toBoston = topology.links.filter { $0.source.node == "Springfield-1" && $0.target.node == "Boston" }
        #expect(toBoston.map(\.source.port) == [2, 3])
        #expect(toBoston.map(\.capacityBps) == [2.5e9, 155e6])
    }

    @Test func selfLoopsAreSkippedWithAWarningNamingTheLine() throws {
        let imported = try TopologyImporter(defaultCapacityBps: 1e9).importFile(atPath: Files.fixture("quirks.graphml"))
        #expect(imported.topology.links.count == 8)
        let loop = try #require(imported.warnings.first { $0.message == "self-loop skipped" })
        #expect(loop.line == 20)
        #expect(loop.field == "edge 3->3")
    }

    @Test func malformedXMLIsReportedWithItsLine() throws {
        let path = Files.fixture("malformed.graphml")
        let error = #expect(throws: LocatedError.self) { try TopologyImporter().importFile(atPath: path) }
        let problem = try #require(error?.problems.first)
        #expect(problem.file == path)
        // libxml2 notices the bad </nod> once it has read on to the next line.
        #expect(problem.line == 10)
        #expect(problem.message == "malformed XML: start and end tags do not match (inside <node> opened on line 8)")
    }

    @Test func anEdgeToAnUnknownNodeIsReportedWithItsLine() throws {
        let path = Files.fixture("unknown-node.graphml")
        let error = #expect(throws: LocatedError.self) { try TopologyImporter().importFile(atPath: path) }
        #expect(error?.problems == [LocatedProblem(file: path, line: 8, field: "edge 1->7", message: "unknown node '7'")])
    }

    @Test func xmlThatIsNotGraphMLIsRefused() throws {
        let data = Data("<?xml version=\"1.0\"?><catalog><book/></catalog>".utf8)
        #expect(throws: LocatedError(file: "catalog.graphml", message: "no <graph> element: not a GraphML file")) {
            try GraphMLImporter().read(data, file: "catalog.graphml")
        }
    }
}
