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

    /// The PCP that tells a copy's direction at the monitor: 1 for IN, 0 for OUT.
    public static func pcp(for direction: TapDirection) -> UInt8 { direction == .in ? 1 : 0 }
}
