import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import Service

@Suite("Bearer-token authentication")
struct AuthenticationTests {
    static let protectedRoutes: [(HTTPRequest.Method, String)] = [
        (.get, "/v1/topology"), (.get, "/v1/topology/versions"), (.get, "/v1/paths"), (.post, "/v1/paths"),
        (.patch, "/v1/paths/x"), (.delete, "/v1/paths/x"), (.get, "/v1/tap_services"), (.post, "/v1/tap_flows"),
        (.get, "/metrics"),
    ]

    @Test("every protected route answers 401 without a token or with a wrong one, with a WWW-Authenticate header")
    func rejectsMissingAndWrongTokens() async throws {
        try await ServiceFixture.with(token: "s3cret-token") { fixture in
            try await fixture.serve { api in
                for (method, uri) in Self.protectedRoutes {
                    for token in [String?.none, "wrong-token", "s3cret-token-and-more", ""] {
                        let response = try await api.send(method, uri, json: method == .get || method == .delete ? nil : "{}", token: .some(token))
                        #expect(response.status == .unauthorized, "\(method) \(uri) with \(token ?? "no token")")
                        #expect(try response.apiError().code == "unauthorized")
                        #expect(response.headers[.wwwAuthenticate] == "Bearer realm=\"weft\"")
                    }
                }
            }
        }
    }

    @Test("the right token is accepted; health and the API description need none")
    func acceptsRightToken() async throws {
        try await ServiceFixture.with(token: "s3cret-token") { fixture in
            try await fixture.serve { api throws in
                #expect(try await api.send(.get, "/v1/topology").status == .ok)
                #expect(try await api.send(.get, "/healthz", token: .some(nil)).status == .ok)
                #expect(try await api.send(.get, "/v1/openapi.yaml", token: .some(nil)).status == .ok)
            }
        }
    }

    @Test("constant-time comparison accepts equal and rejects different tokens of any length")
    func constantTimeCompare() {
        let secret = Array("abcdef".utf8)
        #expect(BearerTokenMiddleware<APIRequestContext>.constantTimeEqual(secret, Array("abcdef".utf8)))
        #expect(!BearerTokenMiddleware<APIRequestContext>.constantTimeEqual(secret, Array("abcdeg".utf8)))
        #expect(!BearerTokenMiddleware<APIRequestContext>.constantTimeEqual(secret, Array("abcde".utf8)))
        #expect(!BearerTokenMiddleware<APIRequestContext>.constantTimeEqual(secret, Array("abcdef0".utf8)))
        #expect(!BearerTokenMiddleware<APIRequestContext>.constantTimeEqual(secret, []))
    }
}
