import Topology

/// Compiles a `RoutingPlan` into the OpenFlow 1.3 pipeline of every switch.
///
/// Pipeline (all entries proactive; nothing is ever sent to the controller except LLDP):
///
/// - **Table 0, admission.** On a host port, LLDP and IEEE link-local control frames
///   (`01:80:c2:00:00:0x`: STP, LACP, 802.1X) are dropped first (hosts do not take part in discovery; the
///   entries' counters count what hosts sent), so LLDP reaches the controller only from fabric ports and
///   ports not yet in use (where cables may come up). On a host port only the attached host's
///   exact (in_port, eth_src, ipv4_src) passes for IPv4 and (in_port, eth_src, arp_spa) for ARP, on to
///   table 1 — anti-spoofing. A fabric port (one carrying a link) passes everything on to table 2.
///   Everything else hits the priority-0 drop entry, whose counters count what was refused.
/// - **Table 1, classification** (traffic that entered from a host; only the ingress leaf trusts DSCP).
///   Each traffic class's DSCP values write the class (index + 1) into the pipeline metadata, set the
///   class's queue where the switch has queues and, when the class is capped, apply its meter; a host
///   pinned to a class is matched by address instead and its DSCP rewritten to the class's code point.
///   Everything else is the plan's default (lowest) class. Then table 2.
/// - **Table 2, class aggregates** (ingress leaf only). Per (egress leaf, class) with a planned rate: the
///   class metadata and the egress leaf's prefix, a meter (one drop band at the aggregate's planned rate,
///   burst `burstSeconds` of it) and the class's own select group (buckets weighted by the rate the plan
///   puts on each path). Every other (egress leaf, class) gets the same entry with a meter that only
///   counts (`countingRateKbps`) and the destination's forwarding action. The meters' input counters
///   (what reached the meter, dropped or not) are what the controller reads as the traffic matrix: the
///   offered load of every aggregate, planned or not.
/// - **Table 2, forwarding by destination.** Local hosts by exact IPv4 / ARP target address; every other
///   edge switch by one prefix covering its hosts (or per host when no exclusive prefix exists), out of
///   one port or a select group whose bucket weights are proportional to the planned path rates.
///   ARP follows the same entries as IPv4 (by target address), so ping needs no reactive path.
///
/// Entry counts grow with hosts plus switches, not host pairs: a leaf holds about
/// 6 × local hosts + 2 × other leaves + uplinks + classes + 4 entries, plus one entry and one meter per
/// (other leaf, class) aggregate and one group per aggregate with a planned rate.
public struct FlowCompiler: Sendable {
    public enum Table {
        public static let admission: UInt8 = 0
        public static let classification: UInt8 = 1
        public static let forwarding: UInt8 = 2
    }

    public enum Priority {
        public static let hostControl: UInt16 = 65100
        public static let discovery: UInt16 = 65000
        public static let host: UInt16 = 1000
        public static let fabric: UInt16 = 900
        public static let pinned: UInt16 = 600
        public static let classified: UInt16 = 500
        public static let localDelivery: UInt16 = 300
        public static let classAggregate: UInt16 = 250
        public static let remoteDelivery: UInt16 = 200
        public static let drop: UInt16 = 0
    }

    /// Meter burst, in seconds of the metered rate (default 100 ms worth): how long an aggregate may
    /// exceed its rate before the drop band bites. Too small drops TCP bursts; too large lets a
    /// short-lived excess through.
    public var burstSeconds: Double

    public init(burstSeconds: Double = 0.1) {
        self.burstSeconds = burstSeconds
    }

    /// IEEE 802.1D reserved link-local destinations `01:80:c2:00:00:00`–`0f` (STP, LACP, 802.1X, LLDP).
    public static let linkLocalControl = MACAddress(0x0180_C200_0000)
    public static let linkLocalControlMask = MACAddress(0xFFFF_FFFF_FFF0)

    /// The program for every switch of `topology` under `plan`.
    public func compile(_ plan: RoutingPlan, for topology: Topology) throws(FlowCompilerError) -> FabricProgram {
        let version = plan.version
        func cookie(_ purpose: FlowCookie.Purpose) -> FlowCookie { FlowCookie(version: version, purpose: purpose) }
        let parity = version & 1
        var programs: [String: SwitchProgram] = [:]
        for item in topology.switches {
            programs[item.name] = SwitchProgram(switchName: item.name, datapathID: item.datapathID)
        }

        var fabricPorts: [String: Set<UInt32>] = [:]
        for link in topology.links {
            fabricPorts[link.source.node, default: []].insert(link.source.port)
        }
        let edges = Set(topology.hosts.map(\.attachment.node))
        let meterIDs = try meters(plan.classes, parity: parity, switchName: topology.switches.first?.name ?? "")

        for item in topology.switches {
            let name = item.name
            var flows: [FlowRule] = [
                FlowRule(table: Table.admission, priority: Priority.discovery, cookie: cookie(.discovery),
                         match: .init(ethType: EtherType.lldp), actions: [.controller]),
                FlowRule(table: Table.admission, priority: Priority.drop, cookie: cookie(.drop), match: .init()),
                FlowRule(table: Table.forwarding, priority: Priority.drop, cookie: cookie(.drop), match: .init()),
            ]
            for port in (fabricPorts[name] ?? []).sorted() {
                flows.append(FlowRule(table: Table.admission, priority: Priority.fabric, cookie: cookie(.fabricIngress),
                                      match: .init(inPort: port), gotoTable: Table.forwarding))
            }
            if edges.contains(name) {
                for host in topology.hosts(attachedTo: name) {
                    try checkPort(host.attachment, in: topology, element: "host \(host.name)")
                    let port = host.attachment.port
                    flows += [
                        FlowRule(table: Table.admission, priority: Priority.hostControl, cookie: cookie(.hostControl),
                                 match: .init(inPort: port, ethType: EtherType.lldp)),
                        FlowRule(table: Table.admission, priority: Priority.hostControl, cookie: cookie(.hostControl),
                                 match: .init(inPort: port, ethDestination: Self.linkLocalControl, ethDestinationMask: Self.linkLocalControlMask)),
                        FlowRule(table: Table.admission, priority: Priority.host, cookie: cookie(.admission),
                                 match: .init(inPort: port, ethType: EtherType.ipv4, ethSource: host.mac, ipv4Source: host.ip),
                                 gotoTable: Table.classification),
                        FlowRule(table: Table.admission, priority: Priority.host, cookie: cookie(.admission),
                                 match: .init(inPort: port, ethType: EtherType.arp, ethSource: host.mac, arpSenderIP: host.ip),
                                 gotoTable: Table.classification),
                        FlowRule(table: Table.forwarding, priority: Priority.localDelivery, cookie: cookie(.localDelivery),
                                 match: .init(ethType: EtherType.ipv4, ipv4Destination: IPv4Prefix(host.ip, length: 32)),
                                 actions: [.output(port)]),
                        FlowRule(table: Table.forwarding, priority: Priority.localDelivery, cookie: cookie(.localDelivery),
                                 match: .init(ethType: EtherType.arp, arpTargetIP: IPv4Prefix(host.ip, length: 32)),
                                 actions: [.output(port)]),
                    ]
                }
                let defaultIndex = plan.defaultClass.flatMap { name in plan.classes.firstIndex { $0.name == name } }
                flows.append(FlowRule(table: Table.classification, priority: Priority.drop, cookie: cookie(.classification),
                                      match: .init(), meter: defaultIndex.flatMap { meterIDs[$0]?.id },
                                      actions: defaultIndex.flatMap { plan.classes[$0].queue }.map { [.setQueue($0)] } ?? [],
                                      writeMetadata: defaultIndex.map { UInt64($0 + 1) }, gotoTable: Table.forwarding))
                for (index, trafficClass) in plan.classes.enumerated() {
                    let queue: [FlowRule.Action] = trafficClass.queue.map { [.setQueue($0)] } ?? []
                    for dscp in trafficClass.dscp.sorted() {
                        flows.append(FlowRule(table: Table.classification, priority: Priority.classified, cookie: cookie(.classification),
                                              match: .init(ethType: EtherType.ipv4, ipDSCP: dscp), meter: meterIDs[index]?.id,
                                              actions: queue, writeMetadata: UInt64(index + 1), gotoTable: Table.forwarding))
                    }
                    for host in topology.hosts(attachedTo: name) where trafficClass.pinnedHosts.contains(host.name) {
                        let mark: [FlowRule.Action] = trafficClass.dscp.first.map { [.setDSCP($0)] } ?? []
                        flows.append(FlowRule(table: Table.classification, priority: Priority.pinned, cookie: cookie(.classification),
                                              match: .init(inPort: host.attachment.port, ethType: EtherType.ipv4, ipv4Source: host.ip),
                                              meter: meterIDs[index]?.id, actions: mark + queue, writeMetadata: UInt64(index + 1),
                                              gotoTable: Table.forwarding))
                    }
                }
                programs[name]?.meters = plan.classes.indices.compactMap { meterIDs[$0] }
            }
            programs[name]?.flows = flows
        }

        let links = LinkEnds(topology)
        let pairsByDestination = Dictionary(grouping: plan.routes.keys, by: \.destination)
        for destination in edges.sorted() {
            try addForwarding(to: destination, pairs: (pairsByDestination[destination] ?? []).sorted(), plan: plan, topology: topology,
                              links: links, parity: parity, cookie: cookie(.forwarding), into: &programs)
        }
        try addClassAggregates(plan, topology: topology, links: links, parity: parity, cookie: cookie(.classAggregate), into: &programs)
        var taps: [String: TapFlowAccounting] = [:]
        if let mirror = plan.mirror {
            taps = try MirrorCompiler(topology: topology, cookie: cookie(.mirror), parity: parity, burstSeconds: burstSeconds).add(mirror, into: &programs)
        }
        for name in programs.keys {
            // Each entry's description once, not once per comparison.
            let flows = (programs[name]?.flows ?? []).map { ($0, $0.description) }
            programs[name]?.flows = flows.sorted { ($0.0.table, $1.0.priority, $0.1) < ($1.0.table, $0.0.priority, $1.1) }.map(\.0)
            programs[name]?.groups.sort { $0.id < $1.id }
        }
        return FabricProgram(version: version, switches: programs, taps: taps)
    }

    /// Entries on every switch that carries traffic towards `destination` (an edge switch), from the
    /// routes of `pairs` (those ending there, sorted).
    private func addForwarding(
        to destination: String, pairs: [RoutingPlan.SwitchPair], plan: RoutingPlan, topology: Topology, links: LinkEnds, parity: UInt32,
        cookie: FlowCookie, into programs: inout [String: SwitchProgram]
    ) throws(FlowCompilerError) {
        // Next-hop ports and their weights at every switch on a path towards `destination`.
        var nextHops: [String: [UInt32: Double]] = [:]
        var successors: [String: Set<String>] = [:]
        for pair in pairs {
            let paths = plan.routes[pair] ?? []
            let rated = paths.filter { $0.rateBps > 0 }
            for path in rated.isEmpty ? paths : rated {
                try checkPath(path, from: pair.source, to: destination, in: links)
                for link in path.links {
                    nextHops[link.source.node, default: [:]][link.source.port, default: 0] += rated.isEmpty ? 1 : path.rateBps
                    successors[link.source.node, default: []].insert(link.target.node)
                }
            }
        }
        if let looping = firstCycle(in: successors) {
            throw .forwardingLoop(destination: destination, switchName: looping)
        }
        let prefixes = Self.prefixes(of: destination, in: topology)
        let destinationIndex = UInt32(topology.switches.firstIndex { $0.name == destination } ?? 0)
        for (node, weights) in nextHops.sorted(by: { $0.key < $1.key }) {
            let action = Self.spread(over: weights, groupID: parity << 16 | (destinationIndex + 1), on: node, into: &programs)
            for prefix in prefixes {
                programs[node]?.flows += [
                    FlowRule(table: Table.forwarding, priority: Priority.remoteDelivery, cookie: cookie,
                             match: .init(ethType: EtherType.ipv4, ipv4Destination: prefix), actions: [action]),
                    FlowRule(table: Table.forwarding, priority: Priority.remoteDelivery, cookie: cookie,
                             match: .init(ethType: EtherType.arp, arpTargetIP: prefix), actions: [action]),
                ]
            }
        }
    }

    /// Output to the only port of `weights`, or through a new select group `groupID` on `switchName` whose
    /// bucket weights are proportional to the ports' weights (the largest gets 1000).
    private static func spread(over weights: [UInt32: Double], groupID: UInt32, on switchName: String,
                               into programs: inout [String: SwitchProgram]) -> FlowRule.Action {
        if weights.count == 1, let port = weights.keys.first { return .output(port) }
        let largest = weights.values.max() ?? 1
        let group = GroupEntry(id: groupID, buckets: weights.keys.sorted().map { port in
            GroupEntry.Bucket(weight: UInt16(max(1, (1000 * (weights[port] ?? 0) / largest).rounded())), port: port)
        })
        programs[switchName]?.groups.append(group)
        return .group(groupID)
    }

    /// The prefixes that reach the hosts of edge switch `destination`: one covering prefix when no other
    /// switch's host falls inside it, else one /32 per host.
    public static func prefixes(of destination: String, in topology: Topology) -> [IPv4Prefix] {
        let hosts = topology.hosts(attachedTo: destination)
        let others = topology.hosts.filter { $0.attachment.node != destination }.map(\.ip)
        if let covering = IPv4Prefix(covering: hosts.map(\.ip)), !others.contains(where: covering.contains) {
            return [covering]
        }
        return hosts.map { IPv4Prefix($0.ip, length: 32) }
    }

    /// Group and meter ids carry the version's parity in one bit, so that two consecutive versions can
    /// be installed side by side (make-before-break). The bit depends on the id's range: forwarding
    /// groups `parity << 16 | destination`, mirror sampling groups `0x0100_0000 | parity << 16 | n`,
    /// class-aggregate groups `0x0200_0000 | parity << 20 | …`; class meters `parity << 8 | class`,
    /// mirror meters `0x1000 | parity << 11 | n`, aggregate meters `0x8000 | parity << 14 | slot`.
    /// These give the same id under the other parity (`FabricProgram.relabeled(to:)`).
    static func otherParity(groupID id: UInt32) -> UInt32 {
        id & 0x0200_0000 != 0 ? id ^ 1 << 20 : id ^ 1 << 16
    }

    static func otherParity(meterID id: UInt32) -> UInt32 {
        if id & 0x8000 != 0 { return id ^ 1 << 14 }
        if id & 0x1000 != 0 { return id ^ 1 << 11 }
        return id ^ 1 << 8
    }

    /// The meter id of aggregate (destination switch index, class index) under `parity`: below 0x10000 so
    /// every datapath's meter table takes it.
    static func aggregateMeterID(destinationIndex: Int, classIndex: Int, classCount: Int, parity: UInt32) -> UInt32? {
        let slot = destinationIndex * classCount + classIndex + 1
        return slot < 0x4000 ? 0x8000 | parity << 14 | UInt32(slot) : nil
    }

    /// Per (ingress, egress, class) aggregate with a planned rate, on the ingress switch: a meter at the rate,
    /// the class's select group over the aggregate's first hops, and the entry that sends the class's traffic
    /// for the egress switch's prefixes through both. Every other aggregate between edge switches: the entry
    /// with a counting meter and the destination's forwarding action.
    private func addClassAggregates(
        _ plan: RoutingPlan, topology: Topology, links: LinkEnds, parity: UInt32, cookie: FlowCookie, into programs: inout [String: SwitchProgram]
    ) throws(FlowCompilerError) {
        let classIndex = Dictionary(plan.classes.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
        guard plan.classes.count < 16 else { throw .tooManyClasses(count: plan.classes.count) }
        guard !plan.classes.isEmpty else { return }
        let edges = Set(topology.hosts.map(\.attachment.node))
        var aggregates = Set(plan.classRoutes.keys)
        for source in edges {
            for destination in edges where destination != source {
                for trafficClass in plan.classes {
                    aggregates.insert(RoutingPlan.ClassPair(source: source, destination: destination, className: trafficClass.name))
                }
            }
        }
        for pair in aggregates.sorted() where pair.source != pair.destination {
            guard let index = classIndex[pair.className],
                  let destinationIndex = topology.switches.firstIndex(where: { $0.name == pair.destination }) else { continue }
            guard let meterID = Self.aggregateMeterID(destinationIndex: destinationIndex, classIndex: index,
                                                      classCount: plan.classes.count, parity: parity) else {
                throw .tooManyAggregates(switchName: pair.source)
            }
            let prefixes = Self.prefixes(of: pair.destination, in: topology)
            let paths = (plan.classRoutes[pair] ?? []).filter { $0.rateBps > 0 }
            let total = paths.reduce(0) { $0 + $1.rateBps }
            let action: FlowRule.Action
            let meter: MeterEntry
            if total > 0 {
                var weights: [UInt32: Double] = [:]
                for path in paths {
                    try checkPath(path, from: pair.source, to: pair.destination, in: links)
                    if let first = path.links.first { weights[first.source.port, default: 0] += path.rateBps }
                }
                let kbps = UInt32(min(max(total / 1000, 1), Double(UInt32.max)))
                meter = MeterEntry(id: meterID, rateKbps: kbps, burstSeconds: burstSeconds)
                let groupID = 0x0200_0000 | parity << 20 | UInt32(destinationIndex + 1) << 4 | UInt32(index)
                action = Self.spread(over: weights, groupID: groupID, on: pair.source, into: &programs)
            } else {
                // Unplanned: forwarded by destination as before, through a meter that never drops, only counts.
                guard let first = prefixes.first, let forwarding = programs[pair.source]?.flows.first(where: {
                    $0.table == Table.forwarding && $0.priority == Priority.remoteDelivery && $0.match.ethType == EtherType.ipv4
                        && $0.match.ipv4Destination == first
                }), let forward = forwarding.actions.first else { continue }
                meter = MeterEntry(id: meterID, rateKbps: Self.countingRateKbps, burstKbits: Self.countingRateKbps)
                action = forward
            }
            programs[pair.source]?.meters.append(meter)
            for prefix in prefixes {
                programs[pair.source]?.flows.append(FlowRule(
                    table: Table.forwarding, priority: Priority.classAggregate, cookie: cookie,
                    match: .init(ethType: EtherType.ipv4, ipv4Destination: prefix, metadata: UInt64(index + 1)),
                    meter: meterID, actions: [action]))
            }
        }
    }

    /// The rate of an unplanned aggregate's meter (4 Tbit/s): far above any port, so it never drops and
    /// only counts what the aggregate offers.
    public static let countingRateKbps: UInt32 = 4_000_000_000

    private func meters(_ classes: [RoutingPlan.TrafficClass], parity: UInt32, switchName: String) throws(FlowCompilerError) -> [Int: MeterEntry] {
        var meters: [Int: MeterEntry] = [:]
        for (index, trafficClass) in classes.enumerated() {
            if let bad = trafficClass.dscp.first(where: { $0 > 63 }) {
                throw .invalidDSCP(className: trafficClass.name, dscp: bad)
            }
            guard let cap = trafficClass.capBps else { continue }
            guard cap.isFinite, cap >= 1000, cap / 1000 < Double(UInt32.max) else {
                throw .invalidClassCap(className: trafficClass.name, capBps: cap)
            }
            let kbps = UInt32(cap / 1000)
            meters[index] = MeterEntry(id: parity << 8 | UInt32(index + 1), rateKbps: kbps, burstSeconds: burstSeconds)
        }
        return meters
    }

    private func checkPort(_ end: LinkEnd, in topology: Topology, element: String) throws(FlowCompilerError) {
        guard topology.switchNamed(end.node)?.port(end.port) != nil else {
            throw .unknownPort(element: element, end: end)
        }
    }

    /// The (source, target) ends of every link of a topology, for checking plan paths against it.
    struct LinkEnds {
        private struct Hop: Hashable {
            var source: LinkEnd
            var target: LinkEnd
        }

        private let hops: Set<Hop>

        init(_ topology: Topology) {
            hops = Set(topology.links.map { Hop(source: $0.source, target: $0.target) })
        }

        func contains(_ link: Link) -> Bool {
            hops.contains(Hop(source: link.source, target: link.target))
        }
    }

    private func checkPath(_ path: RoutingPlan.Path, from source: String, to destination: String, in links: LinkEnds) throws(FlowCompilerError) {
        var pair: String { "\(source)->\(destination)" }
        guard path.links.first?.source.node == source, path.links.last?.target.node == destination else {
            throw .brokenPath(pair: pair, reason: "does not run from \(source) to \(destination)")
        }
        for (index, link) in path.links.enumerated() {
            guard links.contains(link) else {
                throw .brokenPath(pair: pair, reason: "link \(link.name) is not in the topology")
            }
            if index > 0, path.links[index - 1].target.node != link.source.node {
                throw .brokenPath(pair: pair, reason: "link \(link.name) does not continue from \(path.links[index - 1].name)")
            }
        }
        if !path.rateBps.isFinite || path.rateBps < 0 {
            throw .brokenPath(pair: pair, reason: "rate \(path.rateBps) bit/s is not a non-negative number")
        }
    }

    /// A switch on a cycle of the next-hop graph, if any (destination-based forwarding would loop).
    private func firstCycle(in successors: [String: Set<String>]) -> String? {
        var state: [String: Bool] = [:]  // false: on the current path, true: finished
        func visit(_ node: String) -> String? {
            if let finished = state[node] { return finished ? nil : node }
            state[node] = false
            for next in (successors[node] ?? []).sorted() {
                if let found = visit(next) { return found }
            }
            state[node] = true
            return nil
        }
        for node in successors.keys.sorted() {
            if let found = visit(node) { return found }
        }
        return nil
    }
}
