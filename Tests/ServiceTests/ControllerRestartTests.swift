import Foundation
import Glibc
import Testing
import Topology
import TopologyStore
import WeftTestSupport

@testable import Service

/// `weft controller` killed and restarted while traffic flows: the switches keep forwarding on their
/// entries, and the restarted controller believes the stored fabric until every switch is back.
@Suite("weft controller restarted under traffic on an OVS fabric", .serialized)
struct ControllerRestartTests {
    @Test("SIGKILL and restart under continuous UDP: no datagram lost, no stored version without a switch, foreign entries untouched")
    func restartUnderTraffic() async throws {
        try await withOVSFabric(spines: 3, leaves: 4, hostsPerLeaf: 1) { fabric in
            let setup = try WeftSubprocess.Setup(fabric)
            let switches = fabric.topology.switches.count
            let first = try setup.controller("controller-1")
            var second: ManagedProcess?
            do {
                // OVS's default back-off (up to 8 s): switches come back one by one, as in a deployment.
                try await fabric.connectControllers(port: setup.openFlowPort, maxBackoffMilliseconds: 8000)
                let ready = await WeftSubprocess.waitUntil(seconds: 30) {
                    guard await WeftSubprocess.connectedBridges(fabric) == switches else { return false }
                    return await fabric.unreachablePairs().isEmpty
                }
                try #require(ready, "the fabric was never connected and programmed")
                let foreign = "table=2,priority=1,cookie=0x1234,udp,tp_dst=9,actions=drop"
                try await fabric.ofctl(["add-flow", "leaf1", foreign])

                let hosts = fabric.topology.hosts
                let probes = [
                    try await UDPProbe.start("a", in: fabric, from: hosts[0], to: hosts[2], rate: 500, seconds: 14),
                    try await UDPProbe.start("b", in: fabric, from: hosts[1], to: hosts[3], rate: 500, seconds: 14),
                ]
                try await Task.sleep(for: .seconds(2))
                kill(first.pid, SIGKILL)
                await first.stop()
                // The controller stays down while the switches notice and start backing off.
                try await Task.sleep(for: .seconds(3))
                second = try setup.controller("controller-2")
                let back = await WeftSubprocess.waitUntil(seconds: 20) { await WeftSubprocess.connectedBridges(fabric) == switches }
                let (sent, lost) = try await UDPProbe.finish(probes, during: "across the restart")
                let versions = try TopologyStore(path: setup.database, additionalMigrations: ServeSchema.allMigrations).versions()
                let leaf1 = try await fabric.ofctl(["--no-stats", "dump-flows", "leaf1"])
                await second?.stop()
                for line in (second?.log ?? "").split(separator: "\n") where line.contains("switch connected") || line.contains("reconnect")
                    || line.contains("reconciled") || line.contains("saved") || line.contains("program installed") {
                    print("controller-2: \(line)")
                }
                print("restart: \(lost) of \(sent) datagrams lost; stored versions: \(versions.map { "\($0.number):\($0.switchCount) switches" })")
                #expect(back, "not every switch reconnected to the restarted controller")
                #expect(sent >= 13_000)
                #expect(lost == 0)
                #expect(versions.allSatisfy { $0.switchCount == switches }, "a version was saved without every switch")
                #expect(leaf1.contains("cookie=0x1234"), "reconcile removed an entry that is not ours")
            } catch {
                print("controller-1 log:\n\(first.log)\ncontroller-2 log:\n\(second?.log ?? "")")
                await first.stop()
                await second?.stop()
                throw error
            }
        }
    }
}
