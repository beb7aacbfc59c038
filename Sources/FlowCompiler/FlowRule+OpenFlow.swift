import OpenFlow
import Topology

extension FlowRule {
    /// The FLOW_MOD that adds this entry (replacing an entry with the same table, priority and match).
    public var addMessage: OpenFlowMessage.Payload {
        .flowMod(FlowMod(command: .add, tableID: table, priority: priority, match: match.openFlowMatch,
                         instructions: instructions, cookie: cookie.value))
    }

    /// The instructions in OpenFlow order: meter, apply-actions, goto-table.
    public var instructions: [Instruction] {
        var instructions: [Instruction] = []
        if let meter { instructions.append(.meter(meter)) }
        if !actions.isEmpty { instructions.append(.applyActions(actions.map(\.openFlowAction))) }
        if let writeMetadata { instructions.append(.writeMetadata(writeMetadata, mask: UInt64.max)) }
        if let gotoTable { instructions.append(.gotoTable(gotoTable)) }
        return instructions
    }

    /// The entry a switch reports, in the compiler's terms; `nil` when it uses anything the compiler
    /// never emits.
    public init?(stats: FlowStats) {
        guard let match = Match(stats.match) else { return nil }
        var meter: UInt32?
        var actions: [Action] = []
        var gotoTable: UInt8?
        var writeMetadata: UInt64?
        for instruction in stats.instructions {
            switch instruction {
            case let .meter(id): meter = id
            case let .writeMetadata(value, mask) where mask == UInt64.max: writeMetadata = value
            case let .gotoTable(table): gotoTable = table
            case let .applyActions(list):
                for action in list {
                    guard let converted = Action(action) else { return nil }
                    actions.append(converted)
                }
            default: return nil
            }
        }
        self.init(table: stats.tableID, priority: stats.priority, cookie: FlowCookie(rawValue: stats.cookie),
                  match: match, meter: meter, actions: actions, writeMetadata: writeMetadata, gotoTable: gotoTable)
    }
}

extension FlowRule.Match {
    /// OXM fields with prerequisites first (in_port, eth_type, then the fields that need it).
    public var openFlowMatch: OpenFlow.Match {
        var fields: [OXMField] = []
        if let inPort { fields.append(.inPort(inPort)) }
        if let metadata { fields.append(.metadata(metadata)) }
        if let ethType { fields.append(.ethType(ethType)) }
        if let ethSource { fields.append(.ethSrc(ethSource.value)) }
        if let ipDSCP { fields.append(.ipDSCP(ipDSCP)) }
        if let ipv4Source { fields.append(.ipv4Src(ipv4Source.value)) }
        if let ipv4Destination { fields.append(.ipv4Dst(ipv4Destination.network.value, mask: ipv4Destination.oxmMask)) }
        if let arpSenderIP { fields.append(.arpSPA(arpSenderIP.value)) }
        if let arpTargetIP { fields.append(.arpTPA(arpTargetIP.network.value, mask: arpTargetIP.oxmMask)) }
        if let ethDestination { fields.append(.ethDst(ethDestination.value, mask: ethDestinationMask?.value)) }
        if let vlanVID { fields.append(.vlanVID(vlanVID, mask: vlanVIDMask)) }
        if let vlanPCP { fields.append(.vlanPCP(vlanPCP)) }
        if let ipProtocol { fields.append(.ipProto(ipProtocol)) }
        if let l4Source { fields.append(ipProtocol == 17 ? .udpSrc(l4Source) : .tcpSrc(l4Source)) }
        if let l4Destination { fields.append(ipProtocol == 17 ? .udpDst(l4Destination) : .tcpDst(l4Destination)) }
        return OpenFlow.Match(fields)
    }

    /// The compiler's view of a reported match; `nil` when it has fields the compiler never uses.
    public init?(_ match: OpenFlow.Match) {
        self.init()
        for field in match.fields {
            switch field {
            case let .inPort(port): inPort = port
            case let .metadata(value, nil): metadata = value
            case let .ethType(type): ethType = type
            case let .ethSrc(address, nil): ethSource = MACAddress(address)
            case let .ipDSCP(dscp): ipDSCP = dscp
            case let .ipv4Src(address, nil): ipv4Source = IPv4Address(address)
            case let .ipv4Dst(address, mask): guard let prefix = IPv4Prefix(address, oxmMask: mask) else { return nil }; ipv4Destination = prefix
            case let .arpSPA(address, nil): arpSenderIP = IPv4Address(address)
            case let .arpTPA(address, mask): guard let prefix = IPv4Prefix(address, oxmMask: mask) else { return nil }; arpTargetIP = prefix
            case let .ethDst(address, mask): ethDestination = MACAddress(address); ethDestinationMask = mask.map(MACAddress.init)
            case let .vlanVID(id, mask): vlanVID = id; vlanVIDMask = mask
            case let .vlanPCP(pcp): vlanPCP = pcp
            case let .ipProto(number): ipProtocol = number
            case let .tcpSrc(port), let .udpSrc(port): l4Source = port
            case let .tcpDst(port), let .udpDst(port): l4Destination = port
            default: return nil
            }
        }
    }
}

extension FlowRule.Action {
    public var openFlowAction: OpenFlow.Action {
        switch self {
        case let .output(port): .output(port: port)
        case .controller: .output(port: OpenFlowPort.controller, maxLength: OpenFlowPort.noBufferLength)
        case let .group(id): .group(id)
        case let .setQueue(queue): .setQueue(queue)
        case .pushVLAN: .pushVLAN(etherType: 0x8100)
        case let .setVLANID(id): .setField(.vlanVID(0x1000 | id))
        case let .setVLANPCP(pcp): .setField(.vlanPCP(pcp))
        case .popVLAN: .popVLAN
        case let .setDSCP(dscp): .setField(.ipDSCP(dscp))
        case let .outputTruncated(port, maxLength): .outputTruncated(port: port, maxLength: maxLength)
        }
    }

    public init?(_ action: OpenFlow.Action) {
        switch action {
        case let .output(port, _) where port == OpenFlowPort.controller: self = .controller
        case let .output(port, _): self = .output(port)
        case let .group(id): self = .group(id)
        case let .setQueue(queue): self = .setQueue(queue)
        case .pushVLAN(0x8100): self = .pushVLAN
        case let .setField(.vlanVID(id, nil)): self = .setVLANID(id & 0x0FFF)
        case let .setField(.vlanPCP(pcp)): self = .setVLANPCP(pcp)
        case .popVLAN: self = .popVLAN
        case let .setField(.ipDSCP(dscp)): self = .setDSCP(dscp)
        case let .outputTruncated(port, maxLength): self = .outputTruncated(port: port, maxLength: maxLength)
        default: return nil
        }
    }
}

extension IPv4Prefix {
    /// The OXM mask: none for a single host.
    public var oxmMask: UInt32? { length == 32 ? nil : mask }

    /// A prefix from an OXM value and mask; `nil` for a non-contiguous mask.
    public init?(_ address: UInt32, oxmMask mask: UInt32?) {
        let mask = mask ?? UInt32.max
        let length = mask.nonzeroBitCount
        guard mask == (length == 0 ? 0 : UInt32.max << UInt32(32 - length)) else { return nil }
        self.init(IPv4Address(address), length: length)
    }
}

extension GroupEntry {
    /// The GROUP_MOD that installs this select group (`command` add or modify).
    public func message(_ command: GroupMod.Command) -> OpenFlowMessage.Payload {
        .groupMod(GroupMod(command: command, type: .select, groupID: id,
                           buckets: buckets.map { OpenFlow.Bucket(weight: $0.weight, actions: $0.actions.map(\.openFlowAction)) }))
    }

    /// The group a switch reports, in the compiler's terms; `nil` unless it is a select group of
    /// actions the compiler emits.
    public init?(_ description: GroupDescription) {
        guard description.type == .select else { return nil }
        var buckets: [Bucket] = []
        for bucket in description.buckets {
            var actions: [FlowRule.Action] = []
            for action in bucket.actions {
                guard let converted = FlowRule.Action(action) else { return nil }
                actions.append(converted)
            }
            buckets.append(Bucket(weight: bucket.weight, actions: actions))
        }
        self.init(id: description.groupID, buckets: buckets)
    }
}

extension MeterEntry {
    /// The METER_MOD that installs this meter (`command` add or modify).
    public func message(_ command: MeterMod.Command) -> OpenFlowMessage.Payload {
        .meterMod(MeterMod(command: command, flags: [.kbps, .burst, .stats], meterID: id,
                           bands: [.drop(rate: rateKbps, burstSize: burstKbits)]))
    }
}
