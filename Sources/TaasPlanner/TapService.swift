/// A TaaS tap service: the destination port where a monitor (IDS, packet broker, capture VM) receives
/// the mirrored copies of all its tap flows. Fields follow TaaS's `/v2.0/taas/tap_services`.
public struct TapService: Hashable, Sendable, Codable, Identifiable {
    /// UUID string, as TaaS.
    public var id: String
    public var name: String
    public var description: String
    /// The tenant (project) that owns the service, its destination port and every source port.
    public var tenant: String
    /// The destination (monitor) port; reserved for monitoring, it carries no tenant traffic.
    public var port: PortReference
    /// The VLAN id tagging this service's copies in the fabric, from the configured `TaasIDRange`;
    /// 0 in a create request means "allocate one".
    public var taasID: UInt16

    /// A service; an empty `id` or a 0 `taasID` in a create request are filled in by `TapCatalog`.
    public init(id: String = "", name: String = "", description: String = "", tenant: String, port: PortReference, taasID: UInt16 = 0) {
        self.id = id
        self.name = name
        self.description = description
        self.tenant = tenant
        self.port = port
        self.taasID = taasID
    }

    /// `name (id)` or the id alone, for messages.
    public var label: String { name.isEmpty ? id : "'\(name)' (\(id))" }

    enum CodingKeys: String, CodingKey {
        case id, name, description
        case tenant = "tenant_id"
        case port = "port_id"
        case taasID = "taas_id"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decodeIfPresent(String.self, forKey: .id) ?? ""
        name = try container.decodeIfPresent(String.self, forKey: .name) ?? ""
        description = try container.decodeIfPresent(String.self, forKey: .description) ?? ""
        tenant = try container.decode(String.self, forKey: .tenant)
        port = try container.decode(PortReference.self, forKey: .port)
        taasID = try container.decodeIfPresent(UInt16.self, forKey: .taasID) ?? 0
    }
}
