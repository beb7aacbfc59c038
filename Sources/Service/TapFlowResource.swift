import TaasPlanner

/// A tap flow as the TaaS REST API shows it (`/v2.0/taas/tap_flows`), wrapped as `{"tap_flow": {...}}`,
/// with Weft's additions (`max_rate_bps`, `sampling_floor`, `weight`) next to TaaS's fields.
public struct TapFlowResource: Hashable, Sendable, Codable {
    public var id: String
    public var tenantID: String
    public var name: String
    public var description: String
    public var tapServiceID: String
    public var sourcePort: String
    public var direction: TapDirection
    /// TaaS's VLAN filter syntax (`1-5,9`), or `nil` for all frames.
    public var vlanFilter: String?
    public var status: String
    public var maxRateBps: Double?
    public var samplingFloor: Double
    public var weight: Double

    /// The TaaS wire form of `flow` (`status` is always `ACTIVE`: Weft validates synchronously).
    public init(_ flow: TapFlow) {
        id = flow.id
        tenantID = flow.tenant
        name = flow.name
        description = flow.description
        tapServiceID = flow.tapServiceID
        sourcePort = flow.sourcePort.description
        direction = flow.direction
        vlanFilter = flow.filter?.vlans?.description
        status = "ACTIVE"
        maxRateBps = flow.maxRateBps
        samplingFloor = flow.samplingFloor
        weight = flow.weight
    }

    enum CodingKeys: String, CodingKey {
        case id
        case tenantID = "tenant_id"
        case projectID = "project_id"
        case name, description
        case tapServiceID = "tap_service_id"
        case sourcePort = "source_port"
        case direction
        case vlanFilter = "vlan_filter"
        case status
        case maxRateBps = "max_rate_bps"
        case samplingFloor = "sampling_floor"
        case weight
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        tenantID = try container.decode(String.self, forKey: .tenantID)
        name = try container.decode(String.self, forKey: .name)
        description = try container.decode(String.self, forKey: .description)
        tapServiceID = try container.decode(String.self, forKey: .tapServiceID)
        sourcePort = try container.decode(String.self, forKey: .sourcePort)
        direction = try container.decode(TapDirection.self, forKey: .direction)
        vlanFilter = try container.decodeIfPresent(String.self, forKey: .vlanFilter)
        status = try container.decode(String.self, forKey: .status)
        maxRateBps = try container.decodeIfPresent(Double.self, forKey: .maxRateBps)
        samplingFloor = try container.decode(Double.self, forKey: .samplingFloor)
        weight = try container.decode(Double.self, forKey: .weight)
    }

    /// Writes `project_id` next to `tenant_id` and `null` for absent optional fields, as Neutron does.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(tenantID, forKey: .tenantID)
        try container.encode(tenantID, forKey: .projectID)
        try container.encode(name, forKey: .name)
        try container.encode(description, forKey: .description)
        try container.encode(tapServiceID, forKey: .tapServiceID)
        try container.encode(sourcePort, forKey: .sourcePort)
        try container.encode(direction, forKey: .direction)
        try container.encode(vlanFilter, forKey: .vlanFilter)
        try container.encode(status, forKey: .status)
        try container.encode(maxRateBps, forKey: .maxRateBps)
        try container.encode(samplingFloor, forKey: .samplingFloor)
        try container.encode(weight, forKey: .weight)
    }
}
