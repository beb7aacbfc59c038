import Foundation
import Testing
@testable import Topology
import TopologyFormats

@Suite struct SNDlibImporterTests {
    /// Counts the entry lines of a section in the raw text, independently of the importer.
    private func entries(of section: String, in path: String) throws -> Int {
        let lines = try Files.text(path).split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        guard let start = lines.firstIndex(of: "\(section) (") else { return 0 }
        return lines[(start + 1)...].prefix { $0 != ")" }.filter { !$0.isEmpty && !$0.hasPrefix("#") }.count
    }

    @Test func shippedAbileneHasTwelveNodesAndFifteenCablesOfOC192() throws {
        let path = Files.shipped("abilene.sndlib")
        let topology = try TopologyImporter().importFile(atPath: path).topology
        #expect(try entries(of: "NODES", in: path) == 12)
        #expect(try entries(of: "LINKS", in: path) == 15)
        #expect(topology.switches.count == 12)
        #expect(topology.links.count == 30)
        #expect(topology.name == "abilene")
        // Pre-installed capacities in the META unit MBITPERSEC: 14 OC-192 (9920) and one OC-48 (2480).
        #expect(topology.links.filter { $0.capacityBps == 9.92e9 }.count == 28)
        #expect(topology.links.filter { $0.capacityBps == 2.48e9 }.map(\.name) == ["IPLSng:1->ATLAng:3", "ATLAng:3->IPLSng:1"])
    }

    @Test func shippedPolskaUsesTheLargestModuleWhenNothingIsPreInstalled() throws {
        let path = Files.shipped("polska.sndlib")
        let topology = try TopologyImporter().importFile(atPath: path).topology
        #expect(try entries(of: "NODES", in: path) == 12)
        #expect(try entries(of: "LINKS", in: path) == 18)
        #expect(topology.switches.count == 12)
        #expect(topology.links.count == 36)
        #expect(topology.links.allSatisfy { $0.capacityBps == 622e6 })
        #expect(topology.neighbours(of: "Warsaw") == ["Bialystok", "Bydgoszcz", "Gdansk", "Krakow", "Lodz"])
    }

    @Test func unitsParallelLinksDefaultsAndSkippedSections() throws {
        let imported = try TopologyImporter(defaultCapacityBps: 1e9).importFile(atPath: Files.fixture("parallel.sndlib"))
        let topology = imported.topology
        #expect(topology.links.count == 6)
        #expect(topology.links.filter { $0.source.node == "A" }.map(\.capacityBps) == [10e9, 100e9])
        #expect(topology.links.first { $0.source.node == "B" && $0.target.node == "C" }?.capacityBps == 1e9)
        #expect(imported.warnings.map(\.description) == [
            "\(Files.fixture("parallel.sndlib")):18: link L4: link from a node to itself skipped",
            "\(Files.fixture("parallel.sndlib")): 1 links have neither pre-installed nor module capacity; assumed 1 Gbit/s",
        ])
    }

    @Test func negativeCapacityIsReportedWithItsLine() throws {
        let path = Files.fixture("negative-capacity.sndlib")
        let error = #expect(throws: LocatedError.self) { try TopologyImporter().importFile(atPath: path) }
        let problem = try #require(error?.problems.first)
        #expect(problem.line == 10)
        #expect(problem.message.contains("negative pre-installed capacity -40.00"))
    }

    @Test func aLinkToAnUnknownNodeIsReportedWithItsLine() throws {
        let path = Files.fixture("unknown-node.sndlib")
        #expect(throws: LocatedError(file: path, line: 6, field: "link L1", message: "unknown node 'Z'")) {
            try TopologyImporter().importFile(atPath: path)
        }
    }

    @Test func aFileWithoutTheHeaderIsNotSNDlib() {
        #expect(throws: LocatedError.self) {
            try SNDlibImporter().read(Data("NODES (\n A\n)\n".utf8), file: "x.sndlib")
        }
    }

    @Test func anUnclosedSectionIsReported() {
        let text = "?SNDlib native format; type: network; version: 1.0\nNODES (\n  A ( 1 2 )\n"
        #expect(throws: LocatedError(file: "x.sndlib", line: 2, message: "section NODES is not closed with ')'")) {
            try SNDlibImporter().read(Data(text.utf8), file: "x.sndlib")
        }
    }
}
