import Foundation
import Testing
import Topology
import struct Topology.Host

@testable import Service
import TopologyStore
import WeftTestSupport

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

    @Test("tap flows created through the API are installed: the monitor sees copies; deleting the flow removes them")
    func tapsThroughTheAPI() async throws {
        try await withOVSFabric(spines: 2, leaves: 3, hostsPerLeaf: 2) { fabric in
            let setup = try WeftSubprocess.Setup(fabric)
            let serve = try setup.serve(["--openflow", "127.0.0.1:\(setup.openFlowPort)"])
            do {
                try await checkTaps(fabric: fabric, api: setup.api, openFlowPort: setup.openFlowPort)
            } catch {
                print("weft serve log:\n\(serve.log)")
                await serve.stop()
                throw error
            }
            await serve.stop()
        }
    }

    private func checkTaps(fabric: OVSFabric, api: String, openFlowPort: UInt16) async throws {
        try #require(await WeftSubprocess.waitUntil(seconds: 10) { (try? await WeftSubprocess.get(api, "/healthz", in: fabric)) != nil })
        try await fabric.connectControllers(port: openFlowPort)
        let source = try #require(fabric.topology.hostNamed("h1-1"))
        let peer = try #require(fabric.topology.hostNamed("h2-1"))
        let monitor = try #require(fabric.topology.hostNamed("h3-2"))
        let ready = await WeftSubprocess.waitUntil(seconds: 15) { await fabric.ping(from: peer, to: source) }
        try #require(ready, "the embedded controller did not program the fabric")

        let service = try await WeftSubprocess.send("POST", api, "/v1/tap_services",
                                                    json: #"{"tap_service": {"name": "ids", "port_id": "h3-2", "tenant_id": "default"}}"#, in: fabric)
        #expect(service.status == 201, "\(service.body)")
        let serviceID = try #require(try JSONDecoder.api.decode([String: TapServiceResource].self, from: Data(service.body.utf8))["tap_service"]).id
        let flow = try await WeftSubprocess.send("POST", api, "/v1/tap_flows", json: """
            {"tap_flow": {"tap_service_id": "\(serviceID)", "source_port": "h1-1", "direction": "BOTH", "tenant_id": "default"}}
            """, in: fabric)
        #expect(flow.status == 201, "\(flow.body)")
        let flowID = try #require(try JSONDecoder.api.decode([String: TapFlowResource].self, from: Data(flow.body.utf8))["tap_flow"]).id
        let copies = try await fabric.flows(on: "leaf1").filter { $0.actions.contains("push_vlan") }
        #expect(!copies.isEmpty, "no copy entry on leaf1")

        let seen = try await capture(on: fabric, monitor: monitor) {
            _ = try await Command("/usr/sbin/ip", ["netns", "exec", fabric.namespace(of: peer), "/usr/bin/ping", "-c", "3", "-i", "0.2", "-W", "1",
                                                   source.ip.description]).runReturningStatus()
        }
        #expect(seen.contains { $0.contains("\(peer.ip) > \(source.ip): ICMP echo request") }, "the monitor saw no IN copy: \(seen)")
        #expect(seen.contains { $0.contains("\(source.ip) > \(peer.ip): ICMP echo reply") }, "the monitor saw no OUT copy: \(seen)")

        // Every frame to or from the tapped host is copied (BOTH); the copied-packets gauge of the tap flow
        // in /metrics must rise by exactly the copies the monitor captured between the two scrapes (by
        // capture time: the host's own ARP probes may come at any moment).
        var before = 0.0, after = 0.0
        var window = 0.0...0.0
        let captured = try await capture(on: fabric, monitor: monitor, filter: ["ether", "host", source.mac.description]) {
            before = try await copiedPackets(of: flowID, api: api, fabric: fabric)
            let opened = Date().timeIntervalSince1970
            _ = try await Command("/usr/sbin/ip", ["netns", "exec", fabric.namespace(of: peer), "/usr/bin/ping", "-c", "5", "-i", "0.2", "-W", "1",
                                                   source.ip.description]).runReturningStatus()
            try await Task.sleep(for: .seconds(1))
            window = opened...Date().timeIntervalSince1970
            after = try await copiedPackets(of: flowID, api: api, fabric: fabric)
        }
        let copiedFrames = captured.filter { line in line.split(separator: " ").first.flatMap { Double($0) }.map(window.contains) ?? false }.count
        print("tap flow \(flowID): weft_mirror_copied_packets \(before) -> \(after), monitor captured \(copiedFrames) copies in between")
        #expect(copiedFrames >= 10, "the monitor captured \(copiedFrames) copies of 5 pings")
        #expect(after - before == Double(copiedFrames), "copied packets rose by \(after - before), the monitor captured \(copiedFrames)")

        #expect(try await WeftSubprocess.send("DELETE", api, "/v1/tap_flows/\(flowID)", json: "", in: fabric).status == 204)
        for name in fabric.topology.switches.map(\.name) {
            let left = try await fabric.flows(on: name).filter { $0.actions.contains("vlan") || $0.match.contains { $0.contains("vlan") } }
            #expect(left.isEmpty, "\(name) still has mirror entries: \(left)")
        }
        #expect(await fabric.ping(from: peer, to: source), "tenant traffic broke after the tap was deleted")
    }

    /// The `weft_mirror_copied_packets` value of `tapFlow` in `/metrics`.
    private func copiedPackets(of tapFlow: String, api: String, fabric: OVSFabric) async throws -> Double {
        let text = try await WeftSubprocess.get(api, "/metrics", in: fabric)
        let prefix = "weft_mirror_copied_packets{tap_flow=\"\(tapFlow)\"} "
        let line = try #require(text.split(separator: "\n").first { $0.hasPrefix(prefix) }, "no \(prefix) in /metrics")
        return try #require(Double(line.dropFirst(prefix.count)))
    }

    /// tcpdump's decoded lines of what reached `monitor` (matching `filter`) while `traffic` ran.
    private func capture(on fabric: OVSFabric, monitor: Host, filter: [String] = ["icmp"], while traffic: () async throws -> Void) async throws -> [String] {
        let file = "\(fabric.directory)/capture-\(UUID().uuidString).pcap"
        async let dumped = Command("/usr/sbin/ip", ["netns", "exec", fabric.namespace(of: monitor), "/usr/bin/timeout", "4",
                                                    "/usr/bin/tcpdump", "-i", "eth0", "-n", "-U", "-w", file] + filter).runReturningStatus()
        try await Task.sleep(for: .milliseconds(1200))
        try await traffic()
        _ = try await dumped
        return try await Command("/usr/bin/tcpdump", ["-r", file, "-n", "-tt"]).run().split(separator: "\n").map(String.init)
    }
}
