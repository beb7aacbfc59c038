import Foundation
import Testing
import Topology
import WeftTestSupport

/// `weft flows` prints what the controller installs: on a real OVS fabric programmed by
/// `weft controller`, every bridge's dump equals the printed entries.
@Suite("weft flows against a fabric programmed by weft controller", .serialized)
struct WeftFlowsOVSTests {
    @Test("every bridge's ovs-ofctl dump-flows equals what weft flows printed for it (cookie version aside)")
    func dumpEqualsPrinted() async throws {
        try await withOVSFabric(spines: 2, leaves: 3, hostsPerLeaf: 2) { fabric in
            let setup = try WeftSubprocess.Setup(fabric)
            let controller = try setup.controller()
            try await fabric.connectControllers(port: setup.openFlowPort)
            let switches = fabric.topology.switches.count
            let ready = await WeftSubprocess.waitUntil(seconds: 20) {
                guard await WeftSubprocess.connectedBridges(fabric) == switches else { return false }
                return await fabric.unreachablePairs().isEmpty
            }
            let printed = try await Command(WeftSubprocess.executable, ["flows", "--db", setup.database, "--format", "ofctl"]).run()
            var dumped: [String: [DumpedFlow]] = [:]
            for item in fabric.topology.switches {
                dumped[item.name] = try await fabric.flows(on: item.name)
            }
            await controller.stop()
            try #require(ready, "the fabric was never programmed:\n\(controller.log)")

            var expected: [String: [DumpedFlow]] = [:]
            var current: String?
            for line in printed.split(separator: "\n").map(String.init) {
                if line.hasPrefix("# ") {
                    current = String(line.dropFirst(2).prefix { $0 != " " })
                } else if let current, let flow = DumpedFlow(line: line) {
                    expected[current, default: []].append(flow)
                }
            }
            #expect(Set(expected.keys) == Set(dumped.keys))
            func comparable(_ flows: [DumpedFlow]) -> [String] {
                flows.map { "cookie-purpose=\(String($0.cookie >> 32, radix: 16)) table=\($0.table) priority=\($0.priority) \($0.match.joined(separator: ",")) actions=\($0.actions)" }.sorted()
            }
            var total = 0
            for (name, flows) in dumped.sorted(by: { $0.key < $1.key }) {
                let onBridge = comparable(flows), fromCLI = comparable(expected[name] ?? [])
                total += onBridge.count
                #expect(onBridge == fromCLI, "\(name): only on the bridge \(Set(onBridge).subtracting(fromCLI)), only printed \(Set(fromCLI).subtracting(onBridge))")
            }
            print("weft flows: \(total) entries on \(dumped.count) bridges equal the printed program")
        }
    }
}
