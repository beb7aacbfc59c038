import Testing
import Topology
@testable import TaasPlanner

@Suite("Tap catalog: TaaS model and validation")
struct TapCatalogTests {
    let context = Fixtures.context()

    private func catalogWithService() throws -> (TapCatalog, TapService) {
        var catalog = TapCatalog()
        let service = try catalog.createService(TapService(name: "ids", tenant: "tenant1", port: .host("h3-1")), in: context)
        return (catalog, service)
    }

    @Test("a service gets a UUID and the first taas_id of the default range 3900-3999")
    func serviceGetsIDs() throws {
        let (_, service) = try catalogWithService()
        #expect(service.taasID == 3900)
        #expect(service.id.count == 36)
        #expect(TaasIDRange.default.description == "3900-3999")
    }

    @Test("taas_ids come from a configured range; exhaustion is an error naming the range")
    func taasIDExhaustion() throws {
        var catalog = TapCatalog(taasIDRange: try TaasIDRange(lower: 100, upper: 101))
        try catalog.createService(TapService(tenant: "tenant1", port: .host("h1-1")), in: context)
        try catalog.createService(TapService(tenant: "tenant1", port: .host("h2-1")), in: context)
        #expect(catalog.services.map(\.taasID) == [100, 101])
        let error = #expect(throws: TapError.self) {
            try catalog.createService(TapService(tenant: "tenant1", port: .host("h3-1")), in: context)
        }
        #expect(error == .taasIDsExhausted(range: try TaasIDRange(lower: 100, upper: 101)))
        #expect(error?.description.contains("100-101") == true)
    }

    @Test("a taas_id range outside usable VLAN ids is refused")
    func badRange() {
        #expect(throws: TapError.self) { try TaasIDRange(lower: 4000, upper: 4095) }
        #expect(throws: TapError.self) { try TaasIDRange(parsing: "20-10") }
    }

    @Test("a cross-tenant tap flow is refused with an error naming both tenants")
    func crossTenantFlow() throws {
        var (catalog, service) = try catalogWithService()
        let error = #expect(throws: TapError.self) {
            try catalog.createFlow(TapFlow(tapServiceID: service.id, sourcePort: .host("h1-2"), direction: .both), in: context)
        }
        let text = try #require(error).description
        #expect(text.contains("tenant2") && text.contains("tenant1"), "\(text)")
        #expect(catalog.flows.isEmpty)
    }

    @Test("a destination port of another tenant is refused naming both tenants")
    func crossTenantDestination() {
        var catalog = TapCatalog()
        let error = #expect(throws: TapError.self) {
            try catalog.createService(TapService(tenant: "tenant1", port: .switchPort(LinkEnd(node: "leaf2", port: 2))), in: context)
        }
        guard case .crossTenant(let port, let role, let portTenant, let serviceTenant, _)? = error else {
            Issue.record("expected crossTenant, got \(String(describing: error))")
            return
        }
        #expect(port == .switchPort(LinkEnd(node: "leaf2", port: 2)) && role == .destination)
        #expect(portTenant == "tenant2" && serviceTenant == "tenant1")
        #expect(catalog.services.isEmpty)
    }

    @Test("unknown ports and fabric ports are refused, naming the port and its role")
    func unknownAndFabricPorts() throws {
        var (catalog, service) = try catalogWithService()
        #expect(throws: TapError.unknownPort(.host("h9-9"), role: .source)) {
            try catalog.createFlow(TapFlow(tapServiceID: service.id, sourcePort: .host("h9-9"), direction: .in), in: context)
        }
        #expect(throws: TapError.unknownPort(.switchPort(LinkEnd(node: "leaf1", port: 99)), role: .destination)) {
            try catalog.createService(TapService(tenant: "tenant1", port: .switchPort(LinkEnd(node: "leaf1", port: 99))), in: context)
        }
        #expect(throws: TapError.fabricPort(.switchPort(LinkEnd(node: "leaf1", port: 3)), role: .destination, link: "leaf1:3->spine1:1")) {
            try catalog.createService(TapService(tenant: "tenant1", port: .switchPort(LinkEnd(node: "leaf1", port: 3))), in: context)
        }
    }

    @Test("a port cannot be both destination and source of the same service, under either name")
    func sourceIsDestination() throws {
        var (catalog, service) = try catalogWithService()
        #expect(throws: TapError.sourceIsDestination(.switchPort(LinkEnd(node: "leaf3", port: 1)), service: service.label)) {
            try catalog.createFlow(TapFlow(tapServiceID: service.id, sourcePort: .switchPort(LinkEnd(node: "leaf3", port: 1)), direction: .in), in: context)
        }
    }

    @Test("a destination port that carries tenant demands is refused")
    func destinationWithTenantTraffic() {
        var catalog = TapCatalog()
        let busy = Fixtures.context(demands: [(source: "h1-1", destination: "h3-1")])
        #expect(throws: TapError.destinationCarriesTenantTraffic(.host("h3-1"), host: "h3-1", demands: ["h1-1->h3-1"])) {
            try catalog.createService(TapService(tenant: "tenant1", port: .host("h3-1")), in: busy)
        }
    }

    @Test("a second (source, direction, service) is a duplicate; another direction is not")
    func duplicateFlow() throws {
        var (catalog, service) = try catalogWithService()
        let first = try catalog.createFlow(TapFlow(name: "a-in", tapServiceID: service.id, sourcePort: .host("h1-1"), direction: .in), in: context)
        #expect(throws: TapError.duplicateTapFlow(source: .switchPort(LinkEnd(node: "leaf1", port: 1)), direction: .in, service: service.label, existing: first.label)) {
            try catalog.createFlow(TapFlow(tapServiceID: service.id, sourcePort: .switchPort(LinkEnd(node: "leaf1", port: 1)), direction: .in), in: context)
        }
        try catalog.createFlow(TapFlow(tapServiceID: "ids", sourcePort: .host("h1-1"), direction: .out), in: context)
        #expect(catalog.flows.count == 2)
        #expect(catalog.flows.allSatisfy { $0.tenant == "tenant1" && $0.tapServiceID == service.id })
    }

    @Test("deleting a service deletes its flows, as TaaS does")
    func deleteCascades() throws {
        var (catalog, service) = try catalogWithService()
        let other = try catalog.createService(TapService(tenant: "tenant2", port: .host("h3-2")), in: context)
        try catalog.createFlow(TapFlow(tapServiceID: service.id, sourcePort: .host("h1-1"), direction: .in), in: context)
        try catalog.createFlow(TapFlow(tapServiceID: service.id, sourcePort: .host("h2-1"), direction: .both), in: context)
        let kept = try catalog.createFlow(TapFlow(tapServiceID: other.id, sourcePort: .host("h1-2"), direction: .out), in: context)
        let removed = try catalog.deleteService("ids")
        #expect(removed.flows.count == 2)
        #expect(catalog.services == [other])
        #expect(catalog.flows == [kept])
        #expect(throws: TapError.unknownTapService("ids")) { try catalog.deleteService("ids") }
    }

    @Test("invalid flow fields are refused naming the field")
    func invalidFields() throws {
        var (catalog, service) = try catalogWithService()
        let cases: [(TapFlow, String)] = [
            (TapFlow(tapServiceID: service.id, sourcePort: .host("h1-1"), direction: .in, samplingFloor: 1.5), "sampling_floor"),
            (TapFlow(tapServiceID: service.id, sourcePort: .host("h1-1"), direction: .in, weight: 0), "weight"),
            (TapFlow(tapServiceID: service.id, sourcePort: .host("h1-1"), direction: .in, maxRateBps: -1), "max_rate"),
            (TapFlow(tapServiceID: service.id, sourcePort: .host("h1-1"), direction: .in, filter: MirrorFilter(peerPorts: NumberRanges("80"))), "peer_ports"),
            (TapFlow(tapServiceID: service.id, sourcePort: .host("h1-1"), direction: .in, filter: MirrorFilter(vlans: NumberRanges("4000-4100"))), "vlan_filter"),
        ]
        for (flow, field) in cases {
            let error = #expect(throws: TapError.self) { try catalog.createFlow(flow, in: context) }
            guard case .invalidField(let named, _, _)? = error else {
                Issue.record("expected invalidField(\(field)), got \(String(describing: error))")
                continue
            }
            #expect(named == field)
        }
    }

    @Test("revalidation reports a service whose destination started carrying tenant traffic")
    func revalidation() throws {
        let (catalog, _) = try catalogWithService()
        #expect(catalog.problems(in: context).isEmpty)
        let problems = catalog.problems(in: Fixtures.context(demands: [(source: "h3-1", destination: "h1-1")]))
        #expect(problems.count == 1)
    }
}
