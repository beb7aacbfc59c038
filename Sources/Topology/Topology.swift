/// A fabric: switches, directed links between their ports, hosts and tenants.
///
/// A value type: editing a copy (failing a link in a what-if step) never touches the original.
/// Name and datapath-id lookups are indexed and stay current across edits.
public struct Topology: Hashable, Sendable {
    public var name: String
    public var switches: [Switch] { didSet { reindexSwitches() } }
    public var links: [Link] { didSet { reindexLinks() } }
    public var hosts: [Host] { didSet { reindexHosts() } }
    public var tenants: [Tenant]

    private var switchIndexByName: [String: Int] = [:]
    private var switchIndexByDatapathID: [DatapathID: Int] = [:]
    private var linkIndexByName: [String: Int] = [:]
    private var outgoingLinkIndices: [String: [Int]] = [:]
    private var hostIndexByName: [String: Int] = [:]

    public init(name: String, switches: [Switch] = [], links: [Link] = [], hosts: [Host] = [], tenants: [Tenant] = []) {
        self.name = name
        self.switches = switches
        self.links = links
        self.hosts = hosts
        self.tenants = tenants
        reindexSwitches()
        reindexLinks()
        reindexHosts()
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
        switchIndexByName[name].map { switches[$0] }
    }

    public func switchWith(datapathID: DatapathID) -> Switch? {
        switchIndexByDatapathID[datapathID].map { switches[$0] }
    }

    public func hostNamed(_ name: String) -> Host? {
        hostIndexByName[name].map { hosts[$0] }
    }

    /// Index into `links` of the link with this name (`a:1->b:2`).
    public func linkIndex(named name: String) -> Int? {
        linkIndexByName[name]
    }

    /// Indices into `links` of the links leaving `node`, in `links` order.
    public func outgoingLinkIndices(of node: String) -> [Int] {
        outgoingLinkIndices[node] ?? []
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

    private mutating func reindexSwitches() {
        switchIndexByName = Dictionary(switches.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
        switchIndexByDatapathID = Dictionary(switches.enumerated().map { ($1.datapathID, $0) }, uniquingKeysWith: { first, _ in first })
    }

    private mutating func reindexLinks() {
        linkIndexByName = Dictionary(links.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
        outgoingLinkIndices = Dictionary(grouping: links.indices, by: { links[$0].source.node })
    }

    private mutating func reindexHosts() {
        hostIndexByName = Dictionary(hosts.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
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
