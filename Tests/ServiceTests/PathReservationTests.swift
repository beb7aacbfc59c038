import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import Topology

@testable import Service
import TopologyStore

@Suite("POST/GET/DELETE /v1/paths")
struct PathReservationTests {
    @Test("a host-to-host reservation returns hops with ports from source host to destination host")
    func reserveHostToHost() async throws {
        try await ServiceFixture.with { fixture in
            try await fixture.serve { api in
                let response = try await api.send(.post, "/v1/paths", json: #"{"src": "h1-1", "dst": "h3-1", "bandwidth_bps": 2e9, "class": "gold"}"#)
                #expect(response.status == .created)
                let reservation = try response.decode(PathReservation.self)
                #expect(response.headers[.location] == "/v1/paths/\(reservation.id)")
                #expect(reservation.paths.count == 1)
                let path = try #require(reservation.paths.first)
                #expect(path.role == .primary)
                #expect(path.reservedBps == 2e9)
                #expect(path.hops.map(\.switchName) == ["leaf1", "spine1", "leaf3"])
                // leaf ports 1...2 face hosts, 3...4 face spines; spine port j faces leaf j.
                #expect(path.hops.map(\.inPort) == [1, 1, 3])
                #expect(path.hops.map(\.outPort) == [3, 3, 1])
                #expect(path.links == ["leaf1:3->spine1:1", "spine1:3->leaf3:3"])
                #expect(path.hops[0].datapathID == DatapathID(0x2_0001))
                #expect(reservation.status == .reserved)
            }
        }
    }

    @Test("a switch endpoint has no port on its side of the path")
    func reserveSwitchToSwitch() async throws {
        try await ServiceFixture.with { fixture in
            try await fixture.serve { api in
                let response = try await api.send(.post, "/v1/paths", json: #"{"src": "leaf1", "dst": "leaf2", "bandwidth_bps": "1G", "class": "bronze"}"#)
                #expect(response.status == .created)
                let path = try #require(try response.decode(PathReservation.self).paths.first)
                #expect(path.hops.first?.inPort == nil)
                #expect(path.hops.last?.outPort == nil)
                #expect(path.reservedBps == 1e9)
            }
        }
    }

    @Test("a reservation can be read back, is listed, and survives reopening the database")
    func readBackAndPersist() async throws {
        try await ServiceFixture.with { fixture in
            let id = try await fixture.serve { api in
                let created = try await api.send(.post, "/v1/paths", json: #"{"src": "h1-1", "dst": "h2-1", "bandwidth_bps": 1e9, "class": "silver"}"#)
                let reservation = try created.decode(PathReservation.self)
                let shown = try await api.send(.get, "/v1/paths/\(reservation.id)")
                #expect(shown.status == .ok)
                #expect(try shown.decode(PathReservation.self).paths == reservation.paths)
                let listed = try await api.send(.get, "/v1/paths")
                #expect(try listed.decode([String: [PathReservation]].self)["paths"]?.map(\.id) == [reservation.id])
                return reservation.id
            }
            let reopened = try TopologyStore(path: fixture.databasePath, additionalMigrations: ServeSchema.allMigrations)
            let engine = ServiceEngine(store: reopened)
            #expect(try engine.reservation(id).bandwidthBps == 1e9)
            #expect(try engine.reservedUsage()["leaf1:3->spine1:1"] == 1e9)
        }
    }

    @Test("deleting a reservation frees its bandwidth; deleting it again is 404")
    func release() async throws {
        try await ServiceFixture.with(topology: Fabrics.spineLeaf(spines: 1, leaves: 2)) { fixture in
            try await fixture.serve { api in
                let first = try await api.send(.post, "/v1/paths", json: #"{"src": "h1-1", "dst": "h2-1", "bandwidth_bps": 8e9}"#)
                let id = try first.decode(PathReservation.self).id
                let blocked = try await api.send(.post, "/v1/paths", json: #"{"src": "h1-2", "dst": "h2-2", "bandwidth_bps": 8e9}"#)
                #expect(blocked.status == .conflict)
                #expect(try await api.send(.delete, "/v1/paths/\(id)").status == .noContent)
                #expect(try await api.send(.get, "/v1/paths/\(id)").status == .notFound)
                #expect(try await api.send(.delete, "/v1/paths/\(id)").status == .notFound)
                let admitted = try await api.send(.post, "/v1/paths", json: #"{"src": "h1-2", "dst": "h2-2", "bandwidth_bps": 8e9}"#)
                #expect(admitted.status == .created)
            }
        }
    }

    @Test("admission leaves headroom free and names the bottleneck when a request does not fit")
    func admissionRespectsResidualAndHeadroom() async throws {
        try await ServiceFixture.with(topology: Fabrics.spineLeaf(spines: 1, leaves: 2), headroom: 0.1) { fixture in
            try await fixture.serve { api in
                let first = try await api.send(.post, "/v1/paths", json: #"{"src": "h1-1", "dst": "h2-1", "bandwidth_bps": 5e9}"#)
                #expect(first.status == .created)
                // 10G × (1 − 0.1) − 5G = 4G left on leaf1 → spine1.
                let tooMuch = try await api.send(.post, "/v1/paths", json: #"{"src": "h1-2", "dst": "h2-2", "bandwidth_bps": 4.5e9}"#)
                #expect(tooMuch.status == .conflict)
                let error = try tooMuch.apiError()
                #expect(error.code == "insufficient_capacity")
                #expect(error.field == "bandwidth_bps")
                #expect(error.message.contains("leaf1:3->spine1:1"))
                let fits = try await api.send(.post, "/v1/paths", json: #"{"src": "h1-2", "dst": "h2-2", "bandwidth_bps": 4e9}"#)
                #expect(fits.status == .created)
            }
        }
    }

    @Test("the host's access port is a reserved resource too")
    func accessPortCapacity() async throws {
        try await ServiceFixture.with { fixture in
            try await fixture.serve { api in
                #expect(try await api.send(.post, "/v1/paths", json: #"{"src": "h1-1", "dst": "h2-1", "bandwidth_bps": 7e9}"#).status == .created)
                let second = try await api.send(.post, "/v1/paths", json: #"{"src": "h1-1", "dst": "h3-1", "bandwidth_bps": 7e9}"#)
                #expect(second.status == .conflict)
                #expect(try second.apiError().field == "src")
            }
        }
    }

    @Test("k disjoint paths share no link; excluded switches and links are avoided")
    func constraints() async throws {
        try await ServiceFixture.with { fixture in
            try await fixture.serve { api in
                let twoPaths = try await api.send(.post, "/v1/paths", json: #"{"src": "h1-1", "dst": "h2-1", "bandwidth_bps": 1e9, "constraints": {"disjoint_paths": 2}}"#)
                #expect(twoPaths.status == .created)
                let paths = try twoPaths.decode(PathReservation.self).paths
                #expect(paths.map(\.role) == [.primary, .backup])
                #expect(Set(paths[0].links).isDisjoint(with: paths[1].links))

                let avoidSpine = try await api.send(.post, "/v1/paths", json: #"{"src": "h1-1", "dst": "h3-1", "bandwidth_bps": 1e9, "constraints": {"exclude_nodes": ["spine1"]}}"#)
                #expect(try avoidSpine.decode(PathReservation.self).paths[0].hops.map(\.switchName) == ["leaf1", "spine2", "leaf3"])

                let avoidLink = try await api.send(.post, "/v1/paths", json: #"{"src": "h1-1", "dst": "h3-1", "bandwidth_bps": 1e9, "constraints": {"exclude_links": ["spine1:3->leaf3:3"]}}"#)
                #expect(try avoidLink.decode(PathReservation.self).paths[0].links == ["leaf1:4->spine2:1", "spine2:3->leaf3:4"])

                let threePaths = try await api.send(.post, "/v1/paths", json: #"{"src": "h1-1", "dst": "h2-1", "bandwidth_bps": 1e9, "constraints": {"disjoint_paths": 3}}"#)
                #expect(threePaths.status == .conflict)
                #expect(try threePaths.apiError().message.contains("only 2 of 3"))

                let tooShort = try await api.send(.post, "/v1/paths", json: #"{"src": "h1-1", "dst": "h2-1", "bandwidth_bps": 1e9, "constraints": {"max_hops": 1}}"#)
                #expect(tooShort.status == .conflict)
                #expect(try tooShort.apiError().field == "constraints.max_hops")
            }
        }
    }

    @Test("a reservation whose link goes down is reported down with the link named")
    func statusFollowsTopology() async throws {
        try await ServiceFixture.with { fixture in
            try await fixture.serve { api in
                let created = try await api.send(.post, "/v1/paths", json: #"{"src": "h1-1", "dst": "h2-1", "bandwidth_bps": 1e9}"#)
                let reservation = try created.decode(PathReservation.self)
                var topology = try fixture.store.loadLatest().topology
                let failed = reservation.paths[0].links[0]
                let index = try #require(topology.linkIndex(named: failed))
                topology.links[index].isUp = false
                try fixture.store.save(topology, source: "test: link down")
                let shown = try await api.send(.get, "/v1/paths/\(reservation.id)").decode(PathReservation.self)
                #expect(shown.status == .down)
                #expect(shown.downLinks == [failed])
            }
        }
    }
}
