@testable import Controller
import Foundation
import Testing
import Topology
import WeftTestSupport

extension OVSSuite {
    /// Discovery does not depend on the order in which switches connect and their cables come up. The
    /// 0.5 s bound is checked on the controller's clock (`lastDiscoverySeconds`: from the last switch
    /// connection or reported port-up to the newest link's LLDP), between events the switches report;
    /// the test's own clock also counts its ovs-vsctl commands and polling, and is printed beside it.
    @Suite("Discovery in either order on a real OVS fabric")
    struct DiscoveryOrderTests {
        static let spines = 3
        static let leaves = 4

        @Test("cables added after every switch connected are discovered within 0.5 s of the last port coming up; then all hosts ping")
        func cablesAfterConnecting() async throws {
            try await withOVSFabric(spines: Self.spines, leaves: Self.leaves, hostsPerLeaf: 1, cables: false) { fabric in
                let (controller, _) = try await ControllerHarness.start(on: fabric, inventory: fabric.topology.withoutLinks)
                let switches = fabric.topology.switches.count
                let connected = await ControllerHarness.waitUntil(seconds: 10) {
                    guard await controller.statistics.connectedSwitches == switches else { return false }
                    await controller.reprogramAndWait()
                    return await controller.installedProgram?.switches.count == switches
                }
                try #require(connected != nil, "the bridges never connected")
                #expect(await controller.topology.links.isEmpty)

                let expected = fabric.topology.linkNames
                let clock = ContinuousClock()
                try await fabric.addCables()
                let cablesUp = clock.now
                let took = await ControllerHarness.waitUntil(seconds: 5) { await controller.topology.linkNames == expected }
                let afterwards = cablesUp.duration(to: clock.now)
                let discovered = await controller.topology
                let latency = await controller.statistics.lastDiscoverySeconds
                print("discovery, cables after connecting (\(Self.spines)x\(Self.leaves)): \(discovered.links.count) of \(expected.count) links, "
                    + (latency.map { String(format: "%.3f s after the last port the switches reported up", $0) } ?? "no link")
                    + "; the test saw them " + (took.map { String(format: "%.3f s after adding the cables", $0) } ?? "not within \(afterwards)"))
                try await ControllerHarness.waitForFullProgram(controller, fabric: fabric)
                let unreachable = await fabric.unreachablePairs()
                let statistics = await controller.statistics
                await controller.stop()
                #expect(discovered.linkNames == expected)
                #expect(try #require(latency) <= 0.5)
                #expect(unreachable.isEmpty, "unreachable: \(unreachable)")
                #expect(statistics.switchErrors == 0)
            }
        }

        @Test("cables present before the switches connect are discovered within 0.5 s of connecting")
        func cablesBeforeConnecting() async throws {
            try await withOVSFabric(spines: Self.spines, leaves: Self.leaves, hostsPerLeaf: 1) { fabric in
                let (controller, port) = try await ControllerHarness.start(on: fabric, inventory: fabric.topology.withoutLinks, connect: false)
                let expected = fabric.topology.linkNames
                let clock = ContinuousClock()
                try await fabric.connectControllers(port: port)
                let connecting = clock.now
                let took = await ControllerHarness.waitUntil(seconds: 5) { await controller.topology.linkNames == expected }
                let discovered = await controller.topology
                let latency = await controller.statistics.lastDiscoverySeconds
                await controller.stop()
                print("discovery, cables before connecting (\(Self.spines)x\(Self.leaves)): \(discovered.links.count) of \(expected.count) links, "
                    + (latency.map { String(format: "%.3f s after the last switch connected", $0) } ?? "no link")
                    + "; the test saw them " + (took.map { String(format: "%.3f s after pointing the bridges at the controller", $0) } ?? "not within 5 s (\(connecting))"))
                #expect(discovered.linkNames == expected)
                #expect(took != nil)
                #expect(try #require(latency) <= 0.5)
            }
        }
    }
}
