import OpenFlow
import TaasPlanner
import Topology

/// Turns TaasPlanner's mirror intent into entries of the `FlowCompiler` pipeline, all in table 0 so the
/// tenant tables stay untouched.
///
/// - **Copies shadow the tenant entry they extend**: an OUT copy repeats the host's admission match
///   (in_port, eth_src, ipv4_src / arp_spa) one priority step above it and continues to classification
///   exactly as admission would; an IN copy repeats the fabric-ingress entry (in_port of a fabric port,
///   untagged) plus `eth_dst` of the host and continues to forwarding, or, for a sender on the same
///   switch, repeats that sender's admission match. So tenant frames take the same path with or without
///   taps. Copy actions are push VLAN `taas_id`, set PCP, output, pop VLAN — or a weighted select group
///   when the copy is sampled at the source. No meter and no queue on these entries: they forward
///   tenant frames (the OpenFlow 1.3 meter trap), and a queue set here would also apply to the tenant
///   frame's output.
/// - **Hops carry only copies**: tagged frames on a fabric in-port, above every tenant entry (tenant
///   frames are untagged, so nothing tenant ever matches them). The per-flow hop after the source has
///   the flow's meter.
/// - **One entry per match**: tap flows with the same source, direction and filter (two services
///   watching one port), and a local IN copy that also carries the sender's OUT copies, share one
///   entry that makes every copy; the entry counts for each of those tap flows (see ``TapFlowAccounting``).
/// - A peer prefix on IN copies is expanded into the exact addresses of the inventory hosts inside it —
///   admission lets no other source address into the fabric — and L4 port blocks into exact ports
///   (OpenFlow 1.3 cannot mask L4 ports), at most `maxPortsPerRange` per block.
struct MirrorCompiler {
    enum Priority {
        static let fabricCopy: UInt16 = FlowCompiler.Priority.fabric + 10
        static let hostCopy: UInt16 = FlowCompiler.Priority.host + 10
        static let localInCopy: UInt16 = FlowCompiler.Priority.host + 20
        static let hop: UInt16 = FlowCompiler.Priority.host + 100
        static let flowHop: UInt16 = FlowCompiler.Priority.host + 110
    }

    var topology: Topology
    var cookie: FlowCookie
    /// Version parity (0/1) so a new version's meters and groups never collide with the old one's.
    var parity: UInt32
    var burstSeconds: Double
    var maxPortsPerRange = 64

    /// Adds the mirror's entries, groups and meters to `programs`; returns where each tap flow's copy
    /// entries and meters are, by tap flow id.
    func add(_ mirror: MirrorProgram, into programs: inout [String: SwitchProgram]) throws(FlowCompilerError) -> [String: TapFlowAccounting] {
        var accounting: [String: TapFlowAccounting] = [:]
        var meterIDs: [String: [String: UInt32]] = [:]
        for meter in mirror.meters {
            let id = 0x1000 | parity << 11 | UInt32(meterIDs[meter.switchName, default: [:]].count + 1)
            meterIDs[meter.switchName, default: [:]][meter.tapFlowID] = id
            accounting[meter.tapFlowID, default: TapFlowAccounting()].meters[meter.switchName] = id
            let kbps = UInt32(min(max(meter.rateBps / 1000, 1), Double(UInt32.max)))
            programs[meter.switchName]?.meters.append(MeterEntry(id: id, rateKbps: kbps, burstSeconds: burstSeconds))
        }
        for hop in mirror.hops {
            var match = FlowRule.Match(inPort: hop.inPort, vlanVID: 0x1000 | hop.taasID)
            if let identity = hop.identity {
                match.vlanPCP = MirrorCopy.pcp(for: identity.direction)
                if identity.direction == .out { match.ethSource = identity.host } else { match.ethDestination = identity.host }
            }
            let actions: [FlowRule.Action]
            switch hop.action {
            case let .forward(port): actions = (hop.queue.map { [.setQueue($0)] } ?? []) + [.output(port)]
            case let .deliver(port): actions = [.popVLAN] + (hop.queue.map { [.setQueue($0)] } ?? []) + [.output(port)]
            }
            let meter = hop.meteredBy.flatMap { meterIDs[hop.switchName]?[$0] }
            programs[hop.switchName]?.flows.append(FlowRule(table: FlowCompiler.Table.admission, priority: hop.identity == nil ? Priority.hop : Priority.flowHop,
                                                            cookie: cookie, match: match, meter: meter, actions: actions))
        }
        var groupCount: [String: UInt32] = [:]
        /// The actions adding `copy`, for frames arriving on `inPort`: a copy leaving by the port a frame
        /// came in on must name `IN_PORT` (OpenFlow drops a plain output to the ingress port).
        var made: [String: [FlowRule.Action]] = [:]
        func actions(for index: Int, arrivingOn inPort: UInt32?) -> [FlowRule.Action] {
            let copy = mirror.copies[index]
            let output = inPort == copy.output ? OpenFlowPort.inPort : copy.output
            let key = "\(index)/\(output)"
            if let known = made[key] { return known }
            let built = build(copy, output: output)
            made[key] = built
            return built
        }
        func build(_ copy: MirrorCopy, output: UInt32) -> [FlowRule.Action] {
            // A tagged copy carries 4 more bytes than the tenant frame until the last hop pops the tag.
            let send: FlowRule.Action = copy.truncateBytes.map { .outputTruncated(port: output, maxLength: $0 + (copy.tagged ? 4 : 0)) } ?? .output(output)
            let copying: [FlowRule.Action] = copy.tagged
                ? [.pushVLAN, .setVLANID(copy.taasID), .setVLANPCP(copy.pcp), send, .popVLAN]
                : [send]
            guard let sampling = copy.sampling else { return copying }
            let id = 0x0100_0000 | parity << 16 | (groupCount[copy.switchName, default: 0] + 1)
            groupCount[copy.switchName, default: 0] += 1
            accounting[copy.tapFlowID, default: TapFlowAccounting()].samplingGroups[copy.switchName, default: []].insert(id)
            let copyWeight = UInt16(max(1, min(999, (sampling * 1000).rounded())))
            programs[copy.switchName]?.groups.append(GroupEntry(id: id, buckets: [
                GroupEntry.Bucket(weight: copyWeight, actions: copying), GroupEntry.Bucket(weight: 1000 - copyWeight, actions: []),
            ]))
            return [.group(id)]
        }
        var outCopies: [String: [Int]] = [:]
        for (index, copy) in mirror.copies.enumerated() where copy.direction == .out && isUnfiltered(copy.match) {
            _ = actions(for: index, arrivingOn: copy.match.inPort)
            outCopies["\(copy.switchName)/\(copy.match.inPort ?? 0)", default: []].append(index)
        }
        // One entry per (switch, table, priority, match): tap flows with the same source, direction and
        // filter share it, and it makes each of their copies (OpenFlow keeps one entry per key).
        var order: [String: [FlowRule]] = [:]
        var carried: [String: [FlowRule.Key: [Int]]] = [:]
        for (index, copy) in mirror.copies.enumerated() {
            for entry in try entries(for: copy, index: index, outCopies: outCopies) {
                let rule = FlowRule(table: FlowCompiler.Table.admission, priority: entry.priority, cookie: cookie, match: entry.match, actions: [],
                                    gotoTable: entry.next)
                if let known = carried[copy.switchName]?[rule.key] {
                    carried[copy.switchName]?[rule.key] = known + entry.copies.filter { !known.contains($0) }
                } else {
                    order[copy.switchName, default: []].append(rule)
                    carried[copy.switchName, default: [:]][rule.key] = entry.copies
                }
            }
        }
        for (switchName, rules) in order.sorted(by: { $0.key < $1.key }) {
            for var rule in rules {
                let copies = carried[switchName]?[rule.key] ?? []
                rule.actions = copies.flatMap { actions(for: $0, arrivingOn: rule.match.inPort) }
                programs[switchName]?.flows.append(rule)
                for index in copies {
                    accounting[mirror.copies[index].tapFlowID, default: TapFlowAccounting()].copyEntries[switchName, default: []].insert(rule.key)
                }
            }
        }
        return accounting
    }

    /// A copy entry before its actions: where it sits, what it matches, and which copies (indices into
    /// the mirror's copies) it makes.
    private struct CopyEntry {
        var match: FlowRule.Match
        var priority: UInt16
        var next: UInt8
        var copies: [Int]
    }

    private func isUnfiltered(_ match: MirrorMatch) -> Bool {
        match.vlan == nil && match.ethType == nil && match.ipProtocol == nil
    }

    /// The table-0 entries of copy `index`, each shadowing the tenant entry it extends; a local IN copy's
    /// entries also make the sender's unfiltered OUT copies (`outCopies`, by switch and in-port).
    private func entries(for copy: MirrorCopy, index: Int, outCopies: [String: [Int]]) throws(FlowCompilerError) -> [CopyEntry] {
        let filter = copy.match
        let ipOnly = !isUnfiltered(filter) && (filter.ethType != nil || filter.ipProtocol != nil)
        let ports = try expand(filter.l4Source ?? filter.l4Destination, flow: copy.tapFlowID)
        func withFilter(_ base: FlowRule.Match, ip: Bool) -> [FlowRule.Match] {
            ports.map { port in
                var match = base
                if let vlan = filter.vlan { match.vlanVID = 0x1000 | vlan.value; match.vlanVIDMask = 0x1000 | vlan.mask }
                if ip {
                    match.ipProtocol = filter.ipProtocol
                    if let destination = filter.ipv4Destination { match.ipv4Destination = IPv4Prefix(destination.network, length: destination.length) }
                    if filter.l4Source != nil { match.l4Source = port }
                    if filter.l4Destination != nil { match.l4Destination = port }
                }
                return match
            }
        }
        func rule(_ match: FlowRule.Match, _ priority: UInt16, _ copies: [Int], next: UInt8) -> CopyEntry {
            CopyEntry(match: match, priority: priority, next: next, copies: copies)
        }
        let local = topology.hosts(attachedTo: copy.switchName)
        var rules: [CopyEntry] = []
        if copy.direction == .out {
            guard let inPort = filter.inPort, let host = local.first(where: { $0.attachment.port == inPort }) else {
                throw .invalidMirror(tapFlow: copy.tapFlowID, reason: "no host on \(copy.switchName):\(filter.inPort ?? 0)")
            }
            let admission = FlowRule.Match(inPort: inPort, ethType: EtherType.ipv4, ethSource: host.mac, ipv4Source: host.ip)
            let copying = [index]
            rules += withFilter(admission, ip: true).map { rule($0, Priority.hostCopy, copying, next: FlowCompiler.Table.classification) }
            if !ipOnly {
                let arp = FlowRule.Match(inPort: inPort, ethType: EtherType.arp, ethSource: host.mac, arpSenderIP: host.ip)
                rules += withFilter(arp, ip: false).map { rule($0, Priority.hostCopy, copying, next: FlowCompiler.Table.classification) }
            }
            return rules
        }
        guard let target = filter.ethDestination else {
            throw .invalidMirror(tapFlow: copy.tapFlowID, reason: "an IN copy needs the host's MAC")
        }
        let sources = topology.hosts.filter { host in filter.ipv4Source.map { $0.contains(host.ip) } ?? true }
        let fabricPorts = Set(topology.outgoingLinkIndices(of: copy.switchName).map { topology.links[$0].source.port }).sorted()
        for port in fabricPorts {
            let copying = [index]
            var fabric = FlowRule.Match(inPort: port, ethDestination: target)
            if filter.vlan == nil { fabric.vlanVID = 0 }
            if ipOnly || filter.ipv4Source != nil {
                fabric.ethType = EtherType.ipv4
                let addresses: [IPv4Address?] = filter.ipv4Source == nil ? [nil] : sources.filter { $0.attachment.node != copy.switchName }.map(\.ip)
                for address in addresses {
                    var narrowed = fabric
                    narrowed.ipv4Source = address
                    rules += withFilter(narrowed, ip: true).map { rule($0, Priority.fabricCopy, copying, next: FlowCompiler.Table.forwarding) }
                }
            } else {
                rules += withFilter(fabric, ip: false).map { rule($0, Priority.fabricCopy, copying, next: FlowCompiler.Table.forwarding) }
            }
        }
        for sender in local where sender.mac != target && sources.contains(sender) {
            let both = [index] + (outCopies["\(copy.switchName)/\(sender.attachment.port)"] ?? []).filter { $0 != index }
            let admission = FlowRule.Match(inPort: sender.attachment.port, ethType: EtherType.ipv4, ethSource: sender.mac, ipv4Source: sender.ip, ethDestination: target)
            rules += withFilter(admission, ip: true).map { rule($0, Priority.localInCopy, both, next: FlowCompiler.Table.classification) }
            if !ipOnly && filter.ipv4Source == nil {
                let arp = FlowRule.Match(inPort: sender.attachment.port, ethType: EtherType.arp, ethSource: sender.mac, arpSenderIP: sender.ip, ethDestination: target)
                rules += withFilter(arp, ip: false).map { rule($0, Priority.localInCopy, both, next: FlowCompiler.Table.classification) }
            }
        }
        return rules
    }

    /// The exact ports of a masked block (`[nil]` when there is no port field).
    private func expand(_ block: MaskedValue?, flow: String) throws(FlowCompilerError) -> [UInt16?] {
        guard let block else { return [nil] }
        let size = Int(~block.mask) + 1
        guard size <= maxPortsPerRange else {
            throw .invalidMirror(tapFlow: flow, reason: "L4 port block \(block) spans \(size) ports; OpenFlow 1.3 matches exact ports, at most \(maxPortsPerRange) per block")
        }
        return (0..<size).map { UInt16(Int(block.value) + $0) }
    }
}
