@testable import Controller
import FlowCompiler
import Foundation
import Testing
import Topology
import WeftTestSupport

extension OVSSuite {
    /// The controller against a real Open vSwitch fabric (2 spines × 3 leaves × 2 hosts): each test
    /// builds its own fabric and tears it down.
    @Suite("Controller on a real OVS fabric")
    struct FabricControllerTests {
        @Test("LLDP discovers exactly the built links, both directions, within 2 s")
        func discoversTheBuiltLinks() async throws {
            try await withOVSFabric { fabric in
                let (controller, port) = try await ControllerHarness.start(on: fabric, inventory: fabric.topology.withoutLinks, connect: false)
                let expected = fabric.topology.linkNames
                let clock = ContinuousClock()
                let connecting = clock.now
                try await fabric.connectControllers(port: port)
                let done = await ControllerHarness.waitUntil(seconds: 5) { await controller.topology.linkNames == expected }
                let took = done.map { _ in
                    let elapsed = connecting.duration(to: clock.now)
                    return elapsed.seconds
                }
                let discovered = await controller.topology
                await controller.stop()
                print("discovery: \(discovered.links.count) of \(expected.count) links \(took.map { String(format: "%.3f s", $0) } ?? "not within 5 s") after the bridges were pointed at the controller")
                #expect(discovered.linkNames == expected)
                #expect(Set(discovered.switches.map(\.name)) == Set(fabric.topology.switches.map(\.name)))
                let allUp = discovered.links.allSatisfy(\.isUp)
                #expect(allUp)
                let seconds = try #require(took)
                #expect(seconds <= 2.0)
            }
        }

        @Test("after programming, every host pings every other host")
        func everyHostReachesEveryOther() async throws {
            try await withOVSFabric { fabric in
                let (controller, _) = try await ControllerHarness.start(on: fabric, inventory: fabric.topology.withoutLinks)
                try await ControllerHarness.waitForFullProgram(controller, fabric: fabric)
                let unreachable = await fabric.unreachablePairs()
                await controller.stop()
                #expect(unreachable.isEmpty, "unreachable: \(unreachable)")
            }
        }

        @Test("every bridge holds exactly the flows and groups the compiler intended")
        func flowsMatchTheCompiledProgram() async throws {
            try await withOVSFabric { fabric in
                let (controller, _) = try await ControllerHarness.start(on: fabric, inventory: fabric.topology.withoutLinks)
                let program = try await ControllerHarness.waitForFullProgram(controller, fabric: fabric)
                print(program.summary)
                for (name, intended) in program.switches.sorted(by: { $0.key < $1.key }) {
                    let dumped = try await fabric.flows(on: name)
                    #expect(dumped.count == intended.flows.count, "\(name): \(dumped.count) flows, compiler intended \(intended.flows.count)")
                    let dumpedKeys = Set(dumped.map { "\($0.table)/\($0.priority)/\($0.match.joined(separator: ","))" })
                    let intendedKeys = Set(intended.flows.map { "\($0.table)/\($0.priority)/\($0.match.ofctlFields.joined(separator: ","))" })
                    #expect(dumpedKeys == intendedKeys, "\(name): on the bridge only \(dumpedKeys.subtracting(intendedKeys)), intended only \(intendedKeys.subtracting(dumpedKeys))")
                    let dumpedFull = Set(dumped.map { "\($0.table)/\($0.priority)/\($0.match.joined(separator: ","))/\($0.actions)" })
                    let intendedFull = Set(intended.flows.map { "\($0.table)/\($0.priority)/\($0.match.ofctlFields.joined(separator: ","))/\($0.ofctlActions)" })
                    #expect(dumpedFull == intendedFull, "\(name): actions differ: \(dumpedFull.subtracting(intendedFull)) vs \(intendedFull.subtracting(dumpedFull))")
                    #expect(dumped.allSatisfy { $0.cookie == FlowCookie.version(program.version) | $0.cookie & ~FlowCookie.versionMask },
                            "\(name): a flow carries another version's cookie")
                    let groups = try await fabric.groups(on: name)
                    #expect(groups.count == intended.groups.count, "\(name): groups \(groups)")
                }
                await controller.stop()
            }
        }

        @Test("removing a patch link withdraws both directions and reroutes; port-status to barrier is measured")
        func linkFailureReroutes() async throws {
            try await withOVSFabric { fabric in
                let (controller, _) = try await ControllerHarness.start(on: fabric, inventory: fabric.topology.withoutLinks)
                try await ControllerHarness.waitForFullProgram(controller, fabric: fabric)
                let before = await controller.statistics.programVersion
                let cable = try #require(fabric.topology.links.first { $0.name == "leaf1:3->spine1:1" })
                let reverse = "spine1:1->leaf1:3"
                try await fabric.removeCable(cable)
                let took = await ControllerHarness.waitUntil(seconds: 5) {
                    let statistics = await controller.statistics
                    let names = await controller.topology.linkNames
                    return !names.contains(cable.name) && !names.contains(reverse) && statistics.programVersion > before && statistics.lastRerouteSeconds != nil
                }
                let statistics = await controller.statistics
                print("reroute: links withdrawn and new program acknowledged \(took.map { String(format: "%.3f s", $0) } ?? "never") after the cable was removed; " +
                      "port-status to barrier reply \(statistics.lastRerouteSeconds.map { String(format: "%.1f ms", $0 * 1000) } ?? "not measured")")
                #expect(took != nil)
                let names = await controller.topology.linkNames
                #expect(names == fabric.topology.linkNames.subtracting([cable.name, reverse]))
                let leafFlows = try await fabric.flows(on: "leaf1")
                #expect(!leafFlows.contains { $0.actions.contains("output:3") }, "leaf1 still forwards into the removed cable")
                #expect(try await fabric.groups(on: "leaf1").isEmpty, "leaf1 needs no select group with one uplink left")
                let unreachable = await fabric.unreachablePairs()
                await controller.stop()
                #expect(unreachable.isEmpty, "unreachable after reroute: \(unreachable)")
                let reroute = try #require(statistics.lastRerouteSeconds)
                #expect(reroute < 1.0)
            }
        }

        @Test("a restarted controller reconciles the switches without duplicate or stale flows")
        func restartReconciles() async throws {
            try await withOVSFabric { fabric in
                let (first, port) = try await ControllerHarness.start(on: fabric, inventory: fabric.topology.withoutLinks)
                try await ControllerHarness.waitForFullProgram(first, fabric: fabric)
                let learned = await first.topology
                await first.stop()
                let (second, _) = try await ControllerHarness.start(on: fabric, inventory: learned, port: port)
                let reconciled = await ControllerHarness.waitUntil(seconds: 8) {
                    await second.statistics.reconciliations >= fabric.topology.switches.count
                }
                #expect(reconciled != nil, "not every switch reconnected and reconciled")
                let program = try #require(await second.installedProgram)
                for (name, intended) in program.switches {
                    let dumped = try await fabric.flows(on: name)
                    #expect(dumped.count == intended.flows.count, "\(name): \(dumped.count) flows after restart, intended \(intended.flows.count)")
                    let keys = dumped.map { "\($0.table)/\($0.priority)/\($0.match.joined(separator: ","))" }
                    #expect(Set(keys).count == keys.count, "\(name): duplicate entries")
                    #expect(Set(dumped.map(\.cookie)).allSatisfy { FlowCookie(rawValue: $0).version == program.version }, "\(name): stale version left")
                }
                let statistics = await second.statistics
                #expect(statistics.flowsRemovedByReconcile == 0, "the restarted controller removed flows it should have kept")
                print("restart: reconciled \(statistics.reconciliations) switches, added \(statistics.flowsAddedByReconcile), removed \(statistics.flowsRemovedByReconcile) flows")
                let unreachable = await fabric.unreachablePairs()
                await second.stop()
                #expect(unreachable.isEmpty, "unreachable after restart: \(unreachable)")
            }
        }
    }
}
