import Topology

/// Which tenant frames a copy entry matches, in OpenFlow 1.3 field terms (a `nil` field is a wildcard).
/// One tap flow direction with a filter expands to several matches: VLAN and L4 port ranges become
/// masked blocks (`NumberRanges.maskedBlocks`).
public struct MirrorMatch: Hashable, Sendable, Codable {
    /// OUT copies: frames entering from the source host's port.
    public var inPort: UInt32?
    public var ethSource: MACAddress?
    /// IN copies: frames addressed to the source host.
    public var ethDestination: MACAddress?
    /// Tenant VLAN id under a 12-bit mask.
    public var vlan: MaskedValue?
    /// 0x0800 when an IPv4 field is matched.
    public var ethType: UInt16?
    public var ipProtocol: UInt8?
    public var ipv4Source: IPv4Prefix?
    public var ipv4Destination: IPv4Prefix?
    /// L4 source port under a 16-bit mask (TCP, UDP or SCTP per `ipProtocol`). OpenFlow 1.3 marks L4
    /// ports as not maskable; Open vSwitch accepts masks. A full mask is an exact match.
    public var l4Source: MaskedValue?
    public var l4Destination: MaskedValue?

    /// A match; every `nil` field is a wildcard.
    public init(inPort: UInt32? = nil, ethSource: MACAddress? = nil, ethDestination: MACAddress? = nil, vlan: MaskedValue? = nil, ethType: UInt16? = nil,
                ipProtocol: UInt8? = nil, ipv4Source: IPv4Prefix? = nil, ipv4Destination: IPv4Prefix? = nil, l4Source: MaskedValue? = nil, l4Destination: MaskedValue? = nil) {
        self.inPort = inPort
        self.ethSource = ethSource
        self.ethDestination = ethDestination
        self.vlan = vlan
        self.ethType = ethType
        self.ipProtocol = ipProtocol
        self.ipv4Source = ipv4Source
        self.ipv4Destination = ipv4Destination
        self.l4Source = l4Source
        self.l4Destination = l4Destination
    }

    /// The matches selecting `host`'s frames of one direction (`.in` or `.out`) that pass `filter`.
    /// The filter's peer fields land on the destination side for OUT frames and the source side for IN.
    static func expanding(_ filter: MirrorFilter?, host: Host, direction: TapDirection) -> [MirrorMatch] {
        var base = direction == .out
            ? MirrorMatch(inPort: host.attachment.port, ethSource: host.mac)
            : MirrorMatch(ethDestination: host.mac)
        guard let filter, !filter.isEmpty else { return [base] }
        if filter.peerPrefix != nil || filter.ipProtocol != nil { base.ethType = 0x0800 }
        base.ipProtocol = filter.ipProtocol
        if direction == .out { base.ipv4Destination = filter.peerPrefix } else { base.ipv4Source = filter.peerPrefix }
        let vlans: [MaskedValue?] = filter.vlans.map { $0.maskedBlocks(bits: 12) } ?? [nil]
        let ports: [MaskedValue?] = filter.peerPorts.map { $0.maskedBlocks(bits: 16) } ?? [nil]
        return vlans.flatMap { vlan in
            ports.map { port in
                var match = base
                match.vlan = vlan
                if direction == .out { match.l4Destination = port } else { match.l4Source = port }
                return match
            }
        }
    }
}
