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

/// At a tap flow's source switch: copy one direction's matching tenant frames towards the monitor.
public struct MirrorCopy: Hashable, Sendable, Codable {
    public var switchName: String
    public var tapFlowID: String
    public var taasID: UInt16
    /// `.in` or `.out` (a BOTH flow has entries of each).
    public var direction: TapDirection
    public var match: MirrorMatch
    /// Push VLAN `taas_id` with PCP `pcp`; false when the monitor port is on this switch (local copy).
    public var tagged: Bool
    /// Fabric port of the first mirror hop, or the monitor port for a local copy.
    public var output: UInt32
    /// Copy bucket weight of a select group (the empty bucket gets `1 − sampling`); `nil` copies all.
    public var sampling: Double?
    public var queue: UInt32?
    /// The tap asks for copies cut to this many bytes of the tenant frame (OVS output truncation at the
    /// copy point, so the cut copy is what crosses the fabric); `nil` copies whole frames.
    public var truncateBytes: UInt32?

    /// The PCP marking a copy's direction so per-flow hop entries can tell an IN copy of one host from
    /// an OUT copy of its peer (the same frame): 1 (background) for IN, 0 (best effort) for OUT — both
    /// below the classes tenants mark.
    public var pcp: UInt8 { MirrorCopy.pcp(for: direction) }

    public static func pcp(for direction: TapDirection) -> UInt8 { direction == .in ? 1 : 0 }
}

/// A copy-only entry on a switch after the source: forward tagged copies, or deliver them.
public struct MirrorHop: Hashable, Sendable, Codable {
    public enum Action: Hashable, Sendable, Codable {
        /// Output the tagged copy on this fabric port.
        case forward(UInt32)
        /// Pop the VLAN tag and output to the monitor port.
        case deliver(UInt32)
    }

    /// One tap flow direction's copies: PCP `MirrorCopy.pcp(for:)` and the host's MAC as source (OUT)
    /// or destination (IN).
    public struct Identity: Hashable, Sendable, Codable {
        public var tapFlowID: String
        public var direction: TapDirection
        public var host: MACAddress
    }

    public var switchName: String
    public var taasID: UInt16
    public var inPort: UInt32
    /// Set on the first switch after the source (per-flow entry, above the service's transit entries).
    public var identity: Identity?
    /// The tap flow whose meter this entry applies.
    public var meteredBy: String?
    public var action: Action
    public var queue: UInt32?
}

/// A tap flow's meter, on the first switch after its source: one drop band at `rateBps`.
public struct MirrorMeter: Hashable, Sendable, Codable {
    public var switchName: String
    public var tapFlowID: String
    public var rateBps: Double
}
