import Foundation
import Hummingbird
import Testing
import Yams

@testable import Service

@Suite("OpenAPI document")
struct OpenAPIDocumentTests {
    /// `/v1/paths/:id` → `/v1/paths/{id}`.
    static func openAPIPath(_ routerPath: String) -> String {
        "/" + routerPath.split(separator: "/").map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }.joined(separator: "/")
    }

    @Test("every route of the router is described with its method, and nothing else is")
    func routesMatchDocument() async throws {
        try await ServiceFixture.with { fixture in
            let router = APIRouter.make(engine: fixture.engine, metrics: fixture.metrics, token: nil)
            let yaml = try #require(OpenAPIDocument.yaml)
            let document = try #require(try Yams.load(yaml: yaml) as? [String: Any])
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            let documented = Set(paths.flatMap { path, operations in
                operations.keys.filter { ["get", "post", "patch", "put", "delete"].contains($0) }.map { "\($0.uppercased()) \(path)" }
            })
            let routed = Set(router.routes.map { "\($0.method) \(Self.openAPIPath($0.path.description))" })
            #expect(routed.subtracting(documented).isEmpty, "routes missing from docs/openapi.yaml")
            #expect(documented.subtracting(routed).isEmpty, "documented operations with no route")
        }
    }

    @Test("docs/openapi.yaml is the document the service serves")
    func docsCopyIsTheResource() throws {
        let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("docs/openapi.yaml")
        #expect(try String(contentsOf: docs, encoding: .utf8) == OpenAPIDocument.yaml)
    }
}
