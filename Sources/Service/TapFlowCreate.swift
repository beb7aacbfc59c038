import TaasPlanner

/// Body of `POST /v1/tap_flows`: `{"tap_flow": {"name", "description", "tap_service_id", "source_port",
/// "direction", "vlan_filter", "tenant_id" | "project_id"}}` plus Weft's optional `max_rate_bps`,
/// `sampling_floor` and `weight`.
public struct TapFlowCreate: Hashable, Sendable, Decodable {
    public var flow: TapFlow

    enum EnvelopeKeys: String, CodingKey, CaseIterable {
        case tapFlow = "tap_flow"
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, description
        case tapServiceID = "tap_service_id"
        case sourcePort = "source_port"
        case direction
        case vlanFilter = "vlan_filter"
        case tenantID = "tenant_id"
        case projectID = "project_id"
        case maxRateBps = "max_rate_bps"
        case samplingFloor = "sampling_floor"
        case weight
    }

    public init(from decoder: any Decoder) throws {
        let envelope = try decoder.container(keyedBy: EnvelopeKeys.self)
        guard envelope.contains(.tapFlow) else {
            throw DecodingError.keyNotFound(EnvelopeKeys.tapFlow, .init(codingPath: [], debugDescription: "body must be {\"tap_flow\": {...}}"))
        }
        try decoder.rejectUnknownKeys(EnvelopeKeys.self)
        let body = try envelope.superDecoder(forKey: .tapFlow)
        try body.rejectUnknownKeys(CodingKeys.self)
        let container = try body.container(keyedBy: CodingKeys.self)
        let tenant = try container.decodeTenant(tenantKey: .tenantID, projectKey: .projectID)
        let sourceText = try container.decodeName(forKey: .sourcePort)
        guard let source = PortReference(sourceText) else {
            throw DecodingError.dataCorruptedError(forKey: .sourcePort, in: container, debugDescription: "source_port must name a host or switch:port")
        }
        let directionText = try container.decode(String.self, forKey: .direction)
        guard let direction = TapDirection(rawValue: directionText) else {
            throw DecodingError.dataCorruptedError(forKey: .direction, in: container, debugDescription: "direction must be IN, OUT or BOTH, got '\(directionText)'")
        }
        var filter: MirrorFilter?
        if let text = try container.decodeIfPresent(String.self, forKey: .vlanFilter) {
            guard let vlans = NumberRanges(text, limit: 4095) else {
                throw DecodingError.dataCorruptedError(forKey: .vlanFilter, in: container, debugDescription: "vlan_filter must be VLAN ids and ranges within 0...4095 such as '1-5,9', got '\(text)'")
            }
            filter = MirrorFilter(vlans: vlans)
        }
        flow = TapFlow(
            name: try container.decodeIfPresent(String.self, forKey: .name) ?? "",
            description: try container.decodeIfPresent(String.self, forKey: .description) ?? "",
            tenant: tenant,
            tapServiceID: try container.decodeName(forKey: .tapServiceID),
            sourcePort: source, direction: direction, filter: filter,
            maxRateBps: container.contains(.maxRateBps) ? try container.decodeRate(forKey: .maxRateBps) : nil,
            samplingFloor: try container.decodeIfPresent(Double.self, forKey: .samplingFloor) ?? 0,
            weight: try container.decodeIfPresent(Double.self, forKey: .weight) ?? 1)
    }
}
