import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import Topology

@testable import Service
import TopologyStore

@Suite("GET /v1/topology, /v1/topology/versions, /healthz, /metrics")
struct TopologyEndpointTests {
    @Test("the latest topology comes back whole, with its version and reserved rates")
    func latestTopology() async throws {
        try await ServiceFixture.with { fixture in
            try await fixture.serve { api in
                #expect(try await api.send(.post, "/v1/paths", json: #"{"src": "h1-1", "dst": "h2-1", "bandwidth_bps": 1e9}"#).status == .created)
                let response = try await api.send(.get, "/v1/topology")
                #expect(response.status == .ok)
                let body = try response.decode(TopologyResponse.self)
                #expect(body.topology == Fabrics.spineLeaf())
                #expect(body.version.number == 1)
                #expect(body.reservedBps["leaf1:3->spine1:1"] == 1e9)
                #expect(body.reservedBps["h1-1->leaf1:1"] == 1e9)
            }
        }
    }

    @Test("versions are listed oldest first and any version can be fetched")
    func versions() async throws {
        try await ServiceFixture.with { fixture in
            var changed = Fabrics.spineLeaf()
            changed.links[0].isUp = false
            try fixture.store.save(changed, source: "test: link down")
            try await fixture.serve { api in
                let listed = try await api.send(.get, "/v1/topology/versions").decode([String: [TopologyVersion]].self)
                #expect(listed["versions"]?.map(\.number) == [1, 2])
                #expect(listed["versions"]?.map(\.source) == ["test fixture", "test: link down"])
                let first = try await api.send(.get, "/v1/topology?version=1").decode(TopologyResponse.self)
                #expect(first.topology.links[0].isUp)
                let latest = try await api.send(.get, "/v1/topology").decode(TopologyResponse.self)
                #expect(!latest.topology.links[0].isUp)
                let bad = try await api.send(.get, "/v1/topology?version=abc")
                #expect(bad.status == .unprocessableContent)
                #expect(try bad.apiError().field == "version")
            }
        }
    }

    @Test("without any topology the API answers 503 no_topology instead of failing")
    func emptyStore() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("weft-serve-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try TopologyStore(path: directory.appendingPathComponent("empty.sqlite").path, additionalMigrations: ServeSchema.allMigrations)
        let fixture = ServiceFixture(directory: directory, location: store.path, store: store, engine: ServiceEngine(store: store), metrics: ServiceMetrics(), token: nil)
        try await fixture.serve { api in
            let topology = try await api.send(.get, "/v1/topology")
            #expect(topology.status == .serviceUnavailable)
            #expect(try topology.apiError().code == "no_topology")
            let path = try await api.send(.post, "/v1/paths", json: #"{"src": "h1-1", "dst": "h2-1", "bandwidth_bps": 1e9}"#)
            #expect(path.status == .serviceUnavailable)
            #expect(try await api.send(.get, "/healthz").status == .ok)
        }
    }

    @Test("/healthz reports the topology version")
    func health() async throws {
        try await ServiceFixture.with { fixture in
            try await fixture.serve { api in
                let body = try await api.send(.get, "/healthz").decode([String: AnyScalar].self)
                #expect(body["status"] == .string("ok"))
                #expect(body["topology_version"] == .number(1))
            }
        }
    }

    @Test("/metrics is Prometheus text with links up and reservations")
    func metrics() async throws {
        try await ServiceFixture.with { fixture in
            try await fixture.serve { api in
                #expect(try await api.send(.post, "/v1/paths", json: #"{"src": "h1-1", "dst": "h2-1", "bandwidth_bps": 1e9, "class": "gold"}"#).status == .created)
                let response = try await api.send(.get, "/metrics")
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("text/plain") == true)
                let text = response.text
                #expect(text.contains("weft_links_up 12.0"))
                #expect(text.contains("weft_path_reservations 1.0"))
                #expect(text.contains(#"weft_reserved_bps{class="gold"} 1000000000.0"#))
                #expect(text.contains("# TYPE weft_solve_seconds histogram"))
            }
        }
    }
}

/// A JSON scalar, for loosely checking small bodies.
enum AnyScalar: Decodable, Equatable {
    case string(String)
    case number(Double)
    case bool(Bool)
    case null

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else {
            self = .string(try container.decode(String.self))
        }
    }
}
