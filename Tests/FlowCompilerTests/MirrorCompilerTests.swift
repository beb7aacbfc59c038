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
}
