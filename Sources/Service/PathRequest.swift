/// Body of `POST /v1/paths`: reserve `bandwidth_bps` from `src` to `dst` in a traffic class.
public struct PathRequest: Hashable, Sendable, Codable {
    /// Host or switch name.
    public var source: String
    /// Host or switch name.
    public var destination: String
    /// Rate to reserve on every link of every returned path, in bit/s.
    public var bandwidthBps: Double
    /// Traffic class name (`gold`, `silver`, `bronze`, `mirror`).
    public var qosClass: String
    /// When given, host endpoints must belong to this tenant (403 otherwise).
    public var tenant: String?
    public var constraints: PathConstraints

    public init(source: String, destination: String, bandwidthBps: Double, qosClass: String, tenant: String? = nil, constraints: PathConstraints = PathConstraints()) {
        self.source = source
        self.destination = destination
        self.bandwidthBps = bandwidthBps
        self.qosClass = qosClass
        self.tenant = tenant
        self.constraints = constraints
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case source = "src"
        case destination = "dst"
        case bandwidthBps = "bandwidth_bps"
        case qosClass = "class"
        case tenant = "tenant_id"
        case constraints
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        source = try container.decodeName(forKey: .source)
        destination = try container.decodeName(forKey: .destination)
        bandwidthBps = try container.decodeRate(forKey: .bandwidthBps)
        qosClass = try container.decodeIfPresent(String.self, forKey: .qosClass) ?? "bronze"
        tenant = try container.decodeIfPresent(String.self, forKey: .tenant)
        constraints = try container.decodeIfPresent(PathConstraints.self, forKey: .constraints) ?? PathConstraints()
    }
}
