/// A TaaS tap flow: mirror one source port's traffic, in one direction, to a tap service.
/// Fields follow TaaS's `/v2.0/taas/tap_flows`, plus what TaaS lacks: a match filter, a rate cap,
/// a sampling floor, a weight and optional truncation.
public struct TapFlow: Hashable, Sendable, Codable, Identifiable {
    /// UUID string, as TaaS; empty in a create request means "assign one".
    public var id: String
    public var name: String
    public var description: String
    /// The owning tenant; always the tap service's tenant (empty in a create request means "the service's").
    public var tenant: String
    public var tapServiceID: String
    public var sourcePort: PortReference
    public var direction: TapDirection
    /// Narrows which frames are copied; `nil` copies all frames of the direction (TaaS's behaviour).
    public var filter: MirrorFilter?
    /// Never mirror more than this many bit/s for this flow; `nil` = no cap beyond the fabric's.
    public var maxRateBps: Double?
    /// The sampling fraction (0...1) placement tries to give this flow before sharing the rest
    /// max-min fairly; a flow left below it is reported as such.
    public var samplingFloor: Double
    /// Share of contested mirror capacity relative to other tap flows (weighted max-min fairness).
    public var weight: Double
    /// When set, copies may be truncated to this many bytes per frame if the full copy does not fit
    /// (an Open vSwitch extension, not OpenFlow 1.3).
    public var truncateBytes: Int?

    /// A tap flow; the defaults are TaaS's (every frame, no cap, no floor, weight 1, no truncation).
    public init(
        id: String = "", name: String = "", description: String = "", tenant: String = "", tapServiceID: String,
        sourcePort: PortReference, direction: TapDirection, filter: MirrorFilter? = nil, maxRateBps: Double? = nil,
        samplingFloor: Double = 0, weight: Double = 1, truncateBytes: Int? = nil
    ) {
        self.id = id
        self.name = name
        self.description = description
        self.tenant = tenant
        self.tapServiceID = tapServiceID
        self.sourcePort = sourcePort
        self.direction = direction
        self.filter = filter
        self.maxRateBps = maxRateBps
        self.samplingFloor = samplingFloor
        self.weight = weight
        self.truncateBytes = truncateBytes
    }

    /// `name (id)` or the id alone, for messages.
    public var label: String { name.isEmpty ? id : "'\(name)' (\(id))" }

    /// What is wrong with the flow's own fields (not its relation to the topology), each naming the field.
    public func fieldProblems() -> [TapError] {
        var found = (filter?.problems() ?? []).map { TapError.invalidField(field: $0.field, value: "tap flow \(label)", reason: $0.message) }
        if let maxRateBps, !(maxRateBps > 0 && maxRateBps.isFinite) {
            found.append(.invalidField(field: "max_rate", value: "\(maxRateBps)", reason: "must be a positive number of bit/s"))
        }
        if !(0...1).contains(samplingFloor) {
            found.append(.invalidField(field: "sampling_floor", value: "\(samplingFloor)", reason: "must be within 0...1"))
        }
        if !(weight > 0 && weight.isFinite) {
            found.append(.invalidField(field: "weight", value: "\(weight)", reason: "must be a positive number"))
        }
        if let truncateBytes, !(64...65_535).contains(truncateBytes) {
            found.append(.invalidField(field: "truncate_bytes", value: "\(truncateBytes)", reason: "must be within 64...65535"))
        }
        return found
    }

    enum CodingKeys: String, CodingKey {
        case id, name, description
        case tenant = "tenant_id"
        case tapServiceID = "tap_service_id"
        case sourcePort = "source_port"
        case direction, filter
        case maxRateBps = "max_rate_bps"
        case samplingFloor = "sampling_floor"
        case weight
        case truncateBytes = "truncate_bytes"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decodeIfPresent(String.self, forKey: .id) ?? ""
        name = try container.decodeIfPresent(String.self, forKey: .name) ?? ""
        description = try container.decodeIfPresent(String.self, forKey: .description) ?? ""
        tenant = try container.decodeIfPresent(String.self, forKey: .tenant) ?? ""
        tapServiceID = try container.decode(String.self, forKey: .tapServiceID)
        sourcePort = try container.decode(PortReference.self, forKey: .sourcePort)
        direction = try container.decode(TapDirection.self, forKey: .direction)
        filter = try container.decodeIfPresent(MirrorFilter.self, forKey: .filter)
        maxRateBps = try container.decodeIfPresent(Double.self, forKey: .maxRateBps)
        samplingFloor = try container.decodeIfPresent(Double.self, forKey: .samplingFloor) ?? 0
        weight = try container.decodeIfPresent(Double.self, forKey: .weight) ?? 1
        truncateBytes = try container.decodeIfPresent(Int.self, forKey: .truncateBytes)
    }
}
