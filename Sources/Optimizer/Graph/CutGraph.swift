import Topology

/// The undirected capacity graph the all-pairs min-cut works on, built from what a topology leaves
/// usable: up links only, minus reservations (when given), each cable counted with the smaller of its two
/// directions, parallel cables between the same two switches added into one edge. Hosts become
/// pendant nodes joined to their switch by their access port.
struct CutGraph {
    struct Edge {
        var a: Int
        var b: Int
        var capacity: Double
    }

    /// Switches first (topology order, then names only links mention), then hosts.
    private(set) var names: [String] = []
    private(set) var index: [String: Int] = [:]
    /// How many of `names` are switches; the rest are hosts.
    private(set) var switchCount = 0
    /// Every cable (including zero-capacity ones), in first-link order, then access ports.
    private(set) var cables: [MinCutCable] = []
    /// Node indices of each cable's two ends.
    private(set) var cableEnds: [(Int, Int)] = []
    /// Switch-to-switch edges with positive capacity, one per node pair.
    private(set) var edges: [Edge] = []
    /// For each host node (index − switchCount): its switch and access capacity.
    private(set) var hostAttachments: [(switchNode: Int, capacity: Double)] = []
    private(set) var notes: [MinCutNote] = []

    init(topology: Topology, reservations: CapacityReservations?, includeHosts: Bool) {
        for item in topology.switches { node(item.name) }
        for link in topology.links {
            node(link.source.node)
            node(link.target.node)
        }
        switchCount = names.count
        addCables(topology, reservedBps: reservations?.linkRates(in: topology))
        if includeHosts { addHosts(topology, reservations: reservations) }
        if let reservations { noteReservations(reservations, in: topology, includeHosts: includeHosts) }
    }

    var nodeCount: Int { names.count }

    @discardableResult
    private mutating func node(_ name: String) -> Int {
        if let existing = index[name] { return existing }
        index[name] = names.count
        names.append(name)
        return names.count - 1
    }

    private mutating func addCables(_ topology: Topology, reservedBps: [Double]?) {
        var selfLoops: [String] = []
        var down: [String] = []
        var zero: [String] = []
        var oneWay: [String] = []
        var asymmetric: [String] = []
        // Cable key: the two link ends in sorted order; value: capacity each way and the links.
        var cableOf: [String: Int] = [:]
        var forward: [Double] = []
        var backward: [Double] = []
        var members: [[Int]] = []
        var firstEnds: [(LinkEnd, LinkEnd)] = []
        for (position, link) in topology.links.enumerated() {
            if link.source.node == link.target.node {
                selfLoops.append(link.name)
                continue
            }
            if !link.isUp { down.append(link.name) }
            var usable = link.isUp ? link.capacityBps - (reservedBps?[position] ?? 0) : 0
            if link.isUp, !(usable > 0 && usable.isFinite) {
                zero.append(link.name)
                usable = 0
            }
            let (low, high) = link.source < link.target ? (link.source, link.target) : (link.target, link.source)
            let key = "\(low)\u{0}\(high)"
            let cable: Int
            if let known = cableOf[key] {
                cable = known
            } else {
                cable = members.count
                cableOf[key] = cable
                forward.append(0)
                backward.append(0)
                members.append([])
                firstEnds.append((low, high))
            }
            members[cable].append(position)
            if link.source == low { forward[cable] += usable } else { backward[cable] += usable }
        }
        var edgeOfPair: [Int: Int] = [:]
        var cablesOfPair: [Int: [String]] = [:]
        for cable in members.indices {
            let (low, high) = firstEnds[cable]
            let name = "\(low)<->\(high)"
            if (forward[cable] > 0) != (backward[cable] > 0) {
                oneWay.append(name)
            } else if forward[cable] != backward[cable], forward[cable] > 0, backward[cable] > 0 {
                asymmetric.append(name)
            }
            let capacity = min(forward[cable], backward[cable])
            let a = index[low.node]!
            let b = index[high.node]!
            cables.append(MinCutCable(name: name, ends: [low.node, high.node], linkIndices: members[cable], capacityBps: capacity))
            cableEnds.append((a, b))
            guard capacity > 0 else { continue }
            let pair = min(a, b) * names.count + max(a, b)
            cablesOfPair[pair, default: []].append(name)
            if let edge = edgeOfPair[pair] {
                edges[edge].capacity += capacity
            } else {
                edgeOfPair[pair] = edges.count
                edges.append(Edge(a: a, b: b, capacity: capacity))
            }
        }
        let parallel = cablesOfPair.keys.sorted().compactMap { pair -> String? in
            let group = cablesOfPair[pair]!
            guard group.count > 1 else { return nil }
            return "\(names[pair / names.count])–\(names[pair % names.count]) (\(group.count) cables)"
        }
        func note(_ kind: MinCutNote.Kind, _ items: [String], _ what: String) {
            guard !items.isEmpty else { return }
            notes.append(MinCutNote(kind: kind, message: "\(items.count) \(what): \(MinCutNote.listing(items))"))
        }
        note(.selfLoop, selfLoops, "self-loop link(s) left out")
        note(.down, down, "down link(s) left out")
        note(.zeroCapacity, zero, "up link(s) with no usable capacity count as 0")
        note(.oneWay, oneWay, "cable(s) usable one way only count as 0")
        note(.asymmetric, asymmetric, "cable(s) with different capacities each way count with the smaller")
        note(.parallelCables, parallel, "node pair(s) joined by parallel cables, capacities added")
    }

    private mutating func addHosts(_ topology: Topology, reservations: CapacityReservations?) {
        var detached: [String] = []
        for host in topology.hosts {
            guard let switchNode = index[host.attachment.node], switchNode < switchCount else {
                detached.append("\(host.name) (on \(host.attachment))")
                continue
            }
            let port = topology.switchNamed(host.attachment.node)?.port(host.attachment.port)
            let reserved = reservations?.accessRate(of: host) ?? 0
            let speed = port.map { $0.isUp && $0.speedBps.isFinite ? max(0, $0.speedBps - reserved) : 0 } ?? 0
            let hostNode = node(host.name)
            hostAttachments.append((switchNode, speed))
            cables.append(MinCutCable(name: "\(host.name)<->\(host.attachment)", ends: [host.name, host.attachment.node],
                                      linkIndices: [], capacityBps: speed))
            cableEnds.append((hostNode, switchNode))
        }
        if !detached.isEmpty {
            notes.append(MinCutNote(kind: .detachedHost, message: "\(detached.count) host(s) on unknown switches left out: \(MinCutNote.listing(detached))"))
        }
    }

    /// Says what the reservations took, and which of their resources this topology does not have.
    private mutating func noteReservations(_ reservations: CapacityReservations, in topology: Topology, includeHosts: Bool) {
        let linkRates = reservations.linkRates(in: topology)
        let onLinks = linkRates.filter { $0 > 0 }
        var message = "capacities minus path reservations: \(onLinks.count) link(s) hold \(BitRate(bitsPerSecond: onLinks.reduce(0, +)).formatted) in total"
        if includeHosts {
            let onPorts = topology.hosts.map(reservations.accessRate(of:)).filter { $0 > 0 }
            message += ", \(onPorts.count) host access port(s) \(BitRate(bitsPerSecond: onPorts.reduce(0, +)).formatted)"
        }
        let unknown = reservations.unknownResources(in: topology)
        if !unknown.isEmpty { message += "; \(unknown.count) reserved resource(s) not in this topology ignored: \(MinCutNote.listing(unknown))" }
        notes.append(MinCutNote(kind: .reserved, message: message))
    }

    /// Groups of switches joined by positive-capacity edges, largest first.
    func components() -> [[Int]] {
        var sets = UnionFind(count: switchCount)
        for edge in edges {
            let (x, y) = (sets.find(edge.a), sets.find(edge.b))
            if x != y { sets.merge(max(x, y), into: min(x, y)) }
        }
        let groups = Dictionary(grouping: 0..<switchCount) { sets.find($0) }
        return groups.values.sorted { ($0.count, -$0[0]) > ($1.count, -$1[0]) }
    }
}
