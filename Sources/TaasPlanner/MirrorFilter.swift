import Topology

/// What TaaS lacks: a match filter narrowing which of a source port's frames are mirrored.
///
/// Every field left `nil` matches everything. Address and port fields describe the *peer* of the source
/// port's host — the remote side of the conversation — so one filter reads the same in both directions:
/// for `OUT` frames the peer is the IPv4/L4 destination, for `IN` frames the source.
public struct MirrorFilter: Hashable, Sendable, Codable {
    /// VLAN ids of tenant frames (TaaS's `vlan_filter` syntax, `1-5,9`); `nil` = any, including untagged.
    public var vlans: NumberRanges?
    /// IPv4 prefix of the peer address.
    public var peerPrefix: IPv4Prefix?
    /// IP protocol number (1 ICMP, 6 TCP, 17 UDP, 132 SCTP).
    public var ipProtocol: UInt8?
    /// L4 ports of the peer; needs `ipProtocol` TCP, UDP or SCTP.
    public var peerPorts: NumberRanges?
    /// The operator's estimate (0...1] of the share of the port's traffic that matches, used for mirror
    /// demand where the share cannot be derived from the demands (VLAN, protocol, ports).
    public var expectedShare: Double?

    public init(vlans: NumberRanges? = nil, peerPrefix: IPv4Prefix? = nil, ipProtocol: UInt8? = nil, peerPorts: NumberRanges? = nil, expectedShare: Double? = nil) {
        self.vlans = vlans
        self.peerPrefix = peerPrefix
        self.ipProtocol = ipProtocol
        self.peerPorts = peerPorts
        self.expectedShare = expectedShare
    }

    /// IP protocols whose ports OpenFlow can match.
    public static let protocolsWithPorts: Set<UInt8> = [6, 17, 132]

    /// Whether the filter matches every frame.
    public var isEmpty: Bool {
        vlans == nil && peerPrefix == nil && ipProtocol == nil && peerPorts == nil
    }

    /// What is wrong with the filter, each naming the field.
    public func problems() -> [(field: String, message: String)] {
        var found: [(field: String, message: String)] = []
        if let vlans, vlans.ranges.contains(where: { $0.upperBound > 4095 }) {
            found.append(("vlan_filter", "VLAN ids must be 0...4095 (got \(vlans))"))
        }
        if peerPorts != nil, !(ipProtocol.map(Self.protocolsWithPorts.contains) ?? false) {
            found.append(("peer_ports", "an L4 port filter needs ip_protocol 6 (TCP), 17 (UDP) or 132 (SCTP)"))
        }
        if let expectedShare, !(expectedShare > 0 && expectedShare <= 1) {
            found.append(("expected_share", "must be in (0, 1] (got \(expectedShare))"))
        }
        return found
    }

    enum CodingKeys: String, CodingKey {
        case vlans = "vlan_filter"
        case peerPrefix = "peer_prefix"
        case ipProtocol = "ip_protocol"
        case peerPorts = "peer_ports"
        case expectedShare = "expected_share"
    }
}
