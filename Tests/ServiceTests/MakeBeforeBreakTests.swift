import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import Topology

@testable import Service

@Suite("PATCH /v1/paths/{id}: make-before-break accounting")
struct MakeBeforeBreakTests {
    @Test("a resize on a nearly full link succeeds when only the reservation's own bandwidth makes room")
    func resizeUsesOwnBandwidth() async throws {
        try await ServiceFixture.with(topology: Fabrics.spineLeaf(spines: 1, leaves: 2)) { fixture in
            try await fixture.serve { api in
                let a = try await api.send(.post, "/v1/paths", json: #"{"src": "h1-1", "dst": "h2-1", "bandwidth_bps": 4e9}"#).decode(PathReservation.self)
                #expect(try await api.send(.post, "/v1/paths", json: #"{"src": "h1-2", "dst": "h2-2", "bandwidth_bps": 5e9}"#).status == .created)
                // 1G is free on leaf1 → spine1; growing A by 1G to 5G fits only if A's own 4G is not counted twice.
                let grown = try await api.send(.patch, "/v1/paths/\(a.id)", json: #"{"bandwidth_bps": 5e9}"#)
                #expect(grown.status == .ok)
                let resized = try grown.decode(PathReservation.self)
                #expect(resized.bandwidthBps == 5e9)
                #expect(resized.revision == 2)
                #expect(resized.paths.map(\.links) == a.paths.map(\.links))
                let transition = try grown.decode(TransitionOnly.self).transition
                #expect(transition.resizedInPlace)
                #expect(transition.releasedLinks.isEmpty)
                #expect(try fixture.engine.reservedUsage()["leaf1:3->spine1:1"] == 10e9)
            }
        }
    }

    @Test("a resize that would oversubscribe a link is refused and leaves the reservation unchanged")
    func resizeBeyondCapacityIsRefused() async throws {
        try await ServiceFixture.with(topology: Fabrics.spineLeaf(spines: 1, leaves: 2)) { fixture in
            try await fixture.serve { api in
                let a = try await api.send(.post, "/v1/paths", json: #"{"src": "h1-1", "dst": "h2-1", "bandwidth_bps": 4e9}"#).decode(PathReservation.self)
                #expect(try await api.send(.post, "/v1/paths", json: #"{"src": "h1-2", "dst": "h2-2", "bandwidth_bps": 5e9}"#).status == .created)
                let refused = try await api.send(.patch, "/v1/paths/\(a.id)", json: #"{"bandwidth_bps": 5.5e9}"#)
                #expect(refused.status == .conflict)
                #expect(try refused.apiError().code == "insufficient_capacity")
                let after = try await api.send(.get, "/v1/paths/\(a.id)").decode(PathReservation.self)
                #expect(after.bandwidthBps == 4e9)
                #expect(after.revision == 1)
                #expect(try fixture.engine.reservedUsage()["leaf1:3->spine1:1"] == 9e9)
            }
        }
    }

    @Test("a reroute over a link shared by the old and new paths counts the reservation once and never oversubscribes it")
    func rerouteOverSharedLink() async throws {
        try await ServiceFixture.with(topology: Fabrics.diamond()) { fixture in
            try await fixture.serve { api in
                let r = try await api.send(.post, "/v1/paths", json: #"{"src": "ha1", "dst": "hd", "bandwidth_bps": 7e9}"#).decode(PathReservation.self)
                #expect(r.paths[0].links == ["a:10->b:1", "b:2->d:10"])
                #expect(try await api.send(.post, "/v1/paths", json: #"{"src": "ha2", "dst": "hb", "bandwidth_bps": 2e9}"#).status == .created)

                // a → b now holds 9G of 10G. Moving R off b → d at 8.5G would need 2G + 8.5G on a → b: refused.
                let overfull = try await api.send(.patch, "/v1/paths/\(r.id)", json: #"{"bandwidth_bps": 8.5e9, "constraints": {"exclude_links": ["b:2->d:10"]}}"#)
                #expect(overfull.status == .conflict)
                #expect(try await api.send(.get, "/v1/paths/\(r.id)").decode(PathReservation.self).paths[0].links == ["a:10->b:1", "b:2->d:10"])

                // At 8G it fits exactly: 2G + 8G on the shared a → b (R's old 7G is not counted again).
                let moved = try await api.send(.patch, "/v1/paths/\(r.id)", json: #"{"bandwidth_bps": 8e9, "constraints": {"exclude_links": ["b:2->d:10"]}}"#)
                #expect(moved.status == .ok)
                let rerouted = try moved.decode(PathReservation.self)
                #expect(rerouted.paths[0].links == ["a:10->b:1", "b:3->c:1", "c:2->d:2"])
                let transition = try moved.decode(TransitionOnly.self).transition
                #expect(!transition.resizedInPlace)
                #expect(transition.keptLinks == ["a:10->b:1"])
                #expect(transition.addedLinks == ["b:3->c:1", "c:2->d:2"])
                #expect(transition.releasedLinks == ["b:2->d:10"])

                let usage = try fixture.engine.reservedUsage()
                #expect(usage["a:10->b:1"] == 10e9)
                #expect(usage["b:2->d:10"] == nil)
                #expect(usage["c:2->d:2"] == 8e9)
                let topology = try fixture.store.loadLatest().topology
                for link in topology.links {
                    #expect((usage[link.name] ?? 0) <= link.capacityBps, "link \(link.name) oversubscribed")
                }
                // Nothing else fits on a → b any more.
                #expect(try await api.send(.post, "/v1/paths", json: #"{"src": "ha2", "dst": "hd", "bandwidth_bps": 1e6}"#).status == .conflict)
            }
        }
    }

    @Test("reroute: true moves a reservation off a link that went down")
    func rerouteAfterLinkDown() async throws {
        try await ServiceFixture.with { fixture in
            try await fixture.serve { api in
                let r = try await api.send(.post, "/v1/paths", json: #"{"src": "h1-1", "dst": "h2-1", "bandwidth_bps": 3e9}"#).decode(PathReservation.self)
                var topology = try fixture.store.loadLatest().topology
                let index = try #require(topology.linkIndex(named: r.paths[0].links[0]))
                topology.links[index].isUp = false
                try fixture.store.save(topology, source: "test: link down")
                let moved = try await api.send(.patch, "/v1/paths/\(r.id)", json: #"{"reroute": true}"#)
                #expect(moved.status == .ok)
                let rerouted = try moved.decode(PathReservation.self)
                #expect(rerouted.status == .reserved)
                #expect(!rerouted.paths[0].links.contains(r.paths[0].links[0]))
                #expect(rerouted.topologyVersion == 2)
            }
        }
    }
}

/// Just the `transition` member of a PATCH response.
struct TransitionOnly: Decodable {
    var transition: PathTransition
}
