/// A fabric: switches, directed links between their ports, hosts and tenants.
///
/// A value type: editing a copy (failing a link in a what-if step) never touches the original.
/// Name and datapath-id lookups are indexed and stay current across edits: an edit only drops the
/// affected index (O(1)), and the next lookup rebuilds it once, so building or editing a topology
/// element by element stays linear.
public struct Topology: Hashable, Sendable {
    public var name: String
    public var switches: [Switch] { didSet { switchIndexes = LazyIndex() } }
    public var links: [Link] { didSet { linkIndexes = LazyIndex() } }
    public var hosts: [Host] { didSet { hostIndexes = LazyIndex() } }
    public var tenants: [Tenant]

    private struct SwitchIndexes {
        var byName: [String: Int]
        var byDatapathID: [DatapathID: Int]
    }

    private struct LinkIndexes {
        var byName: [String: Int]
        var outgoing: [String: [Int]]
    }

    private var switchIndexes = LazyIndex<SwitchIndexes>()
    private var linkIndexes = LazyIndex<LinkIndexes>()
    private var hostIndexes = LazyIndex<[String: Int]>()

    public init(name: String, switches: [Switch] = [], links: [Link] = [], hosts: [Host] = [], tenants: [Tenant] = []) {
        self.name = name
        self.switches = switches
        self.links = links
        self.hosts = hosts
        self.tenants = tenants
    }

    public static func == (lhs: Topology, rhs: Topology) -> Bool {
        lhs.name == rhs.name && lhs.switches == rhs.switches && lhs.links == rhs.links
            && lhs.hosts == rhs.hosts && lhs.tenants == rhs.tenants
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        hasher.combine(switches)
        hasher.combine(links)
        hasher.combine(hosts)
        hasher.combine(tenants)
    }

    // MARK: Lookup

    public func switchNamed(_ name: String) -> Switch? {
        indexedSwitches.byName[name].map { switches[$0] }
    }

    public func switchWith(datapathID: DatapathID) -> Switch? {
        indexedSwitches.byDatapathID[datapathID].map { switches[$0] }
    }

    public func hostNamed(_ name: String) -> Host? {
        hostIndexes.value { [hosts] in
            Dictionary(hosts.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
        }[name].map { hosts[$0] }
    }

    /// Index into `links` of the link with this name (`a:1->b:2`).
    public func linkIndex(named name: String) -> Int? {
        indexedLinks.byName[name]
    }

    /// Indices into `links` of the links leaving `node`, in `links` order.
    public func outgoingLinkIndices(of node: String) -> [Int] {
        indexedLinks.outgoing[node] ?? []
    }

    /// Names of the switches reachable over one up link from `node`, sorted.
    public func neighbours(of node: String) -> [String] {
        Array(Set(outgoingLinkIndices(of: node).lazy.filter { links[$0].isUp }.map { links[$0].target.node })).sorted()
    }

    /// Hosts attached to `node`, in `hosts` order.
    public func hosts(attachedTo node: String) -> [Host] {
        hosts.filter { $0.attachment.node == node }
    }

    /// Total capacity of the up links, in bit/s.
    public var totalCapacityBps: Double {
        links.lazy.filter(\.isUp).reduce(0) { $0 + $1.capacityBps }
    }

    // MARK: Indexing

    private var indexedSwitches: SwitchIndexes {
        switchIndexes.value { [switches] in
            SwitchIndexes(byName: Dictionary(switches.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first }),
                          byDatapathID: Dictionary(switches.enumerated().map { ($1.datapathID, $0) }, uniquingKeysWith: { first, _ in first }))
        }
    }

    private var indexedLinks: LinkIndexes {
        linkIndexes.value { [links] in
            LinkIndexes(byName: Dictionary(links.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first }),
                        outgoing: Dictionary(grouping: links.indices, by: { links[$0].source.node }))
        }
    }
}

extension Topology: Codable {
    enum CodingKeys: String, CodingKey {
        case name, switches, links, hosts, tenants
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            name: try container.decodeIfPresent(String.self, forKey: .name) ?? "unnamed",
            switches: try container.decodeIfPresent([Switch].self, forKey: .switches) ?? [],
            links: try container.decodeIfPresent([Link].self, forKey: .links) ?? [],
            hosts: try container.decodeIfPresent([Host].self, forKey: .hosts) ?? [],
            tenants: try container.decodeIfPresent([Tenant].self, forKey: .tenants) ?? []
        )
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(switches, forKey: .switches)
        try container.encode(links, forKey: .links)
        try container.encode(hosts, forKey: .hosts)
        try container.encode(tenants, forKey: .tenants)
    }
}
