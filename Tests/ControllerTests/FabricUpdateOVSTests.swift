@testable import Controller
import FlowCompiler
import Foundation
import Testing
import Topology
import WeftTestSupport

extension OVSSuite {
    /// A path change is installed on the switches downstream before the ingress switch moves traffic onto
    /// it, and the old entries go only after every switch moved: no datagram is lost.
    @Suite("Fabric-wide make-before-break on a real OVS fabric")
    struct FabricUpdateOVSTests {
        @Test("20 path changes between spines under continuous UDP lose no datagram; the unused spine's entries are removed")
        func pathChangesLoseNothing() async throws {
            try await withOVSFabric(spines: 2, leaves: 3, hostsPerLeaf: 1) { fabric in
                let (controller, _) = try await ControllerHarness.start(on: fabric, inventory: fabric.topology.withoutLinks)
                do {
                    try await ControllerHarness.waitForFullProgram(controller, fabric: fabric)
                    let unreachable = await fabric.unreachablePairs()
                    try #require(unreachable.isEmpty, "unreachable before the changes: \(unreachable)")
                    let topology = await controller.topology
                    let hosts = fabric.topology.hosts
                    let target = try #require(hosts.first { $0.attachment.node == "leaf2" })

                    // Every datagram to leaf2 crosses one spine; each change moves both streams to the other
                    // spine, which held no entry for leaf2's host before.
                    let probes = try await [
                        UDPProbe.start("leaf1-leaf2", in: fabric, from: try #require(hosts.first { $0.attachment.node == "leaf1" }), to: target,
                                       rate: 1000, seconds: 9),
                        UDPProbe.start("leaf3-leaf2", in: fabric, from: try #require(hosts.first { $0.attachment.node == "leaf3" }), to: target,
                                       rate: 1000, seconds: 9),
                    ]
                    try await Task.sleep(for: .seconds(1))
                    let clock = ContinuousClock()
                    var slowest = Duration.zero
                    for change in 0..<20 {
                        let spine = change.isMultiple(of: 2) ? "spine2" : "spine1"
                        let started = clock.now
                        await controller.apply(try Self.plan(into: "leaf2", via: spine, from: ["leaf1", "leaf3"], in: topology))
                        slowest = max(slowest, started.duration(to: clock.now))
                        try await Task.sleep(for: .milliseconds(300))
                    }
                    let (sent, lost) = try await UDPProbe.finish(probes, during: "through 20 path changes")
                    // The last change routed leaf2's traffic through spine1: spine2 keeps no entry for leaf2's host.
                    let spine2 = try await fabric.flows(on: "spine2").filter { $0.match.contains("nw_dst=\(target.ip)") }
                    let spine1 = try await fabric.flows(on: "spine1").filter { $0.match.contains("nw_dst=\(target.ip)") }
                    let statistics = await controller.statistics
                    await controller.stop()
                    print("fabric-wide make-before-break: 20 changes, \(lost) of \(sent) datagrams lost, slowest change \(slowest)")
                    #expect(sent >= 17_000)
                    #expect(lost == 0)
                    #expect(spine2.isEmpty, "spine2 kept entries for \(target.ip): \(spine2)")
                    #expect(spine1.count == 1)
                    #expect(statistics.switchErrors == 0)
                } catch {
                    await controller.stop()
                    throw error
                }
            }
        }

        /// Routes from each of `sources` to `destination` through `spine` only.
        static func plan(into destination: String, via spine: String, from sources: [String], in topology: Topology) throws -> RoutingPlan {
            var routes: [RoutingPlan.SwitchPair: [RoutingPlan.Path]] = [:]
            for source in sources {
                let up = try #require(topology.links.first { $0.source.node == source && $0.target.node == spine })
                let down = try #require(topology.links.first { $0.source.node == spine && $0.target.node == destination })
                routes[RoutingPlan.SwitchPair(source: source, destination: destination)] = [RoutingPlan.Path(links: [up, down])]
            }
            return RoutingPlan(version: 0, routes: routes)
        }
    }
}
