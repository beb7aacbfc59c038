/// Body of `PATCH /v1/paths/{id}`: a new rate, class or constraints, or a forced reroute.
/// Absent fields keep their current value.
public struct PathUpdate: Hashable, Sendable, Codable {
    public var bandwidthBps: Double?
    public var qosClass: String?
    public var constraints: PathConstraints?
    /// Compute new paths even when the current ones still fit.
    public var reroute: Bool

    public init(bandwidthBps: Double? = nil, qosClass: String? = nil, constraints: PathConstraints? = nil, reroute: Bool = false) {
        self.bandwidthBps = bandwidthBps
        self.qosClass = qosClass
        self.constraints = constraints
        self.reroute = reroute
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case bandwidthBps = "bandwidth_bps"
        case qosClass = "class"
        case constraints
        case reroute
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        bandwidthBps = container.contains(.bandwidthBps) ? try container.decodeRate(forKey: .bandwidthBps) : nil
        qosClass = try container.decodeIfPresent(String.self, forKey: .qosClass)
        constraints = try container.decodeIfPresent(PathConstraints.self, forKey: .constraints)
        reroute = try container.decodeIfPresent(Bool.self, forKey: .reroute) ?? false
    }
}
