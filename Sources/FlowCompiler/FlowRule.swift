import Topology

/// One flow entry the compiler wants on a switch, in the compiler's own terms.
///
/// This is the desired state: the session turns it into an OpenFlow FLOW_MOD, reconcile compares it with
/// the flow statistics a switch reports, and tests compare it with `ovs-ofctl dump-flows`.
public struct FlowRule: Hashable, Sendable, CustomStringConvertible {
    /// The match fields the compiler uses; `nil` means wildcard.
    public struct Match: Hashable, Sendable {
        public var inPort: UInt32?
        public var ethType: UInt16?
        public var ethSource: MACAddress?
        public var ipv4Source: IPv4Address?
        /// Destination address and prefix length (32 for one host).
        public var ipv4Destination: IPv4Prefix?
        public var ipDSCP: UInt8?
        public var arpSenderIP: IPv4Address?
        public var arpTargetIP: IPv4Prefix?
        /// Mirror entries: frames addressed to a host (IN copies).
        public var ethDestination: MACAddress?
        /// Mask of `ethDestination` (`nil`: exact), e.g. `ff:ff:ff:ff:ff:f0` for the IEEE link-local block.
        public var ethDestinationMask: MACAddress?
        /// OXM `vlan_vid` with its mask: `0` for untagged frames, `0x1000 | id` for tagged ones.
        public var vlanVID: UInt16?
        public var vlanVIDMask: UInt16?
        /// Needs `vlanVID` with the present bit.
        public var vlanPCP: UInt8?
        /// Needs `ethType` IPv4.
        public var ipProtocol: UInt8?
        /// Exact L4 ports of `ipProtocol` (6 TCP, 17 UDP).
        public var l4Source: UInt16?
        public var l4Destination: UInt16?
        /// Pipeline metadata, exact: the traffic class the ingress leaf chose (index + 1).
        public var metadata: UInt64?

        public init(
            inPort: UInt32? = nil, ethType: UInt16? = nil, ethSource: MACAddress? = nil, ipv4Source: IPv4Address? = nil,
            ipv4Destination: IPv4Prefix? = nil, ipDSCP: UInt8? = nil, arpSenderIP: IPv4Address? = nil, arpTargetIP: IPv4Prefix? = nil,
            ethDestination: MACAddress? = nil, vlanVID: UInt16? = nil, vlanVIDMask: UInt16? = nil, vlanPCP: UInt8? = nil,
            ipProtocol: UInt8? = nil, l4Source: UInt16? = nil, l4Destination: UInt16? = nil, metadata: UInt64? = nil,
            ethDestinationMask: MACAddress? = nil
        ) {
            self.inPort = inPort
            self.ethType = ethType
            self.ethSource = ethSource
            self.ipv4Source = ipv4Source
            self.ipv4Destination = ipv4Destination
            self.ipDSCP = ipDSCP
            self.arpSenderIP = arpSenderIP
            self.arpTargetIP = arpTargetIP
            self.ethDestination = ethDestination
            self.ethDestinationMask = ethDestinationMask
            self.vlanVID = vlanVID
            self.vlanVIDMask = vlanVIDMask
            self.vlanPCP = vlanPCP
            self.ipProtocol = ipProtocol
            self.l4Source = l4Source
            self.l4Destination = l4Destination
            self.metadata = metadata
        }

        /// The fields in `ovs-ofctl` syntax, sorted.
        public var ofctlFields: [String] {
            var fields: [String] = []
            if let inPort { fields.append("in_port=\(inPort)") }
            switch ethType {
            case EtherType.ipv4?: fields.append("ip")
            case EtherType.arp?: fields.append("arp")
            case let other?: fields.append("dl_type=0x" + String(other, radix: 16).leftPadded(to: 4))
            case nil: break
            }
            if let ethSource { fields.append("dl_src=\(ethSource)") }
            if let ipv4Source { fields.append("nw_src=\(ipv4Source)") }
            if let ipv4Destination { fields.append("nw_dst=\(ipv4Destination.ofctlText)") }
            if let ipDSCP { fields.append("nw_tos=\(Int(ipDSCP) << 2)") }
            if let arpSenderIP { fields.append("arp_spa=\(arpSenderIP)") }
            if let arpTargetIP { fields.append("arp_tpa=\(arpTargetIP.ofctlText)") }
            if let ethDestination { fields.append("dl_dst=\(ethDestination)" + (ethDestinationMask.map { "/\($0)" } ?? "")) }
            if let vlanVID {
                if vlanVID == 0 && vlanVIDMask == nil {
                    fields.append("vlan_tci=0x0000/0x1fff")
                } else if let vlanVIDMask, vlanVIDMask != 0x1FFF {
                    fields.append("vlan_tci=0x\(String(vlanVID, radix: 16).leftPadded(to: 4))/0x\(String(vlanVIDMask, radix: 16).leftPadded(to: 4))")
                } else {
                    fields.append("dl_vlan=\(vlanVID & 0x0FFF)")
                }
            }
            if let vlanPCP { fields.append("dl_vlan_pcp=\(vlanPCP)") }
            if let ipProtocol { fields.append("nw_proto=\(ipProtocol)") }
            if let l4Source { fields.append("tp_src=\(l4Source)") }
            if let l4Destination { fields.append("tp_dst=\(l4Destination)") }
            if let metadata { fields.append("metadata=0x" + String(metadata, radix: 16)) }
            return fields.sorted()
        }
    }

    /// An action in an apply-actions instruction.
    public enum Action: Hashable, Sendable {
        case output(UInt32)
        /// Output to the controller, whole packet, unbuffered.
        case controller
        case group(UInt32)
        case setQueue(UInt32)
        /// Push an 802.1Q tag (mirror copies).
        case pushVLAN
        /// Set the VLAN id of the outermost tag (the present bit is added on the wire).
        case setVLANID(UInt16)
        case setVLANPCP(UInt8)
        case popVLAN
        /// Rewrite the DSCP (the ingress leaf marks a pinned sender's packets with its class's code point).
        case setDSCP(UInt8)
        /// Output at most `maxLength` bytes of the frame (OVS `output(port=…,max_len=…)`; tap truncation).
        case outputTruncated(port: UInt32, maxLength: UInt32)

        var ofctlText: String {
            switch self {
            case let .output(port) where port == 0xFFFF_FFF8: "IN_PORT"
            case let .output(port): "output:\(port)"
            case .controller: "CONTROLLER:65535"
            case let .group(id): "group:\(id)"
            case let .setQueue(queue): "set_queue:\(queue)"
            case .pushVLAN: "push_vlan:0x8100"
            case let .setVLANID(id): "set_field:\(Int(id) | 0x1000)->vlan_vid"
            case let .setVLANPCP(pcp): "set_field:\(pcp)->vlan_pcp"
            case .popVLAN: "pop_vlan"
            case let .setDSCP(dscp): "set_field:\(dscp)->ip_dscp"
            case let .outputTruncated(port, maxLength): "output(port=\(port),max_len=\(maxLength))"
            }
        }
    }

    public var table: UInt8
    public var priority: UInt16
    public var cookie: FlowCookie
    public var match: Match
    /// Meter instruction, applied before the actions.
    public var meter: UInt32?
    /// Apply-actions; empty with no `gotoTable` means drop.
    public var actions: [Action]
    /// Write-metadata (full mask) before `gotoTable`: the class chosen in the classification table.
    public var writeMetadata: UInt64?
    public var gotoTable: UInt8?

    public init(table: UInt8, priority: UInt16, cookie: FlowCookie, match: Match, meter: UInt32? = nil, actions: [Action] = [],
                writeMetadata: UInt64? = nil, gotoTable: UInt8? = nil) {
        self.table = table
        self.priority = priority
        self.cookie = cookie
        self.match = match
        self.meter = meter
        self.actions = actions
        self.writeMetadata = writeMetadata
        self.gotoTable = gotoTable
    }

    /// The instructions in `ovs-ofctl` syntax, as `dump-flows` prints them.
    public var ofctlActions: String {
        var parts: [String] = []
        if let meter { parts.append("meter:\(meter)") }
        parts += actions.map(\.ofctlText)
        if let writeMetadata { parts.append("write_metadata:0x" + String(writeMetadata, radix: 16)) }
        if let gotoTable { parts.append("goto_table:\(gotoTable)") }
        return parts.isEmpty ? "drop" : parts.joined(separator: ",")
    }

    /// Table, priority and match: what identifies an entry on a switch (two rules with the same key
    /// cannot coexist; adding one replaces the other).
    public var key: Key { Key(table: table, priority: priority, match: match) }

    public struct Key: Hashable, Sendable {
        public var table: UInt8
        public var priority: UInt16
        public var match: Match
    }

    public var description: String {
        "table=\(table) priority=\(priority) cookie=\(cookie) \(match.ofctlFields.joined(separator: ",")) actions=\(ofctlActions)"
    }

    /// The entry as `ovs-ofctl -O OpenFlow13 --no-stats dump-flows` prints it, so the two can be read
    /// (and compared) side by side.
    public var ofctlLine: String {
        let fields = match.ofctlFields
        return " cookie=\(cookie), table=\(table), priority=\(priority)\(fields.isEmpty ? "" : "," + fields.joined(separator: ",")) actions=\(ofctlActions)"
    }
}

/// EtherType values the compiler matches on.
public enum EtherType {
    public static let ipv4: UInt16 = 0x0800
    public static let arp: UInt16 = 0x0806
    public static let lldp: UInt16 = 0x88CC
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
