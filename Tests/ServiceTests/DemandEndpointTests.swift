import Controller
import Foundation
import HummingbirdTesting
import Optimizer
import Testing
import Topology

@testable import Service
import WeftTestSupport

/// `GET`/`PUT /v1/demands` against a real store: declared demands replaced all or nothing, bad input
/// answered 422 naming the field, the measured matrix shown next to them.
@Suite("Declared and measured demands over the API")
struct DemandEndpointTests {
    static let valid = """
        {"demands": [{"src": "h1-1", "dst": "h2-1", "rate_bps": 2e9, "class": "gold"},
                     {"src": "h1-2", "dst": "h2-2", "rate_bps": "500M", "class": "bronze", "id": "backup"}]}
        """

    static func entry(_ source: String, _ destination: String, _ className: String, _ bps: Double, at date: Date) -> TrafficMatrixMeter.Entry {
        TrafficMatrixMeter.Entry(source: source, destination: destination, className: className, rateBps: bps, smoothedBps: bps,
                                 sampledAt: date, windowSeconds: 5)
    }

    @Test("PUT stores the declared demands and GET shows them per leaf-pair aggregate")
    func putThenGet() async throws {
        try await ServiceFixture.with { fixture in
            try await fixture.serve { client in
                let put = try await client.send(.put, "/v1/demands", json: Self.valid)
                #expect(put.status == .ok)
                let got = try await client.send(.get, "/v1/demands")
                #expect(got.status == .ok)
                let body = try JSONSerialization.jsonObject(with: Data(got.body.readableBytesView)) as? [String: Any]
                let declared = body?["declared"] as? [[String: Any]]
                #expect(declared?.map { $0["id"] as? String } == ["h1-1->h2-1/gold", "backup"])
                let aggregates = body?["aggregates"] as? [[String: Any]]
                #expect(aggregates?.count == 2)
                #expect(aggregates?.map { "\($0["src"] ?? "")>\($0["dst"] ?? "")/\($0["class"] ?? "")=\($0["declared_bps"] ?? "")" }
                        == ["leaf1>leaf2/bronze=500000000", "leaf1>leaf2/gold=2000000000"])
                #expect(body?["measured"] is NSNull)
            }
            #expect(try fixture.engine.declaredDemands().map(\.rateBps) == [2e9, 5e8])
        }
    }

    @Test("a negative rate is a 422 naming demands[i].rate_bps and keeps the stored demands")
    func negativeRateRefused() async throws {
        try await ServiceFixture.with { fixture in
            try await fixture.serve { client in
                _ = try await client.send(.put, "/v1/demands", json: Self.valid)
                let bad = try await client.send(.put, "/v1/demands", json: """
                    {"demands": [{"src": "h1-1", "dst": "h2-1", "rate_bps": 1e9}, {"src": "h1-2", "dst": "h2-2", "rate_bps": -5}]}
                    """)
                #expect(bad.status == .unprocessableContent)
                #expect(try bad.apiError().field == "demands[1].rate_bps")
            }
            #expect(try fixture.engine.declaredDemands().count == 2)
        }
    }

    @Test("an unknown host is a 422 naming demands[i].src; nothing is stored")
    func unknownHostRefused() async throws {
        try await ServiceFixture.with { fixture in
            try await fixture.serve { client in
                let bad = try await client.send(.put, "/v1/demands", json: """
                    {"demands": [{"src": "h1-1", "dst": "h2-1", "rate_bps": 1e9}, {"src": "nobody", "dst": "h2-2", "rate_bps": 1e9}]}
                    """)
                #expect(bad.status == .unprocessableContent)
                let error = try bad.apiError()
                #expect(error.field == "demands[1].src")
                #expect(error.message.contains("nobody"))
            }
            #expect(try fixture.engine.declaredDemands().isEmpty)
        }
    }

    @Test("an unknown class is a 422 naming demands[i].class")
    func unknownClassRefused() async throws {
        try await ServiceFixture.with { fixture in
            try await fixture.serve { client in
                let bad = try await client.send(.put, "/v1/demands", json: """
                    {"demands": [{"src": "h1-1", "dst": "h2-1", "rate_bps": 1e9, "class": "platinum"}]}
                    """)
                #expect(bad.status == .unprocessableContent)
                #expect(try bad.apiError().field == "demands[0].class")
            }
        }
    }

    @Test("GET puts the newest measured snapshot next to the declared aggregates, with history on request")
    func measuredSideBySide() async throws {
        try await ServiceFixture.with { fixture in
            let now = Date()
            _ = try await fixture.engine.recordMatrix(MatrixSnapshot(sampledAt: now.addingTimeInterval(-10), entries: [Self.entry("leaf1", "leaf2", "gold", 1e9, at: now)]),
                                                      retention: .seconds(3600))
            _ = try await fixture.engine.recordMatrix(MatrixSnapshot(sampledAt: now, entries: [Self.entry("leaf1", "leaf2", "gold", 3e9, at: now),
                                                                                               Self.entry("leaf3", "leaf1", "bronze", 2e8, at: now)]),
                                                      retention: .seconds(3600))
            try await fixture.serve { client in
                _ = try await client.send(.put, "/v1/demands", json: Self.valid)
                let got = try await client.send(.get, "/v1/demands?history=5")
                let body = try JSONSerialization.jsonObject(with: Data(got.body.readableBytesView)) as? [String: Any]
                let rows = (body?["aggregates"] as? [[String: Any]]) ?? []
                let gold = rows.first { $0["src"] as? String == "leaf1" && $0["class"] as? String == "gold" }
                #expect(gold?["declared_bps"] as? Double == 2e9 && gold?["measured_bps"] as? Double == 3e9)
                let undeclared = rows.first { $0["src"] as? String == "leaf3" }
                #expect(undeclared?["declared_bps"] as? Double == 0 && undeclared?["measured_bps"] as? Double == 2e8)
                #expect((body?["history"] as? [Any])?.count == 2)
                let badQuery = try await client.send(.get, "/v1/demands?history=-1")
                #expect(badQuery.status == .unprocessableContent)
                #expect(try badQuery.apiError().field == "history")
            }
        }
    }
}

/// The measured matrix's history in both store engines: stored with its time, pruned by age.
@Suite("Measured matrix snapshots")
struct MatrixHistoryTests {
    @Test("snapshots are stored with their time and entries, newest first, and pruned by age", arguments: StoreKind.allCases)
    func storedAndPruned(kind: StoreKind) async throws {
        try await ServiceFixture.with(kind: kind) { fixture in
            let start = Date(timeIntervalSince1970: 1_800_000_000)
            for minute in 0..<5 {
                let at = start.addingTimeInterval(Double(minute) * 60)
                _ = try await fixture.engine.recordMatrix(
                    MatrixSnapshot(sampledAt: at, entries: [DemandEndpointTests.entry("leaf1", "leaf2", "gold", Double(minute + 1) * 1e8, at: at)]),
                    retention: .seconds(150))
            }
            let kept = try fixture.engine.matrixHistory(since: .distantPast, limit: 100)
            #expect(kept.map(\.sampledAt) == [4, 3, 2].map { start.addingTimeInterval(Double($0) * 60) })
            #expect(kept.first?.entries.first?.smoothedBps == 5e8)
            #expect(kept.first?.entries.first?.windowSeconds == 5)
            #expect(try fixture.engine.latestMatrix()?.id == kept.first?.id)
            let entries = try fixture.store.read { db in try db.fetchValue(Int.self, sql: "SELECT COUNT(*) FROM serve_matrix_entry") }
            #expect(entries == 3)
        }
    }
}
