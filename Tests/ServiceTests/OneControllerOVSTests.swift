import FlowCompiler
import Foundation
import Optimizer
import Testing
import Topology
import TopologyStore
import WeftTestSupport

@testable import Service

/// `weft controller` installs what the store holds, as `weft serve --openflow` does: a tap created with
/// the CLI and an allocation applied by another process reach the switches without a restart or a poll.
@Suite("weft controller follows the store on an OVS fabric", .serialized)
struct OneControllerOVSTests {
    @Test("a tap created with the CLI is on the switch within 1 s, its deletion too; an allocation applied by weft serve is installed")
    func followsTapsAndAllocations() async throws {
        try await withOVSFabric(spines: 2, leaves: 3, hostsPerLeaf: 1) { fabric in
            let setup = try WeftSubprocess.Setup(fabric)
            // The cable leaf1 ↔ spine2 is a 1G one (stored port speeds; patch ports report none), so an
            // allocation of 20G from h1-1 to h2-1 cannot be the even ECMP split.
            var degraded = fabric.topology
            for (node, port) in [("leaf1", UInt32(3)), ("spine2", UInt32(1))] {
                let index = try #require(degraded.switches.firstIndex { $0.name == node })
                let portIndex = try #require(degraded.switches[index].ports.firstIndex { $0.number == port })
                degraded.switches[index].ports[portIndex].speedBps = 1e9
            }
            for index in degraded.links.indices where Set([degraded.links[index].source.node, degraded.links[index].target.node]) == ["leaf1", "spine2"] {
                degraded.links[index].capacityBps = 1e9
            }
            try TopologyStore(path: setup.database, additionalMigrations: ServeSchema.allMigrations).save(degraded, source: "1G cable")
            let controller = try setup.controller()
            var serve: ManagedProcess?
            do {
                try await fabric.connectControllers(port: setup.openFlowPort)
                let switches = fabric.topology.switches.count
                let ready = await WeftSubprocess.waitUntil(seconds: 20) {
                    guard await WeftSubprocess.connectedBridges(fabric) == switches else { return false }
                    return await fabric.unreachablePairs().isEmpty
                }
                try #require(ready, "the fabric was never programmed")

                // The tap mirrors h1-1 (on leaf1) to h3-1 (on leaf3): leaf1 gets mirror-purpose entries.
                let weft = { (arguments: [String]) in
                    try await Command(WeftSubprocess.executable, arguments + ["--db", setup.database]).run()
                }
                try await weft(["tap", "service", "create", "--name", "ids", "--tenant", "default", "--port", "h3-1"])
                try await weft(["tap", "flow", "create", "--name", "web", "--tap-service", "ids", "--source-port", "h1-1", "--direction", "both"])
                let created = ContinuousClock.now
                let installed = await Self.waitFor(seconds: 5) { try await Self.mirrorEntries(on: "leaf1", in: fabric) > 0 }
                let installSeconds = created.duration(to: .now)
                try await weft(["tap", "service", "delete", "ids"])
                let deleted = ContinuousClock.now
                let removed = await Self.waitFor(seconds: 5) { try await Self.mirrorEntries(on: "leaf1", in: fabric) == 0 }
                let removeSeconds = deleted.duration(to: .now)
                print("store notification: tap installed \(installSeconds) after the CLI returned, removed \(removeSeconds) after")
                #expect(installed, "the tap created with the CLI never reached leaf1")
                #expect(removed, "the deleted tap's entries stayed on leaf1")
                #expect(installSeconds < .seconds(1))
                #expect(removeSeconds < .seconds(1))

                // Another process (weft serve without --openflow) applies an allocation for one demand.
                let before = try await fabric.groups(on: "leaf1")
                let demands = "\(fabric.directory)/demands.csv"
                try "src,dst,rate_bps,class\nh1-1,h2-1,20000000000,gold\n".write(toFile: demands, atomically: true, encoding: .utf8)
                serve = try setup.serve(["--demands", demands, "--reoptimize-every", "off"])
                let store = try TopologyStore(path: setup.database, additionalMigrations: ServeSchema.allMigrations)
                let applied = await WeftSubprocess.waitUntil(seconds: 20) {
                    (try? store.read(DecisionRecords.latestApplied(in:))) != nil
                }
                await serve?.stop()
                try #require(applied, "weft serve never applied an allocation:\n\(serve?.log ?? "")")
                let (allocation, version) = try #require(try store.read(DecisionRecords.latestApplied(in:)))
                let topology = try store.load(version: version).topology
                print("applied allocation: \(allocation.demands.map { "\($0.demand.id): \($0.splits.map { "\($0.path.links.map { topology.links[$0].name }) \($0.rateBps)" })" })")
                let plan = try RoutingPlan(allocation: allocation, topology: topology, version: 1, classes: QoSClassCatalog(QoSClass.defaults))
                    .adapted(to: try store.loadLatest().topology)
                let expected = try FlowCompiler().compile(plan, for: try store.loadLatest().topology)
                var matched = false
                var differences: [String] = []
                _ = await Self.waitFor(seconds: 5) {
                    differences = []
                    for item in fabric.topology.switches {
                        let onBridge = Self.comparable(try await fabric.flows(on: item.name))
                        let compiled = Self.comparable((expected.switches[item.name]?.flows ?? []).compactMap { DumpedFlow(line: $0.ofctlLine) })
                        if onBridge != compiled {
                            differences.append("\(item.name): only on the bridge \(Set(onBridge).subtracting(compiled)), only compiled \(Set(compiled).subtracting(onBridge))")
                        }
                        let groupsOnBridge = Self.groupBodies(try await fabric.groups(on: item.name))
                        let groupsCompiled = Self.groupBodies((expected.switches[item.name]?.groups ?? []).map(\.description))
                        if groupsOnBridge != groupsCompiled {
                            differences.append("\(item.name) groups: on the bridge \(groupsOnBridge), compiled \(groupsCompiled)")
                        }
                    }
                    matched = differences.isEmpty
                    return matched
                }
                let after = try await fabric.groups(on: "leaf1")
                print("leaf1 groups before the allocation: \(before)\nafter: \(after)")
                #expect(matched, "the switches do not hold the applied allocation: \(differences)")
                #expect(Self.groupBodies(before) != Self.groupBodies(after), "the applied allocation changed nothing on leaf1")
                #expect(controller.log.contains("applied allocation read from the store"))
                #expect(await fabric.unreachablePairs().isEmpty)
                await controller.stop()
            } catch {
                print("controller log:\n\(controller.log)\nserve log:\n\(serve?.log ?? "")")
                await controller.stop()
                await serve?.stop()
                throw error
            }
        }
    }

    /// Entries with the mirror cookie purpose on `bridge`.
    static func mirrorEntries(on bridge: String, in fabric: OVSFabric) async throws -> Int {
        try await fabric.flows(on: bridge).filter { FlowCookie(rawValue: $0.cookie).purpose == .mirror }.count
    }

    /// Entries compared without the program version (the cookie's low 32 bits) and group ids (which
    /// alternate between program versions).
    static func comparable(_ flows: [DumpedFlow]) -> [String] {
        flows.map {
            let actions = $0.actions.replacing(/group:[0-9]+/, with: "group:*").replacing(/meter:[0-9]+/, with: "meter:*")
            return "cookie=\(String($0.cookie >> 32, radix: 16)) table=\($0.table) priority=\($0.priority) \($0.match.joined(separator: ",")) actions=\(actions)"
        }.sorted()
    }

    /// Group lines without their ids, sorted.
    static func groupBodies(_ lines: [String]) -> [String] {
        lines.map { $0.trimmingCharacters(in: .whitespaces).replacing(/group_id=[0-9]+,/, with: "") }.sorted()
    }

    /// Polls `condition` every 20 ms for up to `seconds`; errors count as "not yet".
    static func waitFor(seconds: Double, _ condition: () async throws -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while ContinuousClock.now < deadline {
            if (try? await condition()) == true { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return (try? await condition()) == true
    }
}
