import Optimizer
import Testing
import Topology
@testable import TaasPlanner
import TopologyFormats

@Suite("Mirror intent: per-switch copy, hop and meter entries")
struct MirrorProgramTests {
    let fabric = SpineLeafGenerator(spines: 2, leaves: 3, hostsPerLeaf: 2, uplinkBps: 40e9, downlinkBps: 1e9).generate()

    private func program(_ direction: TapDirection, source: String = "h1-1", monitor: String = "h3-1", filter: MirrorFilter? = nil, bps: Double = 100e6) throws -> (MirrorProgram, MirrorPlan) {
        let context = TapContext(topology: fabric)
        var catalog = TapCatalog()
        let service = try catalog.createService(TapService(name: "ids", tenant: "default", port: .host(monitor)), in: context)
        try catalog.createFlow(TapFlow(id: "f1", tapServiceID: service.id, sourcePort: .host(source), direction: direction, filter: filter), in: context)
        let end = try #require(fabric.hostNamed(source)).attachment
        let plan = try MirrorPlanner(topology: fabric).plan(catalog, around: Fixtures.greedyAllocation(fabric, []),
                                                             traffic: .portRates([end: PortRate(receivedBps: bps, transmittedBps: bps)]))
        return (MirrorProgram(plan: plan, catalog: catalog, topology: fabric), plan)
    }

    @Test("BOTH: an OUT copy by in-port and an IN copy by destination MAC at the source leaf, tagged with taas_id")
    func copies() throws {
        let (program, plan) = try program(.both)
        let host = try #require(fabric.hostNamed("h1-1"))
        #expect(program.copies.count == 2)
        let out = try #require(program.copies.first { $0.direction == .out })
        let into = try #require(program.copies.first { $0.direction == .in })
        #expect(out.match == MirrorMatch(inPort: 1, ethSource: host.mac))
        #expect(into.match == MirrorMatch(ethDestination: host.mac))
        #expect(out.switchName == "leaf1" && out.tagged && out.taasID == 3900 && out.sampling == nil)
        #expect(out.pcp != into.pcp)
        let path = try #require(plan.placements.first?.path)
        #expect(out.output == fabric.links[path.links[0]].source.port)
    }

    @Test("the meter sits on copy-only entries of the next switch, never on a copy entry")
    func meterPlacement() throws {
        let (program, plan) = try program(.both)
        let placement = try #require(plan.placements.first)
        let spine = placement.nodes[1]
        #expect(program.meters == [MirrorMeter(switchName: spine, tapFlowID: "f1", rateBps: placement.meterRateBps)])
        let metered = program.hops.filter { $0.meteredBy == "f1" }
        #expect(metered.count == 2 && metered.allSatisfy { $0.switchName == spine && $0.identity != nil })
        #expect(metered.allSatisfy { $0.action == .forward(fabric.links[placement.path?.links[1] ?? 0].source.port) })
        let delivery = try #require(program.hops.first { $0.switchName == "leaf3" })
        #expect(delivery.action == .deliver(1) && delivery.identity == nil && delivery.meteredBy == nil)
        #expect(program.switchNames == ["leaf1", "leaf3", spine].sorted())
    }

    @Test("a filter expands to masked VLAN and peer-port blocks, peer fields on the right side per direction")
    func filterExpansion() throws {
        let filter = MirrorFilter(vlans: NumberRanges("10-11"), peerPrefix: IPv4Prefix("10.0.2.0/24"), ipProtocol: 6, peerPorts: NumberRanges("80,443"))
        let (program, _) = try program(.both, filter: filter)
        #expect(program.copies.count == 2 * 1 * 2)
        for copy in program.copies {
            #expect(copy.match.ethType == 0x0800 && copy.match.ipProtocol == 6 && copy.match.vlan == MaskedValue(value: 10, mask: 0xFFE))
            if copy.direction == .out {
                #expect(copy.match.ipv4Destination == IPv4Prefix("10.0.2.0/24") && copy.match.l4Destination != nil && copy.match.l4Source == nil)
            } else {
                #expect(copy.match.ipv4Source == IPv4Prefix("10.0.2.0/24") && copy.match.l4Source != nil && copy.match.l4Destination == nil)
            }
        }
    }

    @Test("a local copy goes straight to the monitor port untagged, sampled by a select group when short")
    func localCopy() throws {
        let (program, plan) = try program(.out, source: "h1-1", monitor: "h1-2", bps: 3e9)
        let copy = try #require(program.copies.first)
        #expect(!copy.tagged && copy.output == 2)
        #expect(abs((copy.sampling ?? 0) - 1.0 / 3) < 1e-9)
        #expect(program.hops.isEmpty && program.meters.isEmpty)
        #expect(plan.placements.first?.reduction == .sampleAtSource)
    }
}

@Suite("Mirror counters")
struct MirrorCountersTests {
    @Test("mirrored = what passed the meter; skipped = sampled away at the source + dropped by the meter")
    func accounting() {
        let metered = MirrorCounters(tapFlowID: "f", copiedBytes: 1_000, sourceSkippedBytes: 400, meterInputBytes: 600, meterDroppedBytes: 250)
        #expect(metered.mirroredBytes == 350 && metered.skippedBytes == 650)
        let local = MirrorCounters(tapFlowID: "f", copiedBytes: 1_000, sourceSkippedBytes: 300)
        #expect(local.mirroredBytes == 700 && local.skippedBytes == 300)
    }
}
