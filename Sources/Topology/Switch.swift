/// Where a switch sits in the fabric; WAN nodes imported from Topology Zoo or SNDlib are `router`s.
public enum SwitchRole: String, Hashable, Sendable, Codable, CaseIterable {
    case spine, leaf, core, aggregation, edge, router
}

/// An OpenFlow switch (or a WAN node) with its ports.
public struct Switch: Hashable, Sendable, Codable {
    /// Unique name; links and hosts refer to switches by name.
    public var name: String
    public var datapathID: DatapathID
    public var role: SwitchRole
    public var ports: [Port]

    public init(name: String, datapathID: DatapathID, role: SwitchRole, ports: [Port] = []) {
        self.name = name
        self.datapathID = datapathID
        self.role = role
        self.ports = ports
    }

    /// The port with this number, if the switch has one.
    public func port(_ number: UInt32) -> Port? {
        ports.first { $0.number == number }
    }

    enum CodingKeys: String, CodingKey {
        case name
        case datapathID = "dpid"
        case role, ports
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        datapathID = try container.decode(DatapathID.self, forKey: .datapathID)
        role = try container.decodeIfPresent(SwitchRole.self, forKey: .role) ?? .router
        ports = try container.decodeIfPresent([Port].self, forKey: .ports) ?? []
    }
}
