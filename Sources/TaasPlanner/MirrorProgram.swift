import Topology

/// Mirror intent per switch, as plain values: what the controller encodes as OpenFlow 1.3 entries.
///
/// - **Copy** entries sit at the source switch in a mirror stage the tenant pipeline passes through
///   before forwarding: they add a copy (push VLAN `taas_id`, PCP marking the direction, output to the
///   first mirror hop) and let the tenant frame continue unchanged. They also forward tenant frames, so
///   they **never carry a meter**. When the first hop cannot carry full copies the copy goes through a
///   select group (copy bucket weighted by the sampling fraction, empty bucket for the rest).
/// - **Hop** entries carry nothing but copies: they match VLAN `taas_id` on a fabric in-port, ahead of
///   tenant admission (tenant frames are untagged, so they never overlap tenant entries). At the switch
///   after the source, one entry per tap flow direction also matches the direction mark and the host's
///   MAC and applies the flow's **meter** — the only place a copy is policed. Further transit entries
///   forward by (in-port, `taas_id`); the destination switch pops the tag and outputs to the monitor port.
public struct MirrorProgram: Hashable, Sendable, Codable {
    public var copies: [MirrorCopy]
    public var hops: [MirrorHop]
    /// One per tap flow that crosses a fabric link.
    public var meters: [MirrorMeter]

    /// Mirror intent for every placed flow of `plan` (flows that mirror nothing get no entries).
    /// `queue`, when the switches have a low-priority queue for copies, is set before every copy output.
    public init(plan: MirrorPlan, catalog: TapCatalog, topology: Topology, queue: UInt32? = nil) {
        var copies: [MirrorCopy] = []
        var hops: [MirrorHop] = []
        var meters: [MirrorMeter] = []
        var transit: Set<MirrorHop> = []
        for placement in plan.placements where placement.meterRateBps > 0 || placement.mirroredBps > 0 {
            guard let path = placement.path, let flow = catalog.flow(placement.flowID),
                  let host = placement.sourceHost.flatMap(topology.hostNamed) else { continue }
            let local = path.links.isEmpty
            let firstOutput = local ? placement.destination.port : topology.links[path.links[0]].source.port
            let sampling = placement.reduction == .sampleAtSource ? placement.samplingFraction : nil
            let directions: [TapDirection] = flow.direction == .both ? [.out, .in] : [flow.direction]
            for direction in directions {
                for match in MirrorMatch.expanding(flow.filter, host: host, direction: direction) {
                    copies.append(MirrorCopy(switchName: placement.source.node, tapFlowID: flow.id, taasID: placement.taasID, direction: direction,
                                             match: match, tagged: !local, output: firstOutput, sampling: sampling, queue: queue,
                                             truncateBytes: placement.truncatedToBytes.map { UInt32(clamping: $0) }))
                }
            }
            guard !local else { continue }
            meters.append(MirrorMeter(switchName: topology.links[path.links[0]].target.node, tapFlowID: flow.id, rateBps: placement.meterRateBps))
            for (hop, link) in path.links.enumerated() {
                let entry = topology.links[link].target
                let action: MirrorHop.Action = hop + 1 < path.links.count
                    ? .forward(topology.links[path.links[hop + 1]].source.port)
                    : .deliver(placement.destination.port)
                if hop == 0 {
                    for direction in directions {
                        hops.append(MirrorHop(switchName: entry.node, taasID: placement.taasID, inPort: entry.port,
                                              identity: MirrorHop.Identity(tapFlowID: flow.id, direction: direction, host: host.mac),
                                              meteredBy: flow.id, action: action, queue: queue))
                    }
                } else {
                    let hop = MirrorHop(switchName: entry.node, taasID: placement.taasID, inPort: entry.port, identity: nil, meteredBy: nil, action: action, queue: queue)
                    if transit.insert(hop).inserted { hops.append(hop) }
                }
            }
        }
        self.copies = copies
        self.hops = hops
        self.meters = meters
    }

    /// Names of the switches that hold any mirror entry, sorted.
    public var switchNames: [String] {
        Array(Set(copies.map(\.switchName) + hops.map(\.switchName))).sorted()
    }
}
