import TaasPlanner

/// Body of `POST /v1/tap_services`: `{"tap_service": {"name", "description", "port_id", "tenant_id" | "project_id"}}`.
public struct TapServiceCreate: Hashable, Sendable, Decodable {
    public var service: TapService

    enum EnvelopeKeys: String, CodingKey, CaseIterable {
        case tapService = "tap_service"
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, description
        case portID = "port_id"
        case tenantID = "tenant_id"
        case projectID = "project_id"
    }

    public init(from decoder: any Decoder) throws {
        let envelope = try decoder.container(keyedBy: EnvelopeKeys.self)
        guard envelope.contains(.tapService) else {
            throw DecodingError.keyNotFound(EnvelopeKeys.tapService, .init(codingPath: [], debugDescription: "body must be {\"tap_service\": {...}}"))
        }
        try decoder.rejectUnknownKeys(EnvelopeKeys.self)
        let body = try envelope.superDecoder(forKey: .tapService)
        try body.rejectUnknownKeys(CodingKeys.self)
        let container = try body.container(keyedBy: CodingKeys.self)
        let tenant = try container.decodeTenant(tenantKey: .tenantID, projectKey: .projectID)
        let portText = try container.decodeName(forKey: .portID)
        guard let port = PortReference(portText) else {
            throw DecodingError.dataCorruptedError(forKey: .portID, in: container, debugDescription: "port_id must name a host or switch:port")
        }
        service = TapService(
            name: try container.decodeIfPresent(String.self, forKey: .name) ?? "",
            description: try container.decodeIfPresent(String.self, forKey: .description) ?? "",
            tenant: tenant, port: port)
    }
}

extension KeyedDecodingContainer {
    /// Neutron accepts `tenant_id` or `project_id` (the same value); at least one is required.
    func decodeTenant(tenantKey: Key, projectKey: Key) throws -> String {
        let tenant = try decodeIfPresent(String.self, forKey: tenantKey)
        let project = try decodeIfPresent(String.self, forKey: projectKey)
        if let tenant, let project, tenant != project {
            throw DecodingError.dataCorruptedError(forKey: projectKey, in: self, debugDescription: "project_id '\(project)' differs from tenant_id '\(tenant)'")
        }
        guard let value = tenant ?? project, !value.isEmpty else {
            throw DecodingError.keyNotFound(tenantKey, .init(codingPath: codingPath, debugDescription: "tenant_id (or project_id) is required"))
        }
        return value
    }
}
