import Optimizer
import Testing
import Topology
@testable import TaasPlanner

@Suite("Mirror demand: what a tap flow's copies need")
struct MirrorDemandTests {
    let topology = Fixtures.fabric()

    private func flow(_ direction: TapDirection, filter: MirrorFilter? = nil) -> TapFlow {
        TapFlow(id: "f", tenant: "tenant1", tapServiceID: "s", sourcePort: .host("h1-1"), direction: direction, filter: filter)
    }

    private var source: ResolvedPort {
        get throws { try PortReference.host("h1-1").resolve(in: topology, as: .source) }
    }

    @Test("from port counters: IN is what the switch transmits to the host, OUT what it receives, BOTH the sum")
    func portCounters() throws {
        let traffic = MirrorTraffic.portRates([LinkEnd(node: "leaf1", port: 1): PortRate(receivedBps: 300e6, transmittedBps: 700e6)])
        #expect(traffic.mirrorDemand(of: flow(.in), source: try source, in: topology).totalBps == 700e6)
        #expect(traffic.mirrorDemand(of: flow(.out), source: try source, in: topology).totalBps == 300e6)
        #expect(traffic.mirrorDemand(of: flow(.both), source: try source, in: topology).totalBps == 1e9)
        let filtered = traffic.mirrorDemand(of: flow(.both, filter: MirrorFilter(ipProtocol: 17, expectedShare: 0.1)), source: try source, in: topology)
        #expect(abs(filtered.totalBps - 100e6) < 1e-3)
    }

    @Test("from an allocation: served rates to and from the host, the peer prefix evaluated per demand")
    func fromAllocation() throws {
        let demands = [
            Demand(source: "h2-1", destination: "h1-1", rateBps: 2e9),   // IN, peer 10.0.2.1
            Demand(source: "h3-1", destination: "h1-1", rateBps: 1e9),   // IN, peer 10.0.3.1
            Demand(source: "h1-1", destination: "h2-1", rateBps: 4e9),   // OUT, peer 10.0.2.1
            Demand(source: "h2-2", destination: "h3-2", rateBps: 5e9),   // unrelated
        ]
        let traffic = MirrorTraffic.allocation(Fixtures.greedyAllocation(topology, demands))
        #expect(traffic.mirrorDemand(of: flow(.in), source: try source, in: topology).inBps == 3e9)
        #expect(traffic.mirrorDemand(of: flow(.out), source: try source, in: topology).outBps == 4e9)
        #expect(traffic.mirrorDemand(of: flow(.both), source: try source, in: topology).totalBps == 7e9)
        let toLeaf2 = MirrorFilter(peerPrefix: IPv4Prefix("10.0.2.0/24"))
        let narrowed = traffic.mirrorDemand(of: flow(.both, filter: toLeaf2), source: try source, in: topology)
        #expect(narrowed.inBps == 2e9 && narrowed.outBps == 4e9)
        let udpToLeaf2 = MirrorFilter(peerPrefix: IPv4Prefix("10.0.2.0/24"), ipProtocol: 17, expectedShare: 0.5)
        #expect(traffic.mirrorDemand(of: flow(.in, filter: udpToLeaf2), source: try source, in: topology).inBps == 1e9)
    }
}
