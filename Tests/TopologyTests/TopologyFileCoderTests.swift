import Foundation
import Testing
@testable import Topology
import TopologyFormats

@Suite struct TopologyFileCoderTests {
    @Test func theExampleFileReadsWithRatesStatesAndDefaults() throws {
        let topology = try TopologyImporter().importFile(atPath: Files.fixture("fabric.yaml")).topology
        #expect(topology.name == "lab")
        #expect(topology.switches.map(\.name) == ["spine1", "spine2", "leaf1", "leaf2"])
        #expect(topology.switchNamed("leaf1")?.port(1)?.speedBps == 25e9)
        #expect(topology.switchNamed("leaf1")?.port(1)?.mac == MACAddress("06:00:02:00:01:01"))
        #expect(topology.switchNamed("leaf2")?.port(3)?.isUp == false)
        #expect(topology.links.count == 8)
        #expect(topology.links[5].capacityBps == 40e9)
        #expect(topology.links[2].latencySeconds == 0)
        #expect(topology.hostNamed("db1")?.tenant == "red")
        #expect(topology.tenants.map(\.description) == ["web team", ""])
    }

    @Test func yamlAndJSONEncodingsDecodeToTheSameTopology() throws {
        let topology = try TopologyImporter().importFile(atPath: Files.fixture("fabric.yaml")).topology
        for syntax in [TopologyFileCoder.Syntax.yaml, .json] {
            let text = try TopologyFileCoder.encode(topology, syntax: syntax)
            #expect(try TopologyFileCoder.decodeTopology(from: Data(text.utf8), syntax: syntax, file: "out") == topology)
        }
    }

    @Test func malformedYAMLIsReportedWithItsLine() throws {
        let path = Files.fixture("malformed.yaml")
        let error = #expect(throws: LocatedError.self) { try TopologyImporter().importFile(atPath: path) }
        let problem = try #require(error?.problems.first)
        #expect(problem.file == path)
        #expect(problem.line == 6)
        #expect(problem.message.hasPrefix("malformed YAML"))
    }

    @Test func aBadValueNamesItsFieldPathAndLine() throws {
        let path = Files.fixture("bad-field.yaml")
        let error = #expect(throws: LocatedError.self) { try TopologyImporter().importFile(atPath: path) }
        let problem = try #require(error?.problems.first)
        #expect(problem.field == "switches[0].ports[1].speed_bps")
        #expect(problem.line == 7)
        #expect(problem.message.contains("'fast' is not a rate"))
    }

    @Test func malformedJSONIsReportedWithItsLine() throws {
        let path = Files.fixture("malformed.json")
        let error = #expect(throws: LocatedError.self) { try TopologyImporter().importFile(atPath: path) }
        let problem = try #require(error?.problems.first)
        #expect(problem.line == 4)
        #expect(problem.message.hasPrefix("malformed JSON"))
    }

    @Test func aMissingJSONFieldNamesItsPathAndLine() throws {
        let path = Files.fixture("missing-field.json")
        let error = #expect(throws: LocatedError.self) { try TopologyImporter().importFile(atPath: path) }
        let problem = try #require(error?.problems.first)
        #expect(problem.field == "links[1].capacity_bps")
        #expect(problem.message == "missing field 'capacity_bps'")
        #expect(problem.line == 9)
    }

    @Test func duplicateNamesAreEachReported() throws {
        let path = Files.fixture("duplicate-names.yaml")
        let error = #expect(throws: LocatedError.self) { try TopologyImporter().importFile(atPath: path) }
        #expect(error?.problems.map(\.description) == [
            "\(path): switch leaf1: duplicate switch name",
            "\(path): tenant blue: duplicate tenant name",
        ])
    }

    @Test func negativeCapacityIsReportedForTheLink() throws {
        let path = Files.fixture("negative-capacity.yaml")
        let error = #expect(throws: LocatedError.self) { try TopologyImporter().importFile(atPath: path) }
        #expect(error?.problems.map(\.field) == ["link s1:1->s2:1"])
        #expect(error?.problems.first?.message.contains("must be a positive number") == true)
    }

    @Test func aNegativeRateStringIsRefused() {
        let yaml = "switches:\n  - {name: s1, dpid: 1, ports: [{number: 1, speed_bps: -5G}]}\n"
        let error = #expect(throws: LocatedError.self) {
            try TopologyFileCoder.decodeTopology(from: Data(yaml.utf8), syntax: .yaml, file: "neg.yaml")
        }
        #expect(error?.problems.first?.field == "switches[0].ports[0].speed_bps")
        #expect(error?.problems.first?.line == 2)
    }
}

@Suite struct DatapathIDDecodingTests {
    private struct Holder: Decodable { var dpid: DatapathID }

    @Test func unquotedSixteenDigitYAMLIsHex() throws {
        let holder = try TopologyFileCoder.decode(Holder.self, from: Data("dpid: 0000000000000101\n".utf8), syntax: .yaml, file: "x.yaml")
        #expect(holder.dpid == DatapathID(0x101))
    }

    @Test func shortNumbersAreDecimalInYAMLAndJSON() throws {
        #expect(try TopologyFileCoder.decode(Holder.self, from: Data("dpid: 17\n".utf8), syntax: .yaml, file: "x.yaml").dpid == DatapathID(17))
        #expect(try TopologyFileCoder.decode(Holder.self, from: Data("{\"dpid\": 17}".utf8), syntax: .json, file: "x.json").dpid == DatapathID(17))
    }
}
