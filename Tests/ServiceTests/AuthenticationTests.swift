import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import Service

@Suite("Bearer-token authentication")
struct AuthenticationTests {
    @Test("health probe answers without a token")
    func healthWithoutToken() async throws {
        let app = Application(router: APIRouter.make(token: "s3cret"), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
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
