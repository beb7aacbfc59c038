@testable import FlowCompiler
import OpenFlow
import Testing
import Topology
import TopologyFormats

/// The compiler's rules survive the trip to the wire and back, as reconcile needs.
@Suite("Flow rules on the wire")
struct OpenFlowTranslationTests {
    let program: FabricProgram = {
        let fabric = SpineLeafGenerator(spines: 2, leaves: 3, hostsPerLeaf: 2).generate()
        var plan = RoutingPlan.shortestPaths(in: fabric, version: 9)
        plan.classes = [.init(name: "bulk", dscp: [10], queue: 1, capBps: 1e9)]
        return (try? FlowCompiler().compile(plan, for: fabric)) ?? FabricProgram(version: 0, switches: [:])
    }()

    @Test("every compiled rule encodes as a FLOW_MOD and reads back from flow stats unchanged")
    func rulesRoundTrip() throws {
        let rules = program.switches.values.flatMap(\.flows)
        #expect(rules.count > 50)
        for rule in rules {
            let decoded = try OpenFlowMessage(decoding: OpenFlowMessage(xid: 1, rule.addMessage).encoded())
            guard case let .flowMod(mod) = decoded.payload else {
                Issue.record("\(rule) did not decode as a FLOW_MOD")
                continue
            }
            let reported = FlowStats(tableID: mod.tableID, priority: mod.priority, cookie: mod.cookie, match: mod.match, instructions: mod.instructions)
            #expect(FlowRule(stats: reported) == rule)
        }
    }

    @Test("a flow using a field the compiler never emits reads back as foreign")
    func foreignFlowsAreRecognised() {
        let stats = FlowStats(tableID: 0, priority: 5, match: [.ethType(0x0800), .ipECN(1)], instructions: [.applyActions([.output(port: 1)])])
        #expect(FlowRule(stats: stats) == nil)
        let normal = FlowStats(tableID: 0, priority: 5, match: [], instructions: [.applyActions([.output(port: OpenFlowPort.normal), .decrementNetworkTTL])])
        #expect(FlowRule(stats: normal) == nil)
    }

    @Test("select groups read back from a group description; other group types are foreign")
    func groupsRoundTrip() throws {
        let group = try #require(program.switches["leaf1"]?.groups.first)
        guard case let .groupMod(mod) = group.message(.add) else {
            Issue.record("\(group) did not make a GROUP_MOD")
            return
        }
        #expect(GroupEntry(GroupDescription(type: mod.type, groupID: mod.groupID, buckets: mod.buckets)) == group)
        #expect(GroupEntry(GroupDescription(type: .all, groupID: 1, buckets: mod.buckets)) == nil)
    }

    @Test("a non-contiguous address mask is not a prefix")
    func nonContiguousMasksAreRejected() {
        #expect(IPv4Prefix(0x0A00_0100, oxmMask: 0xFFFF_FF00)?.description == "10.0.1.0/24")
        #expect(IPv4Prefix(0x0A00_0100, oxmMask: 0xFF00_FF00) == nil)
        #expect(IPv4Prefix(0x0A00_0101, oxmMask: nil)?.length == 32)
    }
}
