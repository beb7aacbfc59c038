import Hummingbird
import Topology
import TopologyStore

/// `/v1/topology`: the fabric as the store has it now, and its version history.
struct TopologyRoutes {
    let engine: ServiceEngine

    func add(to router: Router<APIRequestContext>) {
        router.get("/v1/topology") { request, _ in
            let stored: StoredTopology
            if let text = request.uri.queryParameters.get("version") {
                guard let number = Int(text), number > 0 else {
                    throw APIError.invalidField("version", "version must be a positive integer, got '\(text)'")
                }
                stored = try engine.topology(version: number)
            } else {
                stored = try engine.latestTopology()
            }
            return TopologyResponse(version: stored.version, topology: stored.topology, reservedBps: try engine.reservedUsage())
        }
        router.get("/v1/topology/versions") { _, _ in
            ["versions": try engine.topologyVersions()]
        }
    }
}

/// Body of `GET /v1/topology`.
struct TopologyResponse: ResponseCodable {
    var version: TopologyVersion
    var topology: Topology
    /// Rate currently reserved per link name and host access port, by `POST /v1/paths`.
    var reservedBps: [String: Double]

    enum CodingKeys: String, CodingKey {
        case version, topology
        case reservedBps = "reserved_bps"
    }
}
