import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import Service

@Suite("TaaS-shaped /v1/tap_services and /v1/tap_flows")
struct TapResourceTests {
    /// Creates a tenant1 tap service on h3-1 and returns its id.
    static func createService(_ api: APIClient) async throws -> String {
        let response = try await api.send(.post, "/v1/tap_services", json: #"{"tap_service": {"name": "ids", "description": "IDS VM", "port_id": "h3-1", "tenant_id": "tenant1"}}"#)
        #expect(response.status == .created)
        return try #require(try response.decode([String: TapServiceResource].self)["tap_service"]).id
    }

    @Test("a tap service is created, shown and listed with TaaS field names")
    func serviceLifecycle() async throws {
        try await ServiceFixture.with { fixture in
            try await fixture.serve { api in
                let id = try await Self.createService(api)
                let shown = try await api.send(.get, "/v1/tap_services/\(id)")
                #expect(shown.status == .ok)
                let json = try #require(try JSONSerialization.jsonObject(with: Data(shown.body.readableBytesView)) as? [String: [String: Any]])
                let service = try #require(json["tap_service"])
                #expect(Set(service.keys) == ["id", "tenant_id", "project_id", "name", "description", "port_id", "status", "taas_id"])
                #expect(service["tenant_id"] as? String == "tenant1")
                #expect(service["project_id"] as? String == "tenant1")
                #expect(service["port_id"] as? String == "h3-1")
                #expect(service["status"] as? String == "ACTIVE")
                #expect(service["taas_id"] as? Int == 3900)
                let listed = try await api.send(.get, "/v1/tap_services").decode([String: [TapServiceResource]].self)
                #expect(listed["tap_services"]?.map(\.id) == [id])
            }
        }
    }

    @Test("a tap flow binds a same-tenant source port to the service; deleting the service deletes its flows")
    func flowLifecycle() async throws {
        try await ServiceFixture.with { fixture in
            try await fixture.serve { api in
                let service = try await Self.createService(api)
                let created = try await api.send(.post, "/v1/tap_flows", json: """
                    {"tap_flow": {"name": "web", "tap_service_id": "\(service)", "source_port": "h1-1", "direction": "BOTH",
                                  "vlan_filter": "10-20,30", "project_id": "tenant1"}}
                    """)
                #expect(created.status == .created)
                let flow = try #require(try created.decode([String: TapFlowResource].self)["tap_flow"])
                #expect(flow.tapServiceID == service)
                #expect(flow.direction == .both)
                #expect(flow.vlanFilter == "10-20,30")
                #expect(flow.tenantID == "tenant1")
                #expect(flow.status == "ACTIVE")
                #expect(try await api.send(.get, "/v1/tap_flows/\(flow.id)").status == .ok)
                #expect(try await api.send(.get, "/v1/tap_flows").decode([String: [TapFlowResource]].self)["tap_flows"]?.count == 1)

                #expect(try await api.send(.delete, "/v1/tap_services/\(service)").status == .noContent)
                #expect(try await api.send(.get, "/v1/tap_flows/\(flow.id)").status == .notFound)
                #expect(try await api.send(.get, "/v1/tap_services/\(service)").status == .notFound)
            }
        }
    }

    @Test("deleting a tap flow keeps its service")
    func deleteFlow() async throws {
        try await ServiceFixture.with { fixture in
            try await fixture.serve { api in
                let service = try await Self.createService(api)
                let created = try await api.send(.post, "/v1/tap_flows", json: """
                    {"tap_flow": {"tap_service_id": "\(service)", "source_port": "h2-1", "direction": "IN", "tenant_id": "tenant1"}}
                    """)
                let flow = try #require(try created.decode([String: TapFlowResource].self)["tap_flow"])
                #expect(try await api.send(.delete, "/v1/tap_flows/\(flow.id)").status == .noContent)
                #expect(try await api.send(.delete, "/v1/tap_flows/\(flow.id)").status == .notFound)
                #expect(try await api.send(.get, "/v1/tap_services/\(service)").status == .ok)
            }
        }
    }

    @Test("a cross-tenant source port is refused with 403 naming both tenants")
    func crossTenantSource() async throws {
        try await ServiceFixture.with { fixture in
            try await fixture.serve { api in
                let service = try await Self.createService(api)
                let response = try await api.send(.post, "/v1/tap_flows", json: """
                    {"tap_flow": {"tap_service_id": "\(service)", "source_port": "h1-2", "direction": "OUT", "tenant_id": "tenant1"}}
                    """)
                #expect(response.status == .forbidden)
                let error = try response.apiError()
                #expect(error.field == "tap_flow.source_port")
                #expect(error.message.contains("tenant2") && error.message.contains("tenant1"))
                #expect(try fixture.engine.tapCatalog().flows.isEmpty)
            }
        }
    }

    @Test("a tap flow of another tenant on a service is refused with 403")
    func crossTenantFlow() async throws {
        try await ServiceFixture.with { fixture in
            try await fixture.serve { api in
                let service = try await Self.createService(api)
                let response = try await api.send(.post, "/v1/tap_flows", json: """
                    {"tap_flow": {"tap_service_id": "\(service)", "source_port": "h1-1", "direction": "IN", "tenant_id": "tenant2"}}
                    """)
                #expect(response.status == .forbidden)
                #expect(try response.apiError().field == "tap_flow.tenant_id")
            }
        }
    }

    @Test("a tap service on another tenant's port is refused with 403")
    func crossTenantDestination() async throws {
        try await ServiceFixture.with { fixture in
            try await fixture.serve { api in
                let response = try await api.send(.post, "/v1/tap_services", json: #"{"tap_service": {"port_id": "h3-1", "tenant_id": "tenant2"}}"#)
                #expect(response.status == .forbidden)
                #expect(try response.apiError().field == "tap_service.port_id")
            }
        }
    }

    @Test("a destination port carrying reserved tenant traffic is refused")
    func destinationWithReservedTraffic() async throws {
        try await ServiceFixture.with { fixture in
            try await fixture.serve { api in
                #expect(try await api.send(.post, "/v1/paths", json: #"{"src": "h1-1", "dst": "h3-1", "bandwidth_bps": 1e9}"#).status == .created)
                let response = try await api.send(.post, "/v1/tap_services", json: #"{"tap_service": {"port_id": "h3-1", "tenant_id": "tenant1"}}"#)
                #expect(response.status == .unprocessableContent)
                #expect(try response.apiError().field == "tap_service.port_id")
            }
        }
    }

    static let badServices: [BadInputTests.Case] = [
        .init(body: #"{"name": "x", "port_id": "h3-1", "tenant_id": "tenant1"}"#, status: .unprocessableContent, field: "tap_service"),
        .init(body: #"{"tap_service": {"port_id": "h3-1"}}"#, status: .unprocessableContent, field: "tap_service.tenant_id"),
        .init(body: #"{"tap_service": {"tenant_id": "tenant1"}}"#, status: .unprocessableContent, field: "tap_service.port_id"),
        .init(body: #"{"tap_service": {"port_id": "h9-9", "tenant_id": "tenant1"}}"#, status: .unprocessableContent, field: "tap_service.port_id"),
        .init(body: #"{"tap_service": {"port_id": "leaf1:3", "tenant_id": "tenant1"}}"#, status: .unprocessableContent, field: "tap_service.port_id"),
        .init(body: #"{"tap_service": {"port_id": "h3-1", "tenant_id": "nobody"}}"#, status: .unprocessableContent, field: "tap_service.tenant_id"),
        .init(body: #"{"tap_service": {"port_id": "h3-1", "tenant_id": "tenant1", "project_id": "tenant2"}}"#, status: .unprocessableContent, field: "tap_service.project_id"),
        .init(body: #"{"tap_service": {"port_id": "h3-1", "tenant_id": "tenant1", "colour": "red"}}"#, status: .unprocessableContent, field: "tap_service.colour"),
        .init(body: #"{"tap_service": "#, status: .badRequest, field: nil),
    ]

    @Test("POST /v1/tap_services refuses a bad body naming the field", arguments: badServices)
    func badService(_ testCase: BadInputTests.Case) async throws {
        try await ServiceFixture.with { fixture in
            try await fixture.serve { api in
                let response = try await api.send(.post, "/v1/tap_services", json: testCase.body)
                #expect(response.status == testCase.status)
                #expect(try response.apiError().field == testCase.field)
                #expect(try fixture.engine.tapCatalog().services.isEmpty)
            }
        }
    }

    static let badFlows: [BadInputTests.Case] = [
        .init(body: #"{"tap_flow": {"tap_service_id": "SERVICE", "source_port": "h1-1", "direction": "SIDEWAYS", "tenant_id": "tenant1"}}"#, status: .unprocessableContent, field: "tap_flow.direction"),
        .init(body: #"{"tap_flow": {"tap_service_id": "SERVICE", "direction": "IN", "tenant_id": "tenant1"}}"#, status: .unprocessableContent, field: "tap_flow.source_port"),
        .init(body: #"{"tap_flow": {"tap_service_id": "SERVICE", "source_port": "h1-1", "direction": "IN", "vlan_filter": "5-1", "tenant_id": "tenant1"}}"#, status: .unprocessableContent, field: "tap_flow.vlan_filter"),
        .init(body: #"{"tap_flow": {"tap_service_id": "SERVICE", "source_port": "h1-1", "direction": "IN", "vlan_filter": "4096", "tenant_id": "tenant1"}}"#, status: .unprocessableContent, field: "tap_flow.vlan_filter"),
        .init(body: #"{"tap_flow": {"tap_service_id": "SERVICE", "source_port": "h3-1", "direction": "IN", "tenant_id": "tenant1"}}"#, status: .unprocessableContent, field: "tap_flow.source_port"),
        .init(body: #"{"tap_flow": {"tap_service_id": "SERVICE", "source_port": "h1-1", "direction": "IN", "tenant_id": "tenant1", "sampling_floor": 2}}"#, status: .unprocessableContent, field: "tap_flow.sampling_floor"),
        .init(body: #"{"tap_flow": {"tap_service_id": "no-such-service", "source_port": "h1-1", "direction": "IN", "tenant_id": "tenant1"}}"#, status: .notFound, field: "tap_flow.tap_service_id"),
    ]

    @Test("POST /v1/tap_flows refuses a bad body naming the field", arguments: badFlows)
    func badFlow(_ testCase: BadInputTests.Case) async throws {
        try await ServiceFixture.with { fixture in
            try await fixture.serve { api in
                let service = try await Self.createService(api)
                let response = try await api.send(.post, "/v1/tap_flows", json: testCase.body.replacingOccurrences(of: "SERVICE", with: service))
                #expect(response.status == testCase.status)
                #expect(try response.apiError().field == testCase.field)
                #expect(try fixture.engine.tapCatalog().flows.isEmpty)
            }
        }
    }
}
