import Foundation
import Testing
import Topology

@testable import Service

/// `weft serve --openflow`: the real binary with the controller embedded, on a real OVS fabric.
@Suite("weft serve with the embedded controller on an OVS fabric", .serialized)
struct EmbeddedControllerTests {
    struct Health: Decodable {
        struct Controller: Decodable {
            var connected_switches: Int
            var flows_installed: Int
        }

        var controller: Controller?
    }

    @Test("switches connect to weft serve, hosts ping, and a cut cable shows in the topology history and the reservations")
    func embeddedController() async throws {
        try await withOVSFabric(spines: 2, leaves: 2, hostsPerLeaf: 2) { fabric in
            let setup = try WeftSubprocess.Setup(fabric)
            let serve = try setup.serve(["--openflow", "127.0.0.1:\(setup.openFlowPort)"])
            do {
                try await check(fabric: fabric, api: setup.api, openFlowPort: setup.openFlowPort)
            } catch {
                print("weft serve log:\n\(serve.log)")
                await serve.stop()
                throw error
            }
            #expect(serve.isRunning)
            await serve.stop()
        }
    }

    private func check(fabric: OVSFabric, api: String, openFlowPort: UInt16) async throws {
        try #require(await WeftSubprocess.waitUntil(seconds: 10) { (try? await WeftSubprocess.get(api, "/healthz", in: fabric)) != nil })
        try await fabric.connectControllers(port: openFlowPort)
        let switches = fabric.topology.switches.count
        let programmed = await WeftSubprocess.waitUntil(seconds: 15) {
            guard let text = try? await WeftSubprocess.get(api, "/healthz", in: fabric),
                  let health = try? JSONDecoder().decode(Health.self, from: Data(text.utf8)) else { return false }
            return health.controller?.connected_switches == switches && (health.controller?.flows_installed ?? 0) > 0
        }
        try #require(programmed, "the embedded controller did not program all \(switches) switches")
        var unreachable: [String] = []
        _ = await WeftSubprocess.waitUntil(seconds: 10) {
            unreachable = await fabric.unreachablePairs()
            return unreachable.isEmpty
        }
        #expect(unreachable.isEmpty, "unreachable: \(unreachable)")

        let created = try await WeftSubprocess.send("POST", api, "/v1/paths", json: #"{"src": "h1-1", "dst": "h2-1", "bandwidth_bps": "1G"}"#, in: fabric)
        #expect(created.status == 201)
        let reservation = try JSONDecoder.api.decode(PathReservation.self, from: Data(created.body.utf8))
        let metrics = try await WeftSubprocess.get(api, "/metrics", in: fabric)
        #expect(metrics.contains("weft_flows_installed"))
        #expect(!metrics.contains("weft_flows_installed 0.0"))

        // Cut the cable under the reservation's first fabric link: discovery saves a new version without it.
        let firstLink = try #require(reservation.paths.first?.links.first)
        let cable = try #require(fabric.topology.links.first { $0.name == firstLink })
        try await fabric.removeCable(cable)
        let noticed = await WeftSubprocess.waitUntil(seconds: 10) {
            guard let text = try? await WeftSubprocess.get(api, "/v1/paths/\(reservation.id)", in: fabric),
                  let current = try? JSONDecoder.api.decode(PathReservation.self, from: Data(text.utf8)) else { return false }
            return current.status == .down && current.downLinks == [firstLink]
        }
        #expect(noticed, "the reservation over the cut cable was not reported down")
        let versions = try await WeftSubprocess.get(api, "/v1/topology/versions", in: fabric)
        #expect(try JSONDecoder.api.decode([String: [TopologyVersion]].self, from: Data(versions.utf8))["versions"].map(\.count).map { $0 >= 2 } == true)
        let moved = try await WeftSubprocess.send("PATCH", api, "/v1/paths/\(reservation.id)", json: #"{"reroute": true}"#, in: fabric)
        #expect(moved.status == 200, "\(moved.body)")
        _ = await WeftSubprocess.waitUntil(seconds: 10) {
            unreachable = await fabric.unreachablePairs()
            return unreachable.isEmpty
        }
        #expect(unreachable.isEmpty, "traffic was not rerouted around the cut cable: \(unreachable)")
    }
}
