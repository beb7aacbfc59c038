import Hummingbird

/// Builds the Weft HTTP API router.
public enum APIRouter {
    /// Paths that never need a token: liveness probes and the API description.
    public static let openPaths: Set<String> = ["/healthz", "/v1/openapi.yaml"]

    public static func make(token: String?) -> Router<APIRequestContext> {
        let router = Router(context: APIRequestContext.self)
        if let token {
            router.add(middleware: BearerTokenMiddleware(token: token, openPaths: openPaths))
        }
        router.get("/healthz") { _, _ in HealthStatus(status: "ok") }
        router.get("/v1/openapi.yaml") { _, _ -> Response in
            guard let yaml = OpenAPIDocument.yaml else {
                throw APIError(.internalServerError, code: "openapi_missing", message: "the OpenAPI document is not installed next to the executable")
            }
            return Response(status: .ok, headers: [.contentType: "application/yaml"], body: .init(byteBuffer: ByteBuffer(string: yaml)))
        }
        return router
    }
}

/// Body of `GET /healthz`.
struct HealthStatus: ResponseCodable {
    var status: String
}
