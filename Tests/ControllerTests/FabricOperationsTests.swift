import Controller
import Foundation
import Optimizer
import Testing
import Topology
import WeftTestSupport

extension OVSSuite {
    /// What an operator relies on once the fabric is programmed: allocations, anti-spoofing,
    /// counters, and the `weft controller` command itself.
    @Suite("Operating a programmed OVS fabric")
    struct FabricOperationsTests {
        @Test("applying allocations reweights the select groups without losing a packet in flight")
        func allocationsApplyWithoutLoss() async throws {
            try await withOVSFabric { fabric in
                let (controller, _) = try await ControllerHarness.start(on: fabric, inventory: fabric.topology.withoutLinks)
                try await ControllerHarness.waitForFullProgram(controller, fabric: fabric)
                let topology = await controller.topology
                let source = try #require(topology.hostNamed("h1-1"))
                let target = try #require(topology.hostNamed("h3-1"))
                async let pings = fabric.pingCount(from: source, to: target, arguments: ["-c", "150", "-i", "0.01", "-W", "1"])
                try await Task.sleep(for: .milliseconds(200))
                for (spine1, spine2) in [(3e9, 1e9), (1e9, 1e9), (1e9, 3e9), (3e9, 1e9)] {
                    try await controller.apply(allocation(on: topology, leaf1ToLeaf3: [spine1, spine2]), computedOn: topology)
                    try await Task.sleep(for: .milliseconds(150))
                }
                let (sent, received) = try await pings
                let groups = try await fabric.groups(on: "leaf1")
                let version = await controller.statistics.programVersion
                await controller.stop()
                print("make-before-break: \(received)/\(sent) pings answered across 4 program versions (now \(version))")
                #expect(sent == 150 && received == sent)
                let towardsLeaf3 = try #require(groups.first { $0.contains("weight:333") })
                #expect(towardsLeaf3.contains("weight:1000"), "leaf1 → leaf3 should split 3:1 over the spines: \(groups)")
            }
        }

        @Test("a host sending with a forged source address is dropped at its leaf and counted")
        func spoofedSourcesAreDropped() async throws {
            try await withOVSFabric { fabric in
                let (controller, _) = try await ControllerHarness.start(on: fabric, inventory: fabric.topology.withoutLinks)
                try await ControllerHarness.waitForFullProgram(controller, fabric: fabric)
                let spoofer = try #require(fabric.topology.hostNamed("h1-1"))
                let victim = try #require(fabric.topology.hostNamed("h2-1"))
                #expect(await fabric.ping(from: spoofer, to: victim))
                let before = try await fabric.admissionDrops(on: "leaf1")
                try await fabric.ip(["-n", fabric.namespace(of: spoofer), "address", "add", "10.0.3.200/32", "dev", "eth0"])
                let forged = try await fabric.pingCount(from: spoofer, to: victim, arguments: ["-c", "3", "-i", "0.2", "-W", "1", "-I", "10.0.3.200"])
                let after = try await fabric.admissionDrops(on: "leaf1")
                await controller.stop()
                print("anti-spoofing: \(forged.received)/\(forged.sent) forged pings answered, leaf1 admission drops \(before) -> \(after)")
                #expect(forged.sent == 3 && forged.received == 0)
                #expect(after > before)
            }
        }

        @Test("port statistics turn into per-port rates")
        func portCountersBecomeRates() async throws {
            try await withOVSFabric { fabric in
                let (controller, _) = try await ControllerHarness.start(on: fabric, inventory: fabric.topology.withoutLinks)
                try await ControllerHarness.waitForFullProgram(controller, fabric: fabric)
                let source = try #require(fabric.topology.hostNamed("h1-1"))
                let target = try #require(fabric.topology.hostNamed("h2-2"))
                let sent = try await fabric.pingCount(from: source, to: target, arguments: ["-c", "100", "-i", "0.01", "-s", "1000"])
                let rates = await controller.portRates
                let hostPort = try #require(rates[source.attachment])
                await controller.stop()
                print("port rates after \(sent.received) pings of 1 kB: \(hostPort)")
                #expect(hostPort.receivedBps > 100_000, "leaf1 port 1 should have received about 800 kbit/s")
                #expect((hostPort.receivedPps ?? 0) > 10)
            }
        }

        @Test("`weft controller` discovers and programs the fabric; `weft topo show` lists what it found")
        func commandLineRunsTheController() async throws {
            let weft = WeftProcess.executable.path
            try #require(FileManager.default.isExecutableFile(atPath: weft), "build the weft executable first (\(weft))")
            try await withOVSFabric { fabric in
                let database = "\(fabric.directory)/weft.sqlite"
                try await Command(weft, ["topo", "gen", "spine-leaf", "--spines", "2", "--leaves", "3", "--hosts-per-leaf", "2", "--db", database]).run()
                try await fabric.connectControllers(port: 6653)
                async let run = Command("/usr/sbin/ip", [
                    "netns", "exec", fabric.switchNamespace, weft, "controller", "--db", database,
                    "--listen", "127.0.0.1:6653", "--lldp-interval", "500ms", "--duration", "4s",
                ]).runReturningStatus()
                let reachable = await ControllerHarness.waitUntil(seconds: 3.5) { await fabric.unreachablePairs(timeoutSeconds: 1).isEmpty }
                let (status, _, log) = try await run
                let shown = try await Command(weft, ["topo", "show", "--db", database]).run()
                #expect(status == 0, "weft controller exited \(status): \(log.suffix(2000))")
                #expect(reachable != nil, "hosts never reached each other while weft controller ran")
                #expect(log.contains("program installed") && log.contains("switch reconciled"))
                #expect(shown.contains("by \"controller\""), "no topology saved by the controller: \(shown)")
                #expect(shown.contains("12  (12 up, 0 down; directed)"), "\(shown)")
            }
        }

        /// An allocation routing leaf1 → leaf3 over spine1 and spine2 at the given rates.
        private func allocation(on topology: Topology, leaf1ToLeaf3 rates: [Double]) throws -> Allocation {
            let splits = try zip(["spine1", "spine2"], rates).map { spine, rate in
                let up = try #require(topology.links.firstIndex { $0.source.node == "leaf1" && $0.target.node == spine })
                let down = try #require(topology.links.firstIndex { $0.source.node == spine && $0.target.node == "leaf3" })
                return PathSplit(path: Optimizer.Path(links: [up, down]), rateBps: rate)
            }
            let demand = Demand(id: "leaf1-leaf3", source: "leaf1", destination: "leaf3", rateBps: rates.reduce(0, +))
            return Allocation(topology: topology, objective: .maxWeightedThroughput, objectiveValue: rates.reduce(0, +), headroom: 0,
                              demands: [DemandAllocation(demand: demand, splits: splits)], solveSeconds: 0, solverStatus: .optimal)
        }
    }
}
