import TaasPlanner

/// A tap service as the TaaS REST API shows it (`/v2.0/taas/tap_services`), wrapped Neutron-style as
/// `{"tap_service": {...}}`. `port_id` names a host (`h1-1`) or a switch port (`leaf1:3`); Weft adds `taas_id`.
public struct TapServiceResource: Hashable, Sendable, Codable {
    public var id: String
    public var tenantID: String
    public var name: String
    public var description: String
    public var portID: String
    /// `ACTIVE` once stored (Weft validates synchronously; there is no pending state).
    public var status: String
    public var taasID: UInt16

    /// The TaaS wire form of `service`.
    public init(_ service: TapService) {
        id = service.id
        tenantID = service.tenant
        name = service.name
        description = service.description
        portID = service.port.description
        status = "ACTIVE"
        taasID = service.taasID
    }

    enum CodingKeys: String, CodingKey {
        case id
        case tenantID = "tenant_id"
        case projectID = "project_id"
        case name, description
        case portID = "port_id"
        case status
        case taasID = "taas_id"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        tenantID = try container.decode(String.self, forKey: .tenantID)
        name = try container.decode(String.self, forKey: .name)
        description = try container.decode(String.self, forKey: .description)
        portID = try container.decode(String.self, forKey: .portID)
        status = try container.decode(String.self, forKey: .status)
        taasID = try container.decode(UInt16.self, forKey: .taasID)
    }

    /// Writes `project_id` next to `tenant_id`, as Neutron does.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(tenantID, forKey: .tenantID)
        try container.encode(tenantID, forKey: .projectID)
        try container.encode(name, forKey: .name)
        try container.encode(description, forKey: .description)
        try container.encode(portID, forKey: .portID)
        try container.encode(status, forKey: .status)
        try container.encode(taasID, forKey: .taasID)
    }
}
