import FlowCompiler
import Optimizer
import TaasPlanner
import Testing
import Topology
import TopologyFormats

/// A program relabelled to another version is what compiling at that version gives: the controller
/// compiles each pass once and relabels the installed program to tell whether anything changed.
@Suite("Programs relabelled to another version")
struct ProgramVersionTests {
    let fabric = SpineLeafGenerator(spines: 2, leaves: 3, hostsPerLeaf: 2, uplinkBps: 100e9, downlinkBps: 400e9).generate()

    /// Shortest paths (ECMP select groups), class aggregates with meters and groups, and a sampled,
    /// metered mirror copy: every kind of id the compiler gives a version's parity.
    func plan(version: UInt32) throws -> RoutingPlan {
        let demands = [
            Demand(source: "leaf1", destination: "leaf3", rateBps: 30e9, qosClass: .gold),
            Demand(source: "leaf1", destination: "leaf3", rateBps: 150e9, qosClass: .bronze),
            Demand(source: "leaf2", destination: "leaf1", rateBps: 10e9, qosClass: .silver),
        ]
        let allocation = try TrafficOptimizer(topology: fabric).optimize(demands)
        var plan = try RoutingPlan(allocation: allocation, topology: fabric, version: version, classes: .defaults)
        let context = TapContext(topology: fabric)
        var catalog = TapCatalog()
        let service = try catalog.createService(TapService(tenant: "default", port: .host("h3-2")), in: context)
        try catalog.createFlow(TapFlow(id: "f", tapServiceID: service.id, sourcePort: .host("h1-1"), direction: .both), in: context)
        let source = try #require(fabric.hostNamed("h1-1")).attachment
        let mirror = try MirrorPlanner(topology: fabric).plan(catalog, around: allocation,
                                                               traffic: .portRates([source: PortRate(receivedBps: 300e9, transmittedBps: 300e9)]))
        plan.mirror = MirrorProgram(plan: mirror, catalog: catalog, topology: fabric)
        return plan
    }

    @Test("relabelling to the next version gives the compile at that version, groups, meters and taps included")
    func relabelMatchesCompile() throws {
        let four = try FlowCompiler().compile(try plan(version: 4), for: fabric)
        let five = try FlowCompiler().compile(try plan(version: 5), for: fabric)
        let leaf1 = try #require(four.switches["leaf1"])
        #expect(!leaf1.groups.isEmpty && !leaf1.meters.isEmpty && !four.taps.isEmpty, "the plan exercises no groups, meters or taps")
        #expect(four.relabeled(to: 5).hasSameEntries(as: five))
        #expect(five.relabeled(to: 4).hasSameEntries(as: four))
        #expect(four.hasSameEntries(as: five))
        #expect(try four.relabeled(to: 6).hasSameEntries(as: FlowCompiler().compile(try plan(version: 6), for: fabric)))
        for (name, program) in four.relabeled(to: 5).switches {
            let compiled = try #require(five.switches[name])
            #expect(Set(program.flows) == Set(compiled.flows) && Set(program.groups) == Set(compiled.groups) && program.meters == compiled.meters)
        }
    }

    @Test("a program for a changed fabric is not the same as the one installed")
    func changedFabricDiffers() throws {
        let installed = try FlowCompiler().compile(RoutingPlan.shortestPaths(in: fabric, version: 4), for: fabric)
        var degraded = fabric
        degraded.links.removeAll { $0.source.node == "leaf1" && $0.target.node == "spine1" || $0.source.node == "spine1" && $0.target.node == "leaf1" }
        let next = try FlowCompiler().compile(RoutingPlan.shortestPaths(in: degraded, version: 5), for: degraded)
        let same = try FlowCompiler().compile(RoutingPlan.shortestPaths(in: fabric, version: 5), for: fabric)
        #expect(!installed.hasSameEntries(as: next))
        #expect(installed.hasSameEntries(as: same))
        #expect(installed != same, "the versions' cookies differ, so plain equality cannot tell")
    }
}
