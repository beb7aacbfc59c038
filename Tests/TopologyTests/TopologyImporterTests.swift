import Foundation
import Testing
@testable import Topology
import TopologyFormats

@Suite struct TopologyImporterTests {
    @Test(arguments: [
        ("a/Abilene.graphml", TopologyFormat.graphml), ("polska.sndlib", .sndlib), ("fabric.yaml", .yaml),
        ("fabric.YML", .yaml), ("fabric.json", .json), ("lab.lldp.yaml", .lldp), ("lab.lldp.json", .lldp),
    ])
    func theFormatComesFromTheFileName(path: String, format: TopologyFormat) throws {
        #expect(try TopologyFormat.detect(path: path) == format)
    }

    @Test func sndlibTextFilesAreRecognisedByTheirHeader() throws {
        let header = Data("?SNDlib native format; type: network; version: 1.0\n".utf8)
        #expect(try TopologyFormat.detect(path: "abilene.txt", contents: header) == .sndlib)
    }

    @Test func anUnknownExtensionIsAnErrorNamingTheFile() throws {
        let path = Files.fixture("notes.txt")
        let error = #expect(throws: LocatedError.self) { try TopologyImporter().importFile(atPath: path) }
        #expect(error?.problems.first?.file == path)
        #expect(error?.problems.first?.message.contains("unknown topology format") == true)
    }

    @Test func anUnknownFormatNameIsAnError() {
        #expect(throws: LocatedError(file: "x.yaml", message: "unknown format 'visio' (known: graphml, sndlib, yaml, json, lldp)")) {
            try TopologyFormat.named("visio", for: "x.yaml")
        }
    }

    @Test func aMissingFileIsAnError() {
        #expect(throws: LocatedError(file: "/nonexistent/topology.yaml", message: "no such file")) {
            try TopologyImporter().importFile(atPath: "/nonexistent/topology.yaml")
        }
    }

    @Test func anExplicitFormatOverridesTheExtension() throws {
        let imported = try TopologyImporter().importFile(atPath: Files.fixture("lab.lldp.yaml"), format: .lldp)
        #expect(imported.topology.links.count == 2)
        #expect(throws: LocatedError.self) { try TopologyImporter().importFile(atPath: Files.fixture("fabric.yaml"), format: .graphml) }
    }
}
