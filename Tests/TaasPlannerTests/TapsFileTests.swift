import Testing
import Topology
@testable import TaasPlanner
import TopologyFormats

@Suite("Taps file")
struct TapsFileTests {
    @Test("services and flows are created in order, flows naming their service by name")
    func parses() throws {
        let text = """
            taas_id_range: 100-199
            tap_services:
              - {name: ids, tenant_id: tenant1, port_id: h3-1}
            tap_flows:
              - {name: web, tap_service_id: ids, source_port: h1-1, direction: BOTH,
                 filter: {peer_prefix: 10.0.2.0/24, ip_protocol: 6, peer_ports: "80,443"}, max_rate_bps: 1e8, weight: 2}
              - {tap_service_id: ids, source_port: "leaf2:1", direction: in}
            """
        let catalog = try TapsFile.parse(text, file: "taps.yaml", context: Fixtures.context())
        #expect(catalog.services.map(\.taasID) == [100])
        #expect(catalog.flows.count == 2)
        #expect(catalog.flows[0].filter?.peerPorts == NumberRanges("80,443"))
        #expect(catalog.flows[1].direction == .in && catalog.flows[1].tapServiceID == catalog.services[0].id)
    }

    @Test("every bad entry is reported with its index, name and reason")
    func reportsEveryProblem() {
        let text = """
            tap_services:
              - {name: ids, tenant_id: tenant1, port_id: h3-1}
            tap_flows:
              - {name: cross, tap_service_id: ids, source_port: h1-2, direction: OUT}
              - {name: nowhere, tap_service_id: ids, source_port: h9-9, direction: OUT}
            """
        let error = #expect(throws: LocatedError.self) { try TapsFile.parse(text, file: "taps.yaml", context: Fixtures.context()) }
        #expect(error?.problems.count == 2)
        #expect(error?.problems.first?.field == "tap_flows[0] 'cross'")
        #expect(error?.problems.first?.message.hasPrefix("cross-tenant") == true)
        #expect(error?.description.contains("taps.yaml:5:5: tap_flows[1] 'nowhere'") == true, "\(String(describing: error))")
    }

    @Test("malformed documents name the field")
    func malformed() {
        let error = #expect(throws: LocatedError.self) {
            try TapsFile.parse("tap_flows:\n  - {tap_service_id: x, source_port: h1-1, direction: SIDEWAYS}\n", file: "t.yaml", context: Fixtures.context())
        }
        #expect(error?.problems.first?.field == "tap_flows[0].direction", "\(String(describing: error))")
        #expect(error?.problems.first?.line == 2)
    }
}
