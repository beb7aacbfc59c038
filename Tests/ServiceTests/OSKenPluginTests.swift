import Foundation
import Testing
import Topology

@testable import Service
import WeftTestSupport

/// The plug-in use: os-ken (a real OpenFlow controller) runs `integrations/osken/weft_paths.py`, asks a
/// real `weft serve` process for paths and installs them on a real Open vSwitch fabric itself.
@Suite("os-ken plug-in against weft serve on an OVS fabric", .serialized)
struct OSKenPluginTests {
    static let application = WeftSubprocess.repository.appendingPathComponent("integrations/osken/weft_paths.py").path

    @Test("os-ken gets a path from weft serve for each direction, installs it hop by hop, hosts ping; idle paths are released")
    func hostsPingOverWeftPaths() async throws {
        try await withOVSFabric(spines: 2, leaves: 2, hostsPerLeaf: 2) { fabric in
            let setup = try WeftSubprocess.Setup(fabric)
            let serve = try setup.serve()
            let osken = try ManagedProcess(
                name: "osken-manager", executable: "/usr/sbin/ip",
                arguments: ["netns", "exec", fabric.switchNamespace, "/usr/bin/osken-manager",
                            "--ofp-listen-host", "127.0.0.1", "--ofp-tcp-listen-port", "\(setup.openFlowPort)", Self.application],
                environment: ["WEFT_URL": setup.api, "WEFT_PATH_RATE": "100M", "WEFT_PATH_CLASS": "silver", "WEFT_IDLE_TIMEOUT": "2"],
                logPath: setup.directory.appendingPathComponent("osken.log").path)
            do {
                try await check(fabric: fabric, api: setup.api, serve: serve, osken: osken, openFlowPort: setup.openFlowPort)
            } catch {
                print("weft serve log:\n\(serve.log)\nos-ken log:\n\(osken.log)")
                await osken.stop()
                await serve.stop()
                throw error
            }
            await osken.stop()
            await serve.stop()
        }
    }

    private func check(fabric: OVSFabric, api: String, serve: ManagedProcess, osken: ManagedProcess, openFlowPort: UInt16) async throws {
        try #require(await WeftSubprocess.waitUntil(seconds: 10) { (try? await WeftSubprocess.get(api, "/healthz", in: fabric)) != nil }, "weft serve did not answer")
        try await fabric.connectControllers(port: openFlowPort)
        try #require(await WeftSubprocess.waitUntil(seconds: 15) { await WeftSubprocess.connectedBridges(fabric) == fabric.topology.switches.count },
                     "bridges did not connect to os-ken")

        let hosts = fabric.topology.hosts
        let source = try #require(hosts.first { $0.name == "h1-1" })
        let destination = try #require(hosts.first { $0.name == "h2-1" })
        let reached = await WeftSubprocess.waitUntil(seconds: 10) { await fabric.ping(from: source, to: destination, timeoutSeconds: 2) }
        #expect(reached, "h1-1 could not ping h2-1")

        let listed = try await WeftSubprocess.get(api, "/v1/paths", in: fabric)
        let reservations = try JSONDecoder.api.decode([String: [PathReservation]].self, from: Data(listed.utf8))["paths"] ?? []
        #expect(Set(reservations.map { "\($0.source)->\($0.destination)" }) == ["h1-1->h2-1", "h2-1->h1-1"])
        #expect(reservations.allSatisfy { $0.bandwidthBps == 100e6 && $0.qosClass == "silver" && $0.status == .reserved })

        // Every hop of the forward path holds the entry os-ken installed from Weft's answer.
        let forward = try #require(reservations.first { $0.source == "h1-1" })
        for hop in forward.paths[0].hops {
            let flows = try await fabric.flows(on: hop.switchName)
            // `ovs-ofctl` prints `send_flow_rem priority=100` as one field: compare space-separated tokens.
            let entries = flows.map { flow in
                (flow: flow, fields: Set(flow.match.flatMap { $0.split(separator: " ").map(String.init) } + ["priority=\(flow.priority)"]))
            }
            let entry = entries.first { $0.fields.isSuperset(of: ["priority=100", "nw_src=\(source.ip)", "nw_dst=\(destination.ip)"]) }
            #expect(entry?.fields.contains("in_port=\(hop.inPort ?? 0)") == true, "\(hop.switchName): \(flows)")
            #expect(entry?.flow.actions == "output:\(hop.outPort ?? 0)", "\(hop.switchName): \(flows)")
        }

        // With no more traffic the ingress entries idle out and os-ken releases both reservations.
        let released = await WeftSubprocess.waitUntil(seconds: 15) {
            (try? await WeftSubprocess.get(api, "/v1/paths", in: fabric)).map { $0.contains(#""paths":[]"#) } ?? false
        }
        #expect(released, "reservations were not released after the paths went idle")
        #expect(serve.isRunning && osken.isRunning)
    }
}
