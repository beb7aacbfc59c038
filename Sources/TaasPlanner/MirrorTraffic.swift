import Optimizer
import Topology

/// Where the rate of the traffic to copy comes from.
public enum MirrorTraffic: Sendable {
    /// Measured per-port rates, from the controller's port statistics, keyed by switch port.
    case portRates([LinkEnd: PortRate])
    /// A scenario: the rates the tenant allocation actually serves (not the requested rates — only
    /// carried traffic can be copied). Only demands with a host endpoint count for that host's port.
    case allocation(Allocation)

    /// What a tap flow's copies need, in bit/s, before any sampling.
    ///
    /// Direction (TaaS's meaning, see `TapDirection`): `IN` counts traffic delivered to the source
    /// port's host — the port's transmit rate, or served demands whose destination is the host; `OUT`
    /// counts traffic the host sends — the receive rate, or served demands whose source is the host;
    /// `BOTH` sums the two.
    ///
    /// Filter share: from an allocation, the peer prefix is evaluated exactly per demand (the peer is
    /// the demand's other endpoint; a switch endpoint has no address and counts as matching), and the
    /// parts demands cannot resolve (VLAN, protocol, ports) scale by `expectedShare` (1 when absent:
    /// reserve for everything rather than under-provision). From port counters, which see no headers,
    /// the whole filter scales by `expectedShare` (again 1 when absent).
    public func mirrorDemand(of flow: TapFlow, source: ResolvedPort, in topology: Topology) -> MirrorDemand {
        let filter = flow.filter ?? MirrorFilter()
        let unresolvedShare = filter.expectedShare ?? 1
        switch self {
        case .portRates(let rates):
            let rate = rates[source.end] ?? PortRate(receivedBps: 0, transmittedBps: 0)
            let share = filter.isEmpty ? 1 : unresolvedShare
            let inBps = flow.direction.includesIn ? rate.transmittedBps * share : 0
            let outBps = flow.direction.includesOut ? rate.receivedBps * share : 0
            let packets = (flow.direction.includesIn ? rate.transmittedPps ?? 0 : 0) + (flow.direction.includesOut ? rate.receivedPps ?? 0 : 0)
            let bits = (flow.direction.includesIn ? rate.transmittedBps : 0) + (flow.direction.includesOut ? rate.receivedBps : 0)
            return MirrorDemand(
                flowID: flow.id, inBps: inBps, outBps: outBps,
                meanPacketBytes: packets > 0 ? bits / 8 / packets : nil,
                basis: "port counters of \(source.end)" + (share < 1 ? ", expected filter share \(share)" : "")
            )
        case .allocation(let allocation):
            guard let host = source.host else {
                return MirrorDemand(flowID: flow.id, inBps: 0, outBps: 0, meanPacketBytes: nil, basis: "no host on \(source.end)")
            }
            let nonAddressShare = (filter.vlans != nil || filter.ipProtocol != nil || filter.peerPorts != nil) ? unresolvedShare : 1
            var inBps = 0.0
            var outBps = 0.0
            var counted = 0
            for result in allocation.demands where result.servedBps > 0 {
                let demand = result.demand
                let peer: String
                if demand.destination == host.name, flow.direction.includesIn {
                    peer = demand.source
                } else if demand.source == host.name, flow.direction.includesOut {
                    peer = demand.destination
                } else {
                    continue
                }
                let addressShare: Double
                if let prefix = filter.peerPrefix, let peerHost = topology.hostNamed(peer) {
                    addressShare = prefix.contains(peerHost.ip) ? 1 : 0
                } else {
                    addressShare = 1
                }
                let rate = result.servedBps * addressShare * nonAddressShare
                if demand.destination == host.name { inBps += rate } else { outBps += rate }
                counted += 1
            }
            return MirrorDemand(flowID: flow.id, inBps: inBps, outBps: outBps, meanPacketBytes: nil, basis: "\(counted) served demand(s) of \(host.name)")
        }
    }
}
