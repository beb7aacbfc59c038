import Foundation
import Hummingbird
import HummingbirdTesting
import Optimizer
import Topology

@testable import Service
import TopologyStore
import WeftTestSupport

/// A real store (a SQLite file in a fresh temporary directory, or a new database on the test
/// PostgreSQL server) holding one topology, with the API served on an ephemeral loopback port and
/// exercised through AsyncHTTPClient.
struct ServiceFixture {
    let directory: URL
    /// The database as opened: a file path or a `postgres://` URL with its password.
    let location: String
    let store: TopologyStore
    let engine: ServiceEngine
    let metrics: ServiceMetrics
    let token: String?

    var databasePath: String { store.path }

    /// Runs `body` with a fixture and removes its directory afterwards, whatever happens.
    static func with<T>(
        topology: Topology = Fabrics.spineLeaf(), headroom: Double = 0, demands: [Demand] = [], token: String? = nil,
        kind: StoreKind = .sqlite, limits: ReservationLimits = ReservationLimits(), _ body: (ServiceFixture) async throws -> T
    ) async throws -> T {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("weft-serve-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let location = try kind.newLocation(in: directory.path)
        let store = try TopologyStore(location: location, additionalMigrations: ServeSchema.allMigrations)
        try store.save(topology, source: "test fixture")
        let engine = ServiceEngine(store: store, headroom: headroom, demands: demands, limits: limits)
        let fixture = ServiceFixture(directory: directory, location: location, store: store, engine: engine, metrics: ServiceMetrics(), token: token)
        return try await body(fixture)
    }

    func application(http: HTTPLimits = HTTPLimits()) -> some ApplicationProtocol {
        Application(router: APIRouter.make(engine: engine, metrics: metrics, token: token), server: .weft(limits: http),
                    configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    }

    /// Serves the API and runs `body` with a real HTTP client connected over loopback.
    func serve<T: Sendable>(http: HTTPLimits = HTTPLimits(), _ body: @escaping @Sendable (APIClient) async throws -> T) async throws -> T {
        let token = token
        return try await application(http: http).test(.ahc(.http)) { client in
            try await body(APIClient(client: client, token: token))
        }
    }
}

/// Sends JSON requests with the fixture's bearer token and decodes JSON responses.
struct APIClient: Sendable {
    let client: any TestClientProtocol
    let token: String?

    /// The server's loopback port, for raw connections.
    var port: Int { client.port ?? 0 }

    /// Sends `json` (raw text, so tests can send malformed bodies) and returns the response.
    func send(_ method: HTTPRequest.Method, _ uri: String, json: String? = nil, token override: String?? = .none) async throws -> TestResponse {
        var headers: HTTPFields = [:]
        if let bearer = override ?? token {
            headers[.authorization] = "Bearer \(bearer)"
        }
        if json != nil {
            headers[.contentType] = "application/json"
        }
        return try await client.executeRequest(uri: uri, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) })
    }
}

extension TestResponse {
    func decode<T: Decodable>(_ type: T.Type = T.self) throws -> T {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(type, from: Data(body.readableBytesView))
    }

    /// The `error` object of an error response.
    func apiError() throws -> APIError.Body.Detail {
        try decode(APIError.Body.self).error
    }

    var text: String { String(buffer: body) }
}
