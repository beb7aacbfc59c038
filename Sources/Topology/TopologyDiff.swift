/// What changed between two topologies, element by element (switches and hosts by name, links by
/// `a:1->b:2` name, tenants by name). Element order does not count as a change.
///
/// Empty exactly when the two topologies describe the same fabric, which is how
/// `TopologyStore.saveIfChanged(_:source:)` decides whether a new version is needed.
public struct TopologyDiff: Hashable, Sendable, Codable {
    /// A link whose capacity differs between the two versions.
    public struct CapacityChange: Hashable, Sendable, Codable {
        public var link: String
        public var oldBps: Double
        public var newBps: Double

        enum CodingKeys: String, CodingKey {
            case link
            case oldBps = "old_bps"
            case newBps = "new_bps"
        }
    }

    /// Set when the topology was renamed.
    public var renamed: Rename?
    public var switchesAdded: [String] = []
    public var switchesRemoved: [String] = []
    /// Switches present in both whose datapath id, role or ports (number, name, MAC, speed, state) differ.
    public var switchesChanged: [String] = []
    public var linksAdded: [String] = []
    public var linksRemoved: [String] = []
    public var capacityChanges: [CapacityChange] = []
    /// Links present in both with the same capacity whose latency or up/down state differ.
    public var linksChanged: [String] = []
    public var hostsAdded: [String] = []
    public var hostsRemoved: [String] = []
    /// Hosts present in both whose MAC, IP, attachment or tenant differ.
    public var hostsChanged: [String] = []
    public var tenantsAdded: [String] = []
    public var tenantsRemoved: [String] = []
    public var tenantsChanged: [String] = []

    /// The old and new topology names.
    public struct Rename: Hashable, Sendable, Codable {
        public var from: String
        public var to: String
    }

    /// Compares `old` with `new`; every list is sorted by element name.
    public init(from old: Topology, to new: Topology) {
        if old.name != new.name {
            renamed = Rename(from: old.name, to: new.name)
        }
        (switchesAdded, switchesRemoved, switchesChanged) = Self.compare(
            old.switches, new.switches, key: \.name,
            same: { $0.normalized == $1.normalized }
        )
        let oldLinks = Dictionary(old.links.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var changedLinks: [String] = []
        (linksAdded, linksRemoved, changedLinks) = Self.compare(old.links, new.links, key: \.name, same: ==)
        let newLinks = Dictionary(new.links.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for name in changedLinks {
            guard let before = oldLinks[name], let after = newLinks[name] else { continue }
            if before.capacityBps != after.capacityBps {
                capacityChanges.append(CapacityChange(link: name, oldBps: before.capacityBps, newBps: after.capacityBps))
            } else {
                linksChanged.append(name)
            }
        }
        (hostsAdded, hostsRemoved, hostsChanged) = Self.compare(old.hosts, new.hosts, key: \.name, same: ==)
        (tenantsAdded, tenantsRemoved, tenantsChanged) = Self.compare(old.tenants, new.tenants, key: \.name, same: ==)
    }

    /// True when nothing changed.
    public var isEmpty: Bool {
        renamed == nil && switchesAdded.isEmpty && switchesRemoved.isEmpty && switchesChanged.isEmpty
            && linksAdded.isEmpty && linksRemoved.isEmpty && capacityChanges.isEmpty && linksChanged.isEmpty
            && hostsAdded.isEmpty && hostsRemoved.isEmpty && hostsChanged.isEmpty
            && tenantsAdded.isEmpty && tenantsRemoved.isEmpty && tenantsChanged.isEmpty
    }

    /// One line per change, `+` added, `-` removed, `~` changed; empty when nothing changed.
    public var lines: [String] {
        var lines: [String] = []
        if let renamed { lines.append("~ name \(renamed.from) -> \(renamed.to)") }
        lines += switchesAdded.map { "+ switch \($0)" }
        lines += switchesRemoved.map { "- switch \($0)" }
        lines += switchesChanged.map { "~ switch \($0)" }
        lines += linksAdded.map { "+ link \($0)" }
        lines += linksRemoved.map { "- link \($0)" }
        lines += capacityChanges.map {
            "~ link \($0.link) capacity \(BitRate(bitsPerSecond: $0.oldBps)) -> \(BitRate(bitsPerSecond: $0.newBps))"
        }
        lines += linksChanged.map { "~ link \($0) state or latency" }
        lines += hostsAdded.map { "+ host \($0)" }
        lines += hostsRemoved.map { "- host \($0)" }
        lines += hostsChanged.map { "~ host \($0)" }
        lines += tenantsAdded.map { "+ tenant \($0)" }
        lines += tenantsRemoved.map { "- tenant \($0)" }
        lines += tenantsChanged.map { "~ tenant \($0)" }
        return lines
    }

    /// Returns (added, removed, changed) names, each sorted.
    private static func compare<Element>(
        _ old: [Element], _ new: [Element], key: (Element) -> String, same: (Element, Element) -> Bool
    ) -> ([String], [String], [String]) {
        let before = Dictionary(old.map { (key($0), $0) }, uniquingKeysWith: { first, _ in first })
        let after = Dictionary(new.map { (key($0), $0) }, uniquingKeysWith: { first, _ in first })
        let added = after.keys.filter { before[$0] == nil }.sorted()
        let removed = before.keys.filter { after[$0] == nil }.sorted()
        let changed = after.compactMap { name, element -> String? in
            guard let previous = before[name], !same(previous, element) else { return nil }
            return name
        }.sorted()
        return (added, removed, changed)
    }

    enum CodingKeys: String, CodingKey {
        case renamed
        case switchesAdded = "switches_added"
        case switchesRemoved = "switches_removed"
        case switchesChanged = "switches_changed"
        case linksAdded = "links_added"
        case linksRemoved = "links_removed"
        case capacityChanges = "capacity_changes"
        case linksChanged = "links_changed"
        case hostsAdded = "hosts_added"
        case hostsRemoved = "hosts_removed"
        case hostsChanged = "hosts_changed"
        case tenantsAdded = "tenants_added"
        case tenantsRemoved = "tenants_removed"
        case tenantsChanged = "tenants_changed"
    }
}

extension Switch {
    /// The switch with its ports in port-number order, so that port order is not a difference.
    var normalized: Switch {
        var copy = self
        copy.ports.sort { $0.number < $1.number }
        return copy
    }
}
