import FlowCompiler
import Optimizer
import TaasPlanner
import Testing
import Topology
import TopologyFormats

@Suite("Mirror entries in the compiled pipeline")
struct MirrorCompilerTests {
    let topology = SpineLeafGenerator(spines: 2, leaves: 3, hostsPerLeaf: 2, uplinkBps: 40e9, downlinkBps: 1e9).generate()

    private func compile(direction: TapDirection, monitor: String = "h3-2", bps: Double = 100e6) throws -> (FabricProgram, MirrorPlan) {
        let context = TapContext(topology: topology)
        var catalog = TapCatalog()
        let service = try catalog.createService(TapService(tenant: "default", port: .host(monitor)), in: context)
        try catalog.createFlow(TapFlow(id: "f", tapServiceID: service.id, sourcePort: .host("h1-1"), direction: direction), in: context)
        let idle = Allocation(topology: topology, objective: .maxWeightedThroughput, objectiveValue: 0, headroom: 0, demands: [], solveSeconds: 0, solverStatus: .optimal)
        let source = try #require(topology.hostNamed("h1-1")).attachment
        let plan = try MirrorPlanner(topology: topology).plan(catalog, around: idle, traffic: .portRates([source: PortRate(receivedBps: bps, transmittedBps: bps)]))
        var routing = RoutingPlan.shortestPaths(in: topology, version: 7)
        routing.mirror = MirrorProgram(plan: plan, catalog: catalog, topology: topology)
        return (try FlowCompiler().compile(routing, for: topology), plan)
    }

    @Test("entries that forward tenant frames never carry a meter; the meter sits on the next switch's copy-only entry")
    func meterTrap() throws {
        let (program, plan) = try compile(direction: .both)
        let mirror = program.switches.values.flatMap(\.flows).filter { $0.cookie.purpose == .mirror }
        let copies = mirror.filter { $0.gotoTable != nil }
        #expect(!copies.isEmpty && copies.allSatisfy { $0.meter == nil })
        let spine = try #require(plan.placements.first?.nodes[1])
        let metered = mirror.filter { $0.meter != nil }
        #expect(!metered.isEmpty && metered.allSatisfy { $0.gotoTable == nil && $0.match.vlanVID == 0x1000 | 3900 })
        let meteringSwitches = program.switches.filter { _, switchProgram in switchProgram.flows.contains { $0.meter != nil && $0.cookie.purpose == .mirror } }.keys
        #expect(Set(meteringSwitches) == [spine])
    }

    @Test("a copy leaving by the port its frame arrived on outputs to IN_PORT")
    func ingressPortCopy() throws {
        let (program, plan) = try compile(direction: .in)
        let firstHop = try #require(plan.placements.first?.path?.links.first)
        let uplink = topology.links[firstHop].source.port
        let entry = try #require(program.switches["leaf1"]?.flows.first { $0.cookie.purpose == .mirror && $0.match.inPort == uplink })
        #expect(entry.actions.contains(.output(0xFFFF_FFF8)) && !entry.actions.contains(.output(uplink)))
        #expect(entry.ofctlActions.contains("IN_PORT"))
    }

    @Test("a copy sampled at the source goes through a weighted select group with an empty bucket")
    func sampledCopy() throws {
        let (program, plan) = try compile(direction: .out, monitor: "h1-2", bps: 4e9)
        let fraction = try #require(plan.placements.first?.samplingFraction)
        let group = try #require(program.switches["leaf1"]?.groups.first { $0.buckets.contains { $0.actions.isEmpty } })
        #expect(group.buckets.count == 2)
        #expect(group.buckets[0].weight == UInt16((fraction * 1000).rounded()) && group.buckets[1].actions.isEmpty)
        #expect(program.switches["leaf1"]?.flows.contains { $0.actions == [.group(group.id)] && $0.meter == nil } == true)
    }

    @Test("the program names each tap flow's copy entries, meter and sampling group on every switch, and nothing else")
    func tapAccountingNamesTheFlowsEntries() throws {
        let (remote, plan) = try compile(direction: .both)
        let accounting = try #require(remote.taps["f"])
        #expect(Set(remote.taps.keys) == ["f"])
        for (name, keys) in accounting.copyEntries {
            let copies = Set((remote.switches[name]?.flows ?? []).filter { $0.cookie.purpose == .mirror && $0.gotoTable != nil }.map(\.key))
            #expect(!keys.isEmpty && keys == copies, "\(name): accounting \(keys) vs copy entries \(copies)")
        }
        let spine = try #require(plan.placements.first?.nodes[1])
        #expect(Set(accounting.meters.keys) == [spine])
        #expect(remote.switches[spine]?.meters.contains { $0.id == accounting.meters[spine] } == true)
        #expect(accounting.samplingGroups.isEmpty, "100 Mbit/s fits: nothing is sampled")

        let (sampled, _) = try compile(direction: .out, monitor: "h1-2", bps: 4e9)
        let groups = try #require(sampled.taps["f"]?.samplingGroups["leaf1"])
        let sampling = Set((sampled.switches["leaf1"]?.groups ?? []).filter { $0.buckets.contains { $0.actions.isEmpty } }.map(\.id))
        #expect(!groups.isEmpty && groups == sampling)
        #expect(sampled.taps["f"]?.meters.isEmpty == true, "a copy delivered on its own switch has no meter")
    }

    @Test("tap flows sharing a copy entry: one entry per match makes every flow's copy and is listed once for each of them")
    func sharedCopyEntriesCountOncePerFlow() throws {
        let context = TapContext(topology: topology)
        var catalog = TapCatalog()
        let ids = try catalog.createService(TapService(tenant: "default", port: .host("h3-2")), in: context)
        let audit = try catalog.createService(TapService(tenant: "default", port: .host("h2-2")), in: context)
        // Two services watch h1-1's incoming frames; a third flow watches what h1-2 (same leaf) sends.
        try catalog.createFlow(TapFlow(id: "ids-in", tapServiceID: ids.id, sourcePort: .host("h1-1"), direction: .in), in: context)
        try catalog.createFlow(TapFlow(id: "audit-in", tapServiceID: audit.id, sourcePort: .host("h1-1"), direction: .in), in: context)
        try catalog.createFlow(TapFlow(id: "h12-out", tapServiceID: audit.id, sourcePort: .host("h1-2"), direction: .out), in: context)
        let idle = Allocation(topology: topology, objective: .maxWeightedThroughput, objectiveValue: 0, headroom: 0, demands: [], solveSeconds: 0, solverStatus: .optimal)
        let plan = try MirrorPlanner(topology: topology).plan(catalog, around: idle, traffic: .portRates([:]))
        var routing = RoutingPlan.shortestPaths(in: topology, version: 7)
        routing.mirror = MirrorProgram(plan: plan, catalog: catalog, topology: topology)
        let program = try FlowCompiler().compile(routing, for: topology)
        let taasIDs = Dictionary(uniqueKeysWithValues: plan.placements.map { ($0.flowID, $0.taasID) })
        let leaf1 = (program.switches["leaf1"]?.flows ?? []).filter { $0.cookie.purpose == .mirror && $0.gotoTable != nil }
        #expect(Set(leaf1.map(\.key)).count == leaf1.count, "two copy entries with one key: the switch would keep only the last")
        let directions: [String: TapDirection] = ["ids-in": .in, "audit-in": .in, "h12-out": .out]
        /// Whether `rule` tags a copy with `flow`'s taas_id and direction mark (the two flows of one service share the id).
        func makes(_ rule: FlowRule, _ flow: String) -> Bool {
            guard let taasID = taasIDs[flow], let direction = directions[flow] else { return false }
            let tag: [FlowRule.Action] = [.setVLANID(taasID), .setVLANPCP(MirrorCopy.pcp(for: direction))]
            return rule.actions.indices.dropLast().contains { Array(rule.actions[$0...($0 + 1)]) == tag }
        }
        let accounting = program.taps
        for rule in leaf1 {
            for flow in ["ids-in", "audit-in", "h12-out"] {
                #expect(makes(rule, flow) == (accounting[flow]?.copyEntries["leaf1"]?.contains(rule.key) == true),
                        "\(rule): makes \(flow)'s copy \(makes(rule, flow)), listed for it \(accounting[flow]?.copyEntries["leaf1"]?.contains(rule.key) == true)")
            }
        }
        let ids1 = try #require(accounting["ids-in"]?.copyEntries["leaf1"]), audit1 = try #require(accounting["audit-in"]?.copyEntries["leaf1"])
        #expect(!ids1.isEmpty && ids1 == audit1, "both IN flows are made by the same entries")
        let h12 = try #require(topology.hostNamed("h1-2"))
        let fromH12 = leaf1.filter { $0.match.inPort == h12.attachment.port && $0.match.ethDestination != nil }
        #expect(!fromH12.isEmpty && fromH12.allSatisfy { makes($0, "h12-out") && makes($0, "ids-in") && makes($0, "audit-in") },
                "h1-2 -> h1-1 frames get all three copies from one entry: \(fromH12)")
    }
}
