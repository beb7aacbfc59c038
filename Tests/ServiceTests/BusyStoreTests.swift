import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import Testing

@testable import Service
import TopologyStore
import WeftTestSupport

@Suite("A busy or failing store answers 503 or 500 with a request id and nothing internal")
struct BusyStoreTests {
    /// Text that must never reach a client: where the database is and what the engine said.
    static func internals(of fixture: ServiceFixture) -> [String] {
        [fixture.directory.path, fixture.store.path, ".sqlite", "SQLITE", "database is locked", "SQLSTATE", "lock timeout",
         "pg_advisory", "SELECT", "INSERT", "serve_"]
    }

    @Test("another connection holding the write lock for 8 s makes a POST answer 503 store_busy with Retry-After, then it succeeds",
          arguments: StoreKind.allCases)
    func heldWriteLock(kind: StoreKind) async throws {
        try await ServiceFixture.with(kind: kind) { fixture in
            try await fixture.serve { api in
                let holder = try WriteLockHolder(location: fixture.location, kind: kind, seconds: 8)
                let body = #"{"src": "h1-1", "dst": "h3-1", "bandwidth_bps": "10M"}"#
                let busy = try await api.send(.post, "/v1/paths", json: body)
                let answeredWhileHeld = !holder.released
                #expect(busy.status == .serviceUnavailable, "\(busy.text)")
                #expect(busy.headers[.retryAfter] == "1")
                let error = try busy.apiError()
                #expect(error.code == "store_busy")
                #expect(error.message.contains("the store is busy"))
                #expect(error.requestID != nil && error.requestID == busy.headers[.requestID])
                for text in Self.internals(of: fixture) {
                    #expect(!busy.text.contains(text), "the answer leaks '\(text)': \(busy.text)")
                }
                #expect(answeredWhileHeld, "the 503 came while the other writer still held the lock, not after it let go")
                try await holder.wait()
                #expect(try fixture.engine.reservationCount() == 0, "the refused request wrote nothing")
                let retried = try await api.send(.post, "/v1/paths", json: body)
                #expect(retried.status == .created, "\(retried.text)")
            }
        }
    }

    @Test("a store failure that is not busy is a 500 store_error naming no path or SQL; the request id is in header and body")
    func brokenStore() async throws {
        try await ServiceFixture.with { fixture in
            try fixture.store.write { db in try db.execute(sql: "DROP TABLE serve_class_total") }
            try await fixture.serve { api in
                let failed = try await api.send(.post, "/v1/paths", json: #"{"src": "h1-1", "dst": "h3-1", "bandwidth_bps": "10M"}"#)
                #expect(failed.status == .internalServerError, "\(failed.text)")
                let error = try failed.apiError()
                #expect(error.code == "store_error")
                #expect(error.requestID != nil && error.requestID == failed.headers[.requestID])
                for text in Self.internals(of: fixture) + ["no such table", "serve_class_total"] {
                    #expect(!failed.text.contains(text), "the answer leaks '\(text)': \(failed.text)")
                }
            }
        }
    }

    @Test("a sane client X-Request-Id is echoed on success and in error bodies; a malformed or oversized one is replaced")
    func clientRequestIDs() async throws {
        try await ServiceFixture.with { fixture in
            try await fixture.serve { api in
                func send(_ uri: String, id: String) async throws -> TestResponse {
                    try await api.client.executeRequest(uri: uri, method: .get, headers: [.requestID: id], body: nil)
                }
                let ok = try await send("/v1/topology", id: "trace-42.a:b_c")
                #expect(ok.status == .ok)
                #expect(ok.headers[.requestID] == "trace-42.a:b_c")
                let missing = try await send("/v1/paths/no-such-id", id: "trace-43")
                #expect(missing.status == .notFound)
                #expect(missing.headers[.requestID] == "trace-43")
                #expect(try missing.apiError().requestID == "trace-43")
                for bad in ["has space", String(repeating: "x", count: RequestIDMiddleware.maximumLength + 1), "semi;colon", "quote\""] {
                    let answered = try await send("/v1/topology", id: bad)
                    let echoed = try #require(answered.headers[.requestID])
                    #expect(echoed != bad)
                    #expect(RequestIDMiddleware.acceptedID(echoed) == echoed, "a generated id is itself acceptable")
                }
                let first = try await api.send(.get, "/healthz").headers[.requestID]
                let second = try await api.send(.get, "/healthz").headers[.requestID]
                #expect(first != nil && first != second, "each request gets its own id")
            }
        }
    }
}
