import Controller
import TaasPlanner
import Testing
import Topology
import TopologyFormats

@Suite("Mirror demand from controller port statistics")
struct MeasuredMirrorTrafficTests {
    @Test("a port's rx is the host's OUT traffic and its tx the IN traffic")
    func directions() throws {
        let topology = SpineLeafGenerator(spines: 1, leaves: 2, hostsPerLeaf: 1).generate()
        let end = try #require(topology.hostNamed("h1-1")).attachment
        let traffic = MirrorTraffic.measured([Controller.PortRate(port: end, rxBps: 3e6, txBps: 5e6, rxPacketsPerSecond: 375, txPacketsPerSecond: 625, intervalSeconds: 1)])
        let source = try PortReference.host("h1-1").resolve(in: topology, as: .source)
        let flow = TapFlow(id: "f", tenant: "default", tapServiceID: "s", sourcePort: .host("h1-1"), direction: .both)
        let demand = traffic.mirrorDemand(of: flow, source: source, in: topology)
        #expect(demand.outBps == 3e6 && demand.inBps == 5e6)
        #expect(demand.meanPacketBytes == 1000)
    }
}
