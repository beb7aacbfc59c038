import Controller
import Hummingbird

/// Builds the Weft HTTP API router.
public enum APIRouter {
    /// Paths that never need a token: liveness probes and the API description.
    public static let openPaths: Set<String> = ["/healthz", "/v1/openapi.yaml"]

    /// Every route of the API. With a `token`, all but ``openPaths`` require `Authorization: Bearer <token>`.
    /// Without a `reoptimizer` (no demands configured) `/v1/optimize` and `/v1/allocations/latest` answer 409;
    /// with a `programmer` (the embedded controller), tap changes are installed and `/healthz` and
    /// `/metrics` report what the controller has installed. With an `election`, a follower answers
    /// writes with the leader's address (307) and `/healthz` and `/metrics` show the election.
    public static func make(
        engine: ServiceEngine, metrics: ServiceMetrics, reoptimizer: Reoptimizer? = nil, programmer: FabricProgrammer? = nil,
        election: LeaderElection? = nil, token: String?
    ) -> Router<APIRequestContext> {
        let controller = programmer?.controller
        let router = Router(context: APIRequestContext.self)
        router.add(middleware: MetricsMiddleware())
        router.add(middleware: RequestIDMiddleware())
        let routes = RouteMethods()
        router.add(middleware: ErrorShapeMiddleware(routes: routes))
        if let token {
            router.add(middleware: BearerTokenMiddleware(token: token, openPaths: openPaths))
        }
        if let election {
            router.add(middleware: LeaderRedirectMiddleware(election: election))
        }
        router.get("/healthz") { _, _ in
            HealthStatus(status: "ok", topologyVersion: try? engine.latestTopology().version.number,
                         reoptimization: reoptimizer != nil, controller: await controller.asyncMap(ControllerHealth.init),
                         highAvailability: election.map { HAHealth(instance: $0.lease.holder, status: $0.status) })
        }
        router.get("/v1/openapi.yaml") { _, _ -> Response in
            guard let yaml = OpenAPIDocument.yaml else {
                throw APIError.internalFailure(code: "openapi_missing", message: "the OpenAPI document is not available",
                                               logDetail: "the OpenAPI document is not installed next to the executable")
            }
            return Response(status: .ok, headers: [.contentType: "application/yaml"], body: .init(byteBuffer: ByteBuffer(string: yaml)))
        }
        router.get("/metrics") { _, _ -> Response in
            metrics.refresh(from: engine)
            if let election {
                metrics.refresh(from: election.status)
            }
            if let controller {
                metrics.flowsInstalled.set(Double(await controller.installedProgram?.totalFlows ?? 0))
                metrics.refresh(from: await controller.statistics)
                metrics.refresh(from: await controller.mirrorCounters())
                metrics.refresh(from: await controller.aggregateMeterCounters())
            }
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(string: metrics.render())))
        }
        TopologyRoutes(engine: engine).add(to: router)
        PathRoutes(engine: engine).add(to: router)
        TapRoutes(engine: engine, programmer: programmer).add(to: router)
        FlowRoutes(engine: engine, controller: controller).add(to: router)
        AllocationRoutes(reoptimizer: reoptimizer).add(to: router)
        DemandRoutes(engine: engine, reoptimizer: reoptimizer).add(to: router)
        routes.record(router.routes.map { (path: $0.path.description, method: $0.method.rawValue) })
        return router
    }
}

/// Body of `GET /healthz`.
struct HealthStatus: ResponseEncodable {
    var status: String
    /// `nil` until a topology has been stored.
    var topologyVersion: Int?
    /// Whether demands are configured (scheduled and event re-optimization runs).
    var reoptimization: Bool
    /// The embedded OpenFlow controller, or `nil` in pure path-computation mode.
    var controller: ControllerHealth?
    /// The leader election, or `nil` for a single instance.
    var highAvailability: HAHealth?

    enum CodingKeys: String, CodingKey {
        case status
        case topologyVersion = "topology_version"
        case reoptimization, controller
        case highAvailability = "ha"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(status, forKey: .status)
        try container.encode(topologyVersion, forKey: .topologyVersion)
        try container.encode(reoptimization, forKey: .reoptimization)
        try container.encode(controller, forKey: .controller)
        try container.encodeIfPresent(highAvailability, forKey: .highAvailability)
    }
}

extension Optional {
    /// `map` with an async transform.
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
