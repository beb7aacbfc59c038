@testable import Controller
import FlowCompiler
import Foundation
import OpenFlow
import Testing
import Topology
import WeftTestSupport

extension OVSSuite {
    /// Two controllers on every bridge, as two Weft instances are: OpenFlow roles with generation ids
    /// decide which one may change the switches.
    @Suite("OpenFlow roles on OVS: the newer generation is master, a stale master is refused")
    struct ControllerRoleOVSTests {
        @Test("a stale master's flow changes and its stale role claim are refused; the new master's program stays")
        func staleMasterIsRefused() async throws {
            try await withOVSFabric { fabric in
                let (old, oldPort) = try await ControllerHarness.start(on: fabric, inventory: fabric.topology, connect: false)
                let (new, newPort) = try await ControllerHarness.start(on: fabric, inventory: fabric.topology, connect: false)
                await old.claim(.master, generationID: 1)
                await new.claim(.slave, generationID: 1)
                try await fabric.connectControllers(ports: [oldPort, newPort])
                let switches = fabric.topology.switches.count
                _ = await ControllerHarness.waitUntil(seconds: 8) {
                    let connected = (await old.statistics.connectedSwitches, await new.statistics.connectedSwitches)
                    return connected == (switches, switches)
                }
                try await ControllerHarness.waitForFullProgram(old, fabric: fabric)
                #expect(await fabric.unreachablePairs().isEmpty)

                // The new leader takes over with the next generation; the switches demote the old one.
                await new.claim(.master, generationID: 2, seed: fabric.topology)
                let program = try #require(await new.installedProgram)
                #expect(await new.statistics.flowsRemovedByReconcile == 0, "taking over removed flows it should have kept")

                // The old master wakes up believing it still leads: a cable goes away and it reprograms.
                let cable = try #require(fabric.topology.links.first { $0.source.node == "leaf1" })
                let refusedBefore = await old.statistics.switchErrors
                try await fabric.removeCable(cable)
                let refused = await ControllerHarness.waitUntil(seconds: 8) { await old.statistics.switchErrors > refusedBefore }
                #expect(refused != nil, "the switches accepted flow changes from the demoted master")
                await old.claim(.master, generationID: 1)
                let stale = await old.statistics.roleRequestsRefused
                print("stale master: \(await old.statistics.switchErrors - refusedBefore) modifications refused, \(stale) stale role claims refused")
                #expect(stale == fabric.topology.switches.count)

                // The new master handled the cable; the switches hold only its program, once.
                _ = await ControllerHarness.waitUntil(seconds: 8) { await new.installedProgram?.version ?? 0 > program.version }
                let current = try #require(await new.installedProgram)
                for (name, intended) in current.switches {
                    let dumped = try await fabric.flows(on: name)
                    let keys = dumped.map { "\($0.table)/\($0.priority)/\($0.match.joined(separator: ","))" }
                    #expect(Set(keys).count == keys.count, "\(name): duplicate entries")
                    #expect(dumped.count == intended.flows.count, "\(name): \(dumped.count) flows, intended \(intended.flows.count)")
                    #expect(Set(dumped.map { FlowCookie(rawValue: $0.cookie).version }) == [current.version], "\(name): a stale version is left")
                }
                #expect(await fabric.unreachablePairs().isEmpty)
                await old.stop()
                await new.stop()
            }
        }
    }
}
