import Testing
@testable import Topology
import TopologyFormats

@Suite struct LLDPLinkDiscoveryTests {
    let switches = Topology(name: "lab", switches: [
        Switch(name: "s1", datapathID: DatapathID(1), role: .leaf, ports: [
            Port(number: 1, name: "eth1", speedBps: 10e9), Port(number: 2, name: "eth2", speedBps: 25e9),
        ]),
        Switch(name: "s2", datapathID: DatapathID(2), role: .spine, ports: [
            Port(number: 1, name: "eth1", speedBps: 40e9), Port(number: 2, name: "eth2", speedBps: 0, isUp: false),
        ]),
    ])

    private func heard(_ dpid: UInt64, _ port: UInt32, from neighbour: UInt64, _ neighbourPort: UInt32) -> LLDPObservation {
        LLDPObservation(datapathID: DatapathID(dpid), port: port, neighbourDatapathID: DatapathID(neighbour), neighbourPort: neighbourPort)
    }

    @Test func eachObservationIsOneDirectedLinkFromTheSender() {
        let result = LLDPLinkDiscovery().discover(switches, observations: [heard(1, 2, from: 2, 1), heard(2, 1, from: 1, 2)])
        #expect(result.rejections.isEmpty)
        #expect(result.topology.links.map(\.name) == ["s2:1->s1:2", "s1:2->s2:1"])
        #expect(result.topology.problems().isEmpty)
    }

    @Test func capacityIsTheSlowerPortAndStateNeedsBothPortsUp() {
        let result = LLDPLinkDiscovery(defaultCapacityBps: 1e9).discover(switches, observations: [heard(1, 2, from: 2, 1), heard(1, 1, from: 2, 2)])
        #expect(result.topology.links.map(\.capacityBps) == [25e9, 10e9])
        #expect(result.topology.links.map(\.isUp) == [true, false])
    }

    @Test func portsWithoutASpeedFallBackToTheDefault() {
        let silent = Topology(name: "patch", switches: [
            Switch(name: "a", datapathID: DatapathID(1), role: .leaf, ports: [Port(number: 1, name: "p", speedBps: 0)]),
            Switch(name: "b", datapathID: DatapathID(2), role: .leaf, ports: [Port(number: 1, name: "p", speedBps: 0)]),
        ])
        let result = LLDPLinkDiscovery(defaultCapacityBps: 7e9).discover(silent, observations: [heard(1, 1, from: 2, 1)])
        #expect(result.topology.links.map(\.capacityBps) == [7e9])
    }

    @Test func capacitySourceIsThatOfTheSlowerPortOrTheDefault() {
        let sources: [LinkEnd: CapacitySource] = [LinkEnd(node: "s1", port: 2): .switchReported, LinkEnd(node: "s2", port: 1): .stored]
        let result = LLDPLinkDiscovery().discover(switches, observations: [heard(1, 2, from: 2, 1), heard(2, 1, from: 1, 2)], speedSources: sources)
        // s1:2 reported 25G, s2:1 has 40G from the store: the slower (switch-reported) end sets capacity and source.
        #expect(result.topology.links.map(\.capacitySource) == [.switchReported, .switchReported])
        let silent = Topology(name: "patch", switches: [
            Switch(name: "a", datapathID: DatapathID(1), role: .leaf, ports: [Port(number: 1, name: "p", speedBps: 0)]),
            Switch(name: "b", datapathID: DatapathID(2), role: .leaf, ports: [Port(number: 1, name: "p", speedBps: 100e9)]),
        ])
        let stored = LLDPLinkDiscovery().discover(silent, observations: [heard(1, 1, from: 2, 1)], speedSources: [LinkEnd(node: "b", port: 1): .stored])
        #expect(stored.topology.links.map(\.capacitySource) == [.stored])
        var none = silent
        none.switches[1].ports[0].speedBps = 0
        #expect(LLDPLinkDiscovery().discover(none, observations: [heard(1, 1, from: 2, 1)]).topology.links.map(\.capacitySource) == [.default])
    }

    @Test func repeatedObservationsMakeOneLink() {
        let result = LLDPLinkDiscovery().discover(switches, observations: Array(repeating: heard(1, 2, from: 2, 1), count: 3))
        #expect(result.topology.links.count == 1)
        #expect(result.rejections.isEmpty)
    }

    @Test func unknownSwitchesAndPortsAreRejectedWithAReason() {
        let result = LLDPLinkDiscovery().discover(switches, observations: [
            heard(9, 1, from: 2, 1), heard(1, 7, from: 2, 1), heard(1, 1, from: 8, 1), heard(1, 1, from: 2, 5), heard(1, 1, from: 1, 2),
        ])
        #expect(result.topology.links.isEmpty)
        #expect(result.rejections.map(\.reason) == [
            "unknown switch 0000000000000009",
            "switch s1 has no port 7",
            "unknown neighbour chassis 0000000000000008",
            "neighbour s2 has no port 5",
            "loops back to switch s1",
        ])
        #expect(result.rejections.map(\.index) == [0, 1, 2, 3, 4])
    }

    @Test func contradictingObservationsAreRejected() {
        let result = LLDPLinkDiscovery().discover(switches, observations: [heard(1, 2, from: 2, 1), heard(1, 2, from: 2, 2), heard(1, 1, from: 2, 1)])
        #expect(result.topology.links.map(\.name) == ["s2:1->s1:2"])
        #expect(result.rejections.map(\.reason) == ["s1:2 already hears s2:1", "s2:1 is already heard on s1:2"])
    }

    @Test func aSnapshotFileImportsAsLinks() throws {
        let topology = try TopologyImporter().importFile(atPath: Files.fixture("lab.lldp.yaml")).topology
        #expect(topology.links.map(\.name) == ["s2:1->s1:2", "s1:2->s2:1"])
        #expect(topology.links.map(\.capacityBps) == [25e9, 25e9])
    }

    @Test func aSnapshotWithUnknownSwitchesIsAnImportErrorNamingEachObservation() throws {
        let path = Files.fixture("unknown-switch.lldp.yaml")
        let error = #expect(throws: LocatedError.self) { try TopologyImporter().importFile(atPath: path) }
        #expect(error?.problems.map(\.description) == [
            "\(path): observations[0]: unknown neighbour chassis 00000000000000ff",
            "\(path): observations[1]: switch s1 has no port 9",
        ])
    }

    @Test func controllerChassisIDsParseAsDatapathIDs() {
        #expect(DatapathID("dpid:000000000000000a") == DatapathID(10))
        #expect(DatapathID("dpid:12") == nil)
    }
}
