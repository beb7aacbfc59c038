import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import Service

@Suite("Bad input: 400/422 naming the field, 404 for unknown ids, 403 across tenants")
struct BadInputTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var body: String
        var status: HTTPResponse.Status
        var field: String?
        var testDescription: String { body }
    }

    static let pathCases: [Case] = [
        Case(body: #"{"src": "h1-1", "dst": "h2-1""#, status: .badRequest, field: nil),
        Case(body: #"["h1-1", "h2-1"]"#, status: .badRequest, field: nil),
        Case(body: "", status: .badRequest, field: nil),
        Case(body: #"{"dst": "h2-1", "bandwidth_bps": 1e9}"#, status: .unprocessableContent, field: "src"),
        Case(body: #"{"src": "h1-1", "bandwidth_bps": 1e9}"#, status: .unprocessableContent, field: "dst"),
        Case(body: #"{"src": "h1-1", "dst": "h2-1"}"#, status: .unprocessableContent, field: "bandwidth_bps"),
        Case(body: #"{"src": "h1-1", "dst": "h2-1", "bandwidth_bps": -5}"#, status: .unprocessableContent, field: "bandwidth_bps"),
        Case(body: #"{"src": "h1-1", "dst": "h2-1", "bandwidth_bps": "10 GB"}"#, status: .unprocessableContent, field: "bandwidth_bps"),
        Case(body: #"{"src": "h1-1", "dst": "h2-1", "bandwidth_bps": true}"#, status: .unprocessableContent, field: "bandwidth_bps"),
        Case(body: #"{"src": 7, "dst": "h2-1", "bandwidth_bps": 1e9}"#, status: .unprocessableContent, field: "src"),
        Case(body: #"{"src": "", "dst": "h2-1", "bandwidth_bps": 1e9}"#, status: .unprocessableContent, field: "src"),
        Case(body: #"{"src": "nosuchhost", "dst": "h2-1", "bandwidth_bps": 1e9}"#, status: .unprocessableContent, field: "src"),
        Case(body: #"{"src": "h1-1", "dst": "h1-1", "bandwidth_bps": 1e9}"#, status: .unprocessableContent, field: "dst"),
        Case(body: #"{"src": "h1-1", "dst": "h2-1", "bandwidth_bps": 1e9, "class": "platinum"}"#, status: .unprocessableContent, field: "class"),
        Case(body: #"{"src": "h1-1", "dst": "h2-1", "bandwidth_bps": 1e9, "colour": "red"}"#, status: .unprocessableContent, field: "colour"),
        Case(body: #"{"src": "h1-1", "dst": "h2-1", "bandwidth_bps": 1e9, "constraints": {"exclude_links": ["x->y"]}}"#, status: .unprocessableContent, field: "constraints.exclude_links[0]"),
        Case(body: #"{"src": "h1-1", "dst": "h2-1", "bandwidth_bps": 1e9, "constraints": {"exclude_links": "leaf1:3->spine1:1"}}"#, status: .unprocessableContent, field: "constraints.exclude_links"),
        Case(body: #"{"src": "h1-1", "dst": "h2-1", "bandwidth_bps": 1e9, "constraints": {"exclude_nodes": ["spine1", "spine9"]}}"#, status: .unprocessableContent, field: "constraints.exclude_nodes[1]"),
        Case(body: #"{"src": "h1-1", "dst": "h2-1", "bandwidth_bps": 1e9, "constraints": {"exclude_nodes": ["leaf1"]}}"#, status: .unprocessableContent, field: "constraints.exclude_nodes[0]"),
        Case(body: #"{"src": "h1-1", "dst": "h2-1", "bandwidth_bps": 1e9, "constraints": {"disjoint_paths": 0}}"#, status: .unprocessableContent, field: "constraints.disjoint_paths"),
        Case(body: #"{"src": "h1-1", "dst": "h2-1", "bandwidth_bps": 1e9, "constraints": {"max_hops": 0}}"#, status: .unprocessableContent, field: "constraints.max_hops"),
        Case(body: #"{"src": "h1-1", "dst": "h2-1", "bandwidth_bps": 1e9, "constraints": {"disjoint": 2}}"#, status: .unprocessableContent, field: "constraints.disjoint"),
        Case(body: #"{"src": "h1-1", "dst": "h2-1", "bandwidth_bps": 1e9, "tenant_id": "nobody"}"#, status: .unprocessableContent, field: "tenant_id"),
        Case(body: #"{"src": "h1-1", "dst": "h1-2", "bandwidth_bps": 1e9, "tenant_id": "tenant1"}"#, status: .forbidden, field: "dst"),
    ]

    @Test("POST /v1/paths refuses a bad body with the right status and field", arguments: pathCases)
    func badPathRequest(_ testCase: Case) async throws {
        try await ServiceFixture.with { fixture in
            try await fixture.serve { api in
                let response = try await api.send(.post, "/v1/paths", json: testCase.body)
                #expect(response.status == testCase.status)
                let error = try response.apiError()
                #expect(error.field == testCase.field)
                #expect(!error.message.isEmpty)
                #expect(try fixture.engine.reservations().isEmpty, "a refused request stored nothing")
            }
        }
    }

    @Test("PATCH refuses a bad body naming the field and leaves the reservation as it was")
    func badPatch() async throws {
        try await ServiceFixture.with { fixture in
            try await fixture.serve { api in
                let created = try await api.send(.post, "/v1/paths", json: #"{"src": "h1-1", "dst": "h2-1", "bandwidth_bps": 1e9}"#)
                let id = try created.decode(PathReservation.self).id
                let negative = try await api.send(.patch, "/v1/paths/\(id)", json: #"{"bandwidth_bps": 0}"#)
                #expect(negative.status == .unprocessableContent)
                #expect(try negative.apiError().field == "bandwidth_bps")
                let unknownClass = try await api.send(.patch, "/v1/paths/\(id)", json: #"{"class": "diamond"}"#)
                #expect(unknownClass.status == .unprocessableContent)
                #expect(try unknownClass.apiError().field == "class")
                let typo = try await api.send(.patch, "/v1/paths/\(id)", json: #"{"bandwith_bps": 2e9}"#)
                #expect(typo.status == .unprocessableContent)
                #expect(try typo.apiError().field == "bandwith_bps")
                #expect(try fixture.engine.reservation(id).revision == 1)
            }
        }
    }

    @Test("unknown ids are 404 with code not_found", arguments: [
        (HTTPRequest.Method.get, "/v1/paths/0000"), (.patch, "/v1/paths/0000"), (.delete, "/v1/paths/0000"),
        (.get, "/v1/tap_services/0000"), (.delete, "/v1/tap_services/0000"),
        (.get, "/v1/tap_flows/0000"), (.delete, "/v1/tap_flows/0000"),
        (.get, "/v1/topology?version=99"), (.get, "/v1/no_such_route"),
    ])
    func unknownIDs(_ method: HTTPRequest.Method, _ uri: String) async throws {
        try await ServiceFixture.with { fixture in
            try await fixture.serve { api in
                let response = try await api.send(method, uri, json: method == .patch ? #"{"bandwidth_bps": 1e9}"# : nil)
                #expect(response.status == .notFound)
                #expect(try response.apiError().code == "not_found")
            }
        }
    }

    @Test("a method a path does not answer is 405 with the methods it does answer")
    func methodNotAllowed() async throws {
        try await ServiceFixture.with { fixture in
            try await fixture.serve { api in
                let put = try await api.send(.put, "/v1/paths/abc", json: "{}")
                #expect(put.status == .methodNotAllowed)
                #expect(put.headers[.allow] == "DELETE, GET, PATCH")
                #expect(try put.apiError().code == "method_not_allowed")
                let delete = try await api.send(.delete, "/healthz")
                #expect(delete.status == .methodNotAllowed)
                #expect(delete.headers[.allow] == "GET")
            }
        }
    }
}
