@testable import Controller
import FlowCompiler
import Foundation
import Optimizer
import Testing
import Topology
import TopologyStore
import WeftTestSupport

extension OVSSuite {
    /// Links that go down and up again, many times and overlapping, leave nothing behind: after the
    /// storm the switches, the store and the controller agree with the fabric.
    @Suite("Flap storm on a real OVS fabric")
    struct FlapStormOVSTests {
        @Test("100 random cable flaps on 3x4: every switch holds exactly the compiled program, all hosts ping, the stored version is the fabric")
        func flapStormLeavesNothingBehind() async throws {
            try await withOVSFabric(spines: 3, leaves: 4, hostsPerLeaf: 1) { fabric in
                let scratch = try ScratchDirectory()
                let store = try TopologyStore(path: scratch.path("weft.sqlite"))
                try store.save(fabric.topology, source: "ovs fabric")
                let socket = try fabric.controllerSocket()
                let controller = FabricController(inventory: fabric.topology, configuration: ControllerHarness.configuration(socket: socket),
                                                  store: store, logger: ControllerHarness.logger)
                try await controller.start()
                do {
                    try await fabric.connectControllers(port: socket.port)
                    try await ControllerHarness.waitForFullProgram(controller, fabric: fabric)

                    // Each flap unplugs a random cable (both patch ports deleted: PORT_STATUS delete on both
                    // switches) and plugs it back 0-100 ms later (PORT_STATUS add, LLDP across it again); the
                    // next starts 0-50 ms after, often before the controller finished reacting to the last.
                    let seed = UInt64.random(in: 1...UInt64.max)
                    var random = SeededGenerator(seed: seed)
                    let cables = fabric.topology.links.filter { $0.source.node < $0.target.node }
                    let clock = ContinuousClock()
                    let started = clock.now
                    for _ in 0..<100 {
                        let cable = cables[Int(random.next() % UInt64(cables.count))]
                        let reverse = try #require(fabric.topology.links.first { $0.source == cable.target && $0.target == cable.source })
                        try await fabric.removeCable(cable)
                        try await Task.sleep(for: .milliseconds(Int(random.next() % 100)))
                        try await fabric.addCables([cable, reverse])
                        try await Task.sleep(for: .milliseconds(Int(random.next() % 50)))
                    }
                    let stormed = started.duration(to: clock.now)
                    let expected = fabric.topology.linkNames
                    let settled = await ControllerHarness.waitUntil(seconds: 15) {
                        guard await controller.topology.linkNames == expected else { return false }
                        await controller.reprogramAndWait()
                        return true
                    }
                    try #require(settled != nil, "the controller never saw every link again (seed \(seed))")
                    let program = try #require(await controller.installedProgram)
                    let topology = await controller.topology

                    var differences: [String] = []
                    var entries = 0
                    for item in fabric.topology.switches {
                        let dumped = try await fabric.flows(on: item.name)
                        let compiled = (program.switches[item.name]?.flows ?? []).compactMap { DumpedFlow(line: $0.ofctlLine) }
                        entries += dumped.count
                        if dumped.count != compiled.count || Set(dumped) != Set(compiled) {
                            differences.append("\(item.name): \(dumped.count) entries for \(compiled.count) compiled; only on the bridge "
                                + "\(Set(dumped).subtracting(compiled)), missing \(Set(compiled).subtracting(dumped))")
                        }
                        let groups = try await fabric.groups(on: item.name).map { $0.trimmingCharacters(in: .whitespaces) }.sorted()
                        let compiledGroups = (program.switches[item.name]?.groups ?? []).map(\.description).sorted()
                        if groups != compiledGroups {
                            differences.append("\(item.name) groups: \(groups) for \(compiledGroups) compiled")
                        }
                    }
                    let unreachable = await fabric.unreachablePairs()
                    let stored = try store.loadLatest()
                    let statistics = await controller.statistics
                    await controller.stop()
                    print("flap storm (seed \(seed)): 100 flaps in \(stormed), settled \(settled ?? -1) s later; program v\(program.version), "
                        + "\(entries) entries on \(fabric.topology.switches.count) bridges, \(differences.count) bridges differ; "
                        + "\(unreachable.count) unreachable pairs; stored version \(stored.version.number) with \(stored.topology.links.count) links; "
                        + "\(statistics.programsInstalled) programs installed, \(statistics.switchErrors) switch errors")
                    #expect(differences.isEmpty, "seed \(seed): \(differences)")
                    #expect(unreachable.isEmpty, "seed \(seed): unreachable \(unreachable)")
                    #expect(stored.topology == topology, "seed \(seed): the stored version is not the discovered fabric")
                    #expect(Set(stored.topology.links.filter(\.isUp).map(\.name)) == expected)
                    // Patch ports report no speed: every capacity is the stored ports' 100G, and says so.
                    #expect(stored.topology.links.allSatisfy { $0.capacitySource == .stored && $0.capacityBps == 100e9 })
                    #expect(statistics.switchErrors == 0)
                } catch {
                    await controller.stop()
                    throw error
                }
            }
        }
    }
}
