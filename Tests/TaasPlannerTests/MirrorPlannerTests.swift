import Optimizer
import Testing
import Topology
@testable import TaasPlanner
import TopologyFormats

@Suite("Mirror placement around tenant traffic")
struct MirrorPlannerTests {
    /// 2 spines × 5 leaves, 2 hosts per leaf, 40G uplinks, 1G host ports, one tenant.
    let fabric = SpineLeafGenerator(spines: 2, leaves: 5, hostsPerLeaf: 2, uplinkBps: 40e9, downlinkBps: 1e9).generate()

    private func catalog(monitor: String, sources: [String], direction: TapDirection = .out, configure: (inout TapFlow) -> Void = { _ in }) throws -> TapCatalog {
        let context = TapContext(topology: fabric)
        var catalog = TapCatalog()
        let service = try catalog.createService(TapService(name: "ids", tenant: "default", port: .host(monitor)), in: context)
        for source in sources {
            var flow = TapFlow(name: "tap-\(source)", tapServiceID: service.id, sourcePort: .host(source), direction: direction)
            configure(&flow)
            try catalog.createFlow(flow, in: context)
        }
        return catalog
    }

    private func sending(_ hosts: [String], bps: Double) -> MirrorTraffic {
        .portRates(Dictionary(uniqueKeysWithValues: hosts.compactMap { fabric.hostNamed($0) }.map { ($0.attachment, PortRate(receivedBps: bps, transmittedBps: 0)) }))
    }

    private var noTenantTraffic: Allocation { Fixtures.greedyAllocation(fabric, []) }

    @Test("8 sources of 1 Gbit/s onto a 1 Gbit/s monitor port: the sum fits the port, every flow is sampled and says why")
    func overload() throws {
        let sources = ["h1-1", "h1-2", "h2-1", "h2-2", "h3-1", "h3-2", "h4-1", "h4-2"]
        let plan = try MirrorPlanner(topology: fabric).plan(try catalog(monitor: "h5-1", sources: sources), around: noTenantTraffic, traffic: sending(sources, bps: 1e9))
        #expect(plan.mirroredBps <= 1e9 * (1 + 1e-9))
        #expect(abs(plan.mirroredBps - 1e9) < 1)
        for placement in plan.placements {
            #expect(abs(placement.samplingFraction - 0.125) < 1e-9, "\(placement.flowName)")
            #expect(placement.limit == .destinationPort(LinkEnd(node: "leaf5", port: 1), speedBps: 1e9, sharedBy: 8))
            let reason = try #require(placement.reason)
            #expect(reason.contains("sampled to 12.5%") && reason.contains("destination port leaf5:1"), "\(reason)")
            #expect(placement.reduction == .meter)
            #expect(placement.nodes.first == placement.source.node && placement.nodes.last == "leaf5")
        }
        print("overload: mirrored \(plan.mirroredBps / 1e9) Gbit/s of \(plan.demandBps / 1e9) Gbit/s; " + (plan.placements.first?.reason ?? ""))
    }

    @Test("weights share a contested monitor port in proportion")
    func weighted() throws {
        var catalog = try catalog(monitor: "h5-1", sources: ["h1-1"])
        let service = try #require(catalog.services.first)
        try catalog.createFlow(TapFlow(tapServiceID: service.id, sourcePort: .host("h2-1"), direction: .out, weight: 3), in: TapContext(topology: fabric))
        let plan = try MirrorPlanner(topology: fabric).plan(catalog, around: noTenantTraffic, traffic: sending(["h1-1", "h2-1"], bps: 1e9))
        #expect(abs(plan.placements[0].mirroredBps - 250e6) < 1)
        #expect(abs(plan.placements[1].mirroredBps - 750e6) < 1)
    }

    @Test("a sampling floor is guaranteed first, then the larger of floor and fair share applies")
    func samplingFloor() throws {
        let catalog = try catalog(monitor: "h5-1", sources: ["h1-1", "h2-1", "h3-1"]) { flow in
            if flow.name == "tap-h1-1" { flow.samplingFloor = 0.5 }
        }
        let plan = try MirrorPlanner(topology: fabric).plan(catalog, around: noTenantTraffic, traffic: sending(["h1-1", "h2-1", "h3-1"], bps: 1e9))
        #expect(plan.placements.map { ($0.mirroredBps / 1e6).rounded() } == [500, 250, 250])
    }

    @Test("a floor that cannot be met is reported")
    func floorNotMet() throws {
        let catalog = try catalog(monitor: "h5-1", sources: ["h1-1", "h2-1", "h3-1"]) { $0.samplingFloor = 0.5 }
        let plan = try MirrorPlanner(topology: fabric).plan(catalog, around: noTenantTraffic, traffic: sending(["h1-1", "h2-1", "h3-1"], bps: 1e9))
        for placement in plan.placements {
            #expect(placement.reason?.contains("below its sampling floor 50%") == true)
        }
    }

    @Test("max_rate caps a flow and says so; its meter never exceeds it")
    func maxRate() throws {
        let catalog = try catalog(monitor: "h5-1", sources: ["h1-1"]) { $0.maxRateBps = 100e6 }
        let plan = try MirrorPlanner(topology: fabric).plan(catalog, around: noTenantTraffic, traffic: sending(["h1-1"], bps: 800e6))
        let placement = try #require(plan.placements.first)
        #expect(placement.mirroredBps == 100e6)
        #expect(placement.meterRateBps == 100e6)
        #expect(placement.limit == .maxRate(100e6))
        #expect(placement.reason?.contains("max_rate 100 Mbit/s") == true)
    }

    @Test("copies use only residual capacity under the mirror cap; a first hop that cannot carry full copies samples at the source")
    func residualOnly() throws {
        // Tenant traffic fills leaf1's only uplink to 39.9 of 40 Gbit/s: 100 Mbit/s residual.
        let busy = SpineLeafGenerator(spines: 1, leaves: 3, hostsPerLeaf: 4, uplinkBps: 40e9, downlinkBps: 25e9).generate()
        let demands = [Demand(source: "h1-2", destination: "h2-2", rateBps: 19.95e9), Demand(source: "h1-3", destination: "h2-3", rateBps: 19.95e9)]
        let allocation = Fixtures.greedyAllocation(busy, demands)
        var catalog = TapCatalog()
        let context = TapContext(topology: busy, demandEndpoints: demands.map { ($0.source, $0.destination) })
        let service = try catalog.createService(TapService(tenant: "default", port: .host("h3-1")), in: context)
        try catalog.createFlow(TapFlow(tapServiceID: service.id, sourcePort: .host("h1-1"), direction: .out), in: context)
        let source = try #require(busy.hostNamed("h1-1")).attachment
        let plan = try MirrorPlanner(topology: busy).plan(catalog, around: allocation, traffic: .portRates([source: PortRate(receivedBps: 5e9, transmittedBps: 0)]))
        let placement = try #require(plan.placements.first)
        #expect(placement.mirroredBps <= 100e6 * (1 + 1e-9))
        #expect(placement.mirroredBps > 0)
        #expect(placement.reduction == .sampleAtSource)
        guard case .link(_, let available, let residual, let cap, _)? = placement.limit else {
            Issue.record("expected a link limit, got \(String(describing: placement.limit))")
            return
        }
        #expect(abs(available - 100e6) < 1)
        #expect(abs(residual - 100e6) < 1 && cap == 4e9)
        #expect(plan.tenantAllocation == allocation)
        #expect(placement.reason?.contains("select group") == true && placement.reason?.contains("OVS hashes per flow") == true)
    }

    @Test("with room on the first hop, a short flow is metered downstream instead of sampled")
    func meteredDownstream() throws {
        let sources = ["h1-1", "h2-1"]
        let plan = try MirrorPlanner(topology: fabric).plan(try catalog(monitor: "h5-1", sources: sources), around: noTenantTraffic, traffic: sending(sources, bps: 1e9))
        for placement in plan.placements {
            #expect(placement.reduction == .meter)
            #expect(placement.reason?.contains("a meter at spine") == true, "\(placement.reason ?? "")")
        }
        let firstHop = try #require(plan.placements[0].path?.links.first)
        #expect(plan.links[firstHop].mirrorLoadBps == 1e9)
    }

    @Test("truncation, where allowed, shrinks copies before sampling")
    func truncation() throws {
        let catalog = try catalog(monitor: "h5-1", sources: ["h1-1", "h2-1"]) { $0.truncateBytes = 200 }
        let source1 = try #require(fabric.hostNamed("h1-1")).attachment
        let source2 = try #require(fabric.hostNamed("h2-1")).attachment
        // 1 Gbit/s of 1000-byte frames each: 125k frames/s.
        let rates = PortRate(receivedBps: 1e9, transmittedBps: 0, receivedPps: 125_000, transmittedPps: 0)
        let plan = try MirrorPlanner(topology: fabric).plan(catalog, around: noTenantTraffic, traffic: .portRates([source1: rates, source2: rates]))
        for placement in plan.placements {
            #expect(placement.truncatedToBytes == 200)
            #expect(abs(placement.wireDemandBps - 200e6) < 1)
            #expect(placement.samplingFraction == 1)
            #expect(placement.reason?.contains("truncated to 200 bytes") == true)
        }
    }

    @Test("local mirroring (source and monitor on one switch) samples at the source when the port is short")
    func local() throws {
        let catalog = try catalog(monitor: "h1-2", sources: ["h1-1"], direction: .both)
        let source = try #require(fabric.hostNamed("h1-1")).attachment
        let plan = try MirrorPlanner(topology: fabric).plan(catalog, around: noTenantTraffic, traffic: .portRates([source: PortRate(receivedBps: 800e6, transmittedBps: 700e6)]))
        let placement = try #require(plan.placements.first)
        #expect(placement.path == Path(links: []))
        #expect(placement.nodes == ["leaf1"])
        #expect(abs(placement.mirroredBps - 1e9) < 1)
        #expect(placement.reduction == .sampleAtSource)
    }

    @Test("no up path: the flow mirrors nothing and says why")
    func noPath() throws {
        var cut = fabric
        for index in cut.links.indices where cut.links[index].source.node == "leaf5" || cut.links[index].target.node == "leaf5" {
            cut.links[index].isUp = false
        }
        let catalog = try catalog(monitor: "h5-1", sources: ["h1-1"])
        let plan = try MirrorPlanner(topology: cut).plan(catalog, around: Fixtures.greedyAllocation(cut, []), traffic: sending(["h1-1"], bps: 1e9))
        let placement = try #require(plan.placements.first)
        #expect(placement.path == nil && placement.mirroredBps == 0)
        #expect(placement.reason == "no path of up links from leaf1 to leaf5: nothing mirrored")
    }

    @Test("an allocation of another topology is refused")
    func mismatchedAllocation() throws {
        let other = SpineLeafGenerator(spines: 1, leaves: 2).generate()
        #expect(throws: TapError.self) {
            try MirrorPlanner(topology: fabric).plan(TapCatalog(), around: Fixtures.greedyAllocation(other, []), traffic: .portRates([:]))
        }
    }
}
