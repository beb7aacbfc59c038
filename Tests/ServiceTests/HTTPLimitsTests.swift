import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import Service

@Suite("HTTP timeouts and limits")
struct HTTPLimitsTests {
    static let short = HTTPLimits(headerTimeout: .seconds(1), bodyTimeout: .seconds(1), idleTimeout: .seconds(1),
                                  requestTimeout: .seconds(5), maxConnections: 64)

    /// The JSON error object of a raw HTTP response text.
    static func errorObject(_ response: String) throws -> APIError.Body.Detail {
        let parts = response.components(separatedBy: "\r\n\r\n")
        try #require(parts.count >= 2, "no body in \(response)")
        return try JSONDecoder().decode(APIError.Body.self, from: Data(parts[1].utf8)).error
    }

    /// Only the idle timer is short (1 s; every other one 30 s or more), so a silent connection closed
    /// before the wait ends (15 s) was closed by it, however loaded the machine is.
    @Test("an idle connection is closed by the idle timeout")
    func idleConnectionClosed() async throws {
        let limits = HTTPLimits(headerTimeout: .seconds(30), bodyTimeout: .seconds(30), idleTimeout: .seconds(1), requestTimeout: .seconds(60))
        try await ServiceFixture.with { fixture in
            try await fixture.serve(http: limits) { api in
                let connection = try RawHTTPConnection(port: api.port)
                let clock = ContinuousClock()
                let started = clock.now
                let (text, closed) = await connection.readUntilClosed(timeout: .seconds(15))
                #expect(closed, "the idle connection is still open after \(clock.now - started), idle timeout 1 s")
                #expect(text.isEmpty, "an idle close sends nothing")
            }
        }
    }

    @Test("a keep-alive connection is closed after the idle timeout following its last response")
    func keepAliveThenIdle() async throws {
        try await ServiceFixture.with { fixture in
            try await fixture.serve(http: Self.short) { api in
                let connection = try RawHTTPConnection(port: api.port)
                await connection.send("GET /healthz HTTP/1.1\r\nHost: weft\r\n\r\n")
                let (text, closed) = await connection.readUntilClosed(timeout: .seconds(5))
                #expect(text.hasPrefix("HTTP/1.1 200"))
                #expect(closed)
            }
        }
    }

    /// "At once" means before any of the server's timers could have closed it: a server that went on
    /// reading (or draining) the announced 100 MB would hold the connection until the body timeout,
    /// 30 s here, since the client sends only 64 KiB of it. The wait below stops well before that, so
    /// a close seen within it is the refusal's own, however loaded the machine is.
    @Test("an unauthenticated 100 MB upload gets 401 in JSON and the connection is closed at once")
    func unauthenticatedUploadClosed() async throws {
        let limits = HTTPLimits(headerTimeout: .seconds(30), bodyTimeout: .seconds(30), idleTimeout: .seconds(60), requestTimeout: .seconds(60))
        try await ServiceFixture.with(token: "s3cret-token") { fixture in
            try await fixture.serve(http: limits) { api in
                let connection = try RawHTTPConnection(port: api.port)
                await connection.send("POST /v1/paths HTTP/1.1\r\nHost: weft\r\nContent-Type: application/json\r\nContent-Length: 104857600\r\n\r\n")
                await connection.send([UInt8](repeating: 0x20, count: 64 * 1024))
                let clock = ContinuousClock()
                let started = clock.now
                let (text, closed) = await connection.readUntilClosed(timeout: limits.bodyTimeout / 2)
                #expect(closed, "the connection is still open after \(clock.now - started): the server is waiting for the 100 MB body")
                #expect(text.hasPrefix("HTTP/1.1 401"))
                #expect(text.lowercased().contains("connection: close"))
                #expect(try Self.errorObject(text).code == "unauthorized")
                var refused = false
                for _ in 0..<64 where !refused {
                    refused = await !connection.send([UInt8](repeating: 0x20, count: 64 * 1024))
                }
                #expect(refused, "the rest of the upload is refused")
            }
        }
    }

    @Test("a body over the upload limit gets 413 in the JSON error shape and the connection is closed")
    func oversizedBody() async throws {
        try await ServiceFixture.with { fixture in
            try await fixture.serve { api in
                let connection = try RawHTTPConnection(port: api.port)
                await connection.send("POST /v1/paths HTTP/1.1\r\nHost: weft\r\nContent-Type: application/json\r\nContent-Length: 10485760\r\n\r\n")
                await connection.send([UInt8](repeating: 0x20, count: 2 << 20))
                let (text, closed) = await connection.readUntilClosed(timeout: .seconds(5))
                #expect(text.hasPrefix("HTTP/1.1 413"), "\(text.prefix(200))")
                #expect(try Self.errorObject(text).code == "body_too_large")
                #expect(closed)
            }
        }
    }

    @Test("a request whose head is not finished within the header timeout gets 408 and is closed")
    func slowHeaders() async throws {
        try await ServiceFixture.with { fixture in
            let limits = HTTPLimits(headerTimeout: .seconds(1), idleTimeout: .seconds(30))
            try await fixture.serve(http: limits) { api in
                let connection = try RawHTTPConnection(port: api.port)
                await connection.send("GET /healthz HTTP/1.1\r\nHost: weft\r\nX-Slow: a")
                // The 408 is the header timer's own answer (an idle close sends nothing, and no other
                // timer is below 30 s): no wall-clock bound is needed to know which timer fired.
                let (text, closed) = await connection.readUntilClosed(timeout: .seconds(15))
                #expect(closed)
                #expect(text.hasPrefix("HTTP/1.1 408"))
                #expect(try Self.errorObject(text).code == "request_timeout")
            }
        }
    }

    @Test("a body that stops arriving gets 408 after the body timeout")
    func slowBody() async throws {
        try await ServiceFixture.with { fixture in
            let limits = HTTPLimits(bodyTimeout: .seconds(1), idleTimeout: .seconds(30))
            try await fixture.serve(http: limits) { api in
                let connection = try RawHTTPConnection(port: api.port)
                await connection.send("POST /v1/paths HTTP/1.1\r\nHost: weft\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"src\":")
                let (text, closed) = await connection.readUntilClosed(timeout: .seconds(5))
                #expect(closed)
                #expect(text.hasPrefix("HTTP/1.1 408"))
                #expect(try Self.errorObject(text).code == "request_timeout")
            }
        }
    }

    @Test("a malformed request line and oversized headers are answered in the JSON error shape")
    func malformedRequests() async throws {
        try await ServiceFixture.with { fixture in
            try await fixture.serve { api in
                let garbage = try RawHTTPConnection(port: api.port)
                await garbage.send("NOT HTTP AT ALL\r\n\r\n")
                let (text, closed) = await garbage.readUntilClosed(timeout: .seconds(5))
                #expect(text.hasPrefix("HTTP/1.1 400"), "\(text.prefix(200))")
                #expect(try Self.errorObject(text).code == "malformed_request")
                #expect(closed)

                let huge = try RawHTTPConnection(port: api.port)
                await huge.send("GET /healthz HTTP/1.1\r\nHost: weft\r\nX-Big: \(String(repeating: "a", count: 100_000))\r\n\r\n")
                let (bigText, bigClosed) = await huge.readUntilClosed(timeout: .seconds(5))
                #expect(bigText.hasPrefix("HTTP/1.1 431"), "\(bigText.prefix(200))")
                #expect(try Self.errorObject(bigText).code == "headers_too_large")
                #expect(bigClosed)
            }
        }
    }

    @Test("connections beyond the limit get 503 with Retry-After in JSON; a freed slot serves again")
    func connectionLimit() async throws {
        try await ServiceFixture.with { fixture in
            let limits = HTTPLimits(idleTimeout: .seconds(30), maxConnections: 2)
            try await fixture.serve(http: limits) { api in
                // The test client may hold one connection of its own; fill the remaining slots.
                var held: [RawHTTPConnection] = []
                var refused: String?
                for _ in 0..<3 where refused == nil {
                    let connection = try RawHTTPConnection(port: api.port)
                    await connection.send("GET /healthz HTTP/1.1\r\nHost: weft\r\n\r\n")
                    let (text, _) = await connection.readUntilClosed(timeout: .milliseconds(500))
                    if text.hasPrefix("HTTP/1.1 503") { refused = text } else { held.append(connection) }
                }
                let text = try #require(refused, "a connection beyond the limit of 2 was refused")
                #expect(text.lowercased().contains("retry-after: 1"))
                #expect(try Self.errorObject(text).code == "too_many_connections")
                held.removeAll()
                try await Task.sleep(for: .milliseconds(200))
                let again = try RawHTTPConnection(port: api.port)
                await again.send("GET /healthz HTTP/1.1\r\nHost: weft\r\n\r\n")
                #expect(await again.readUntilClosed(timeout: .milliseconds(500)).text.hasPrefix("HTTP/1.1 200"))
            }
        }
    }
}
