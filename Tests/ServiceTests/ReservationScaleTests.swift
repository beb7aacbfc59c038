import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import Testing
import Topology

@testable import Service
import TopologyStore
import WeftTestSupport

@Suite("Path reservations at scale: running totals, paging, minimum rate, quotas")
struct ReservationScaleTests {
    /// A request between spread host pairs of the default fabric, at the minimum rate.
    static func request(_ index: Int, rate: Double = 1000, tenant: String? = nil) -> PathRequest {
        let hosts = Fabrics.spineLeaf().hosts
        let source = hosts[index % hosts.count]
        let destination = hosts[(index + 1 + index / hosts.count % (hosts.count - 1)) % hosts.count]
        return PathRequest(source: source.name, destination: destination.name, bandwidthBps: rate, qosClass: "bronze", tenant: tenant)
    }

    /// Median seconds of a POST then DELETE of one reservation, over `count` rounds.
    static func createDeleteMedians(_ api: APIClient, count: Int) async throws -> (create: Double, delete: Double) {
        let clock = ContinuousClock()
        var creates: [Double] = []
        var deletes: [Double] = []
        for _ in 0..<count {
            var started = clock.now
            let created = try await api.send(.post, "/v1/paths", json: #"{"src": "h1-1", "dst": "h3-1", "bandwidth_bps": "10M"}"#)
            creates.append((clock.now - started) / .seconds(1))
            try #require(created.status == .created, "\(created.text)")
            let id = try created.decode(PathReservation.self).id
            started = clock.now
            let deleted = try await api.send(.delete, "/v1/paths/\(id)")
            deletes.append((clock.now - started) / .seconds(1))
            try #require(deleted.status == .noContent)
        }
        return (creates.sorted()[count / 2], deletes.sorted()[count / 2])
    }

    /// Reservations stored before measuring: 10,000 on SQLite; 1,000 on PostgreSQL, where bulk admission
    /// costs a server round trip per statement (10,000 took minutes on a loaded 2-core machine).
    static func scale(_ kind: StoreKind) -> Int {
        kind == .sqlite ? 10_000 : 1_000
    }

    @Test("with thousands of stored reservations create and delete still work and the totals are exact; the latency ratio is printed",
          arguments: StoreKind.allCases)
    func thousandsOfReservations(kind: StoreKind) async throws {
        let count = Self.scale(kind)
        try await ServiceFixture.with(kind: kind, limits: ReservationLimits(maxPerTenant: nil)) { fixture in
            try await fixture.serve { api in
                _ = try await Self.createDeleteMedians(api, count: 10)
                let empty = try await Self.createDeleteMedians(api, count: 40)
                _ = try await fixture.engine.reserveAll((0..<count).map { Self.request($0) })
                let loaded = try await Self.createDeleteMedians(api, count: 40)
                print(String(format: "%@, %d reservations: POST p50 %.2f ms (empty %.2f ms, ratio %.2f), DELETE p50 %.2f ms (empty %.2f ms, ratio %.2f)",
                             kind.rawValue, count, loaded.create * 1000, empty.create * 1000, loaded.create / empty.create,
                             loaded.delete * 1000, empty.delete * 1000, loaded.delete / empty.delete))

                #expect(try fixture.engine.reservationCount() == count)
                let topology = try await api.send(.get, "/v1/topology").decode(TopologyResponse.self)
                let hosts = Fabrics.spineLeaf().hosts
                let intoFabric = hosts.map { ReservationPlanner.accessResource($0, intoFabric: true) }
                let total = intoFabric.reduce(0) { $0 + (topology.reservedBps[$1] ?? 0) }
                #expect(total == Double(count) * 1000, "every reservation holds 1 kbit/s on its source's access port")
            }
        }
    }

    @Test("the running totals equal the sums over every reservation after creates, resizes, reroutes and deletes", arguments: StoreKind.allCases)
    func totalsMatchSums(kind: StoreKind) async throws {
        try await ServiceFixture.with(kind: kind) { fixture in
            var ids: [String] = []
            for index in 0..<30 {
                ids.append(try await fixture.engine.reserve(Self.request(index, rate: Double(index + 1) * 1e6, tenant: nil)).id)
            }
            for id in ids.prefix(10) {
                _ = try await fixture.engine.update(id, with: PathUpdate(bandwidthBps: 7e6, qosClass: "gold"))
            }
            for id in ids[10..<15] {
                _ = try await fixture.engine.update(id, with: PathUpdate(reroute: true))
            }
            for id in ids.suffix(8) {
                try await fixture.engine.release(id)
            }
            try fixture.store.read { db in
                let sums = try db.fetchAll(sql: "SELECT resource, SUM(rate_bps) AS used FROM serve_reservation_use GROUP BY resource")
                    .map { [$0["resource"] as String: $0["used"] as Double] }
                    .reduce(into: [String: Double]()) { $0.merge($1) { a, _ in a } }
                #expect(try ReservationRecords.usage(excluding: nil, in: db) == sums)
                let byClass = try db.fetchAll(sql: "SELECT class, COUNT(*) AS n, SUM(bandwidth_bps) AS total FROM serve_reservation GROUP BY class")
                let totals = try ReservationRecords.totalsByClass(in: db)
                #expect(totals.count == byClass.count)
                for row in byClass {
                    #expect(totals[row["class"]]?.reservations == row["n"])
                    #expect(totals[row["class"]]?.bandwidthBps == row["total"])
                }
                #expect(try ReservationRecords.count(ofTenant: nil, in: db) == 22)
            }
        }
    }

    @Test("GET /v1/paths pages with limit and marker in creation order (then id), with a next link until the last page", arguments: StoreKind.allCases)
    func paging(kind: StoreKind) async throws {
        try await ServiceFixture.with(kind: kind) { fixture in
            var ids: [String] = []
            for index in 0..<25 {
                ids.append(try await fixture.engine.reserve(Self.request(index)).id)
            }
            let created = ids
            try await fixture.serve { api in
                var seen: [String] = []
                var next: String? = "/v1/paths?limit=10"
                var pages = 0
                while let uri = next {
                    let response = try await api.send(.get, uri)
                    try #require(response.status == .ok, "\(response.text)")
                    let page = try response.decode(PathPageBody.self)
                    seen += page.paths.map(\.id)
                    next = page.paths_links?.first { $0.rel == "next" }?.href
                    pages += 1
                }
                #expect(pages == 3)
                #expect(Set(seen) == Set(created) && seen.count == created.count, "every reservation exactly once")
                #expect(seen == (try fixture.engine.reservations().map(\.id)), "in the listing's order: creation time, then id")
            }
        }
    }

    @Test("GET /v1/paths filters by src, dst, class and tenant_id, and pages within the filter", arguments: StoreKind.allCases)
    func filtering(kind: StoreKind) async throws {
        try await ServiceFixture.with(kind: kind) { fixture in
            let engine = fixture.engine
            _ = try await engine.reserve(PathRequest(source: "h1-1", destination: "h2-1", bandwidthBps: 1e6, qosClass: "gold", tenant: "tenant1"))
            _ = try await engine.reserve(PathRequest(source: "h1-1", destination: "h3-1", bandwidthBps: 1e6, qosClass: "silver", tenant: "tenant1"))
            _ = try await engine.reserve(PathRequest(source: "h1-2", destination: "h2-2", bandwidthBps: 1e6, qosClass: "gold", tenant: "tenant2"))
            _ = try await engine.reserve(PathRequest(source: "h1-2", destination: "h3-2", bandwidthBps: 1e6, qosClass: "gold"))
            try await fixture.serve { api in
                func listed(_ query: String) async throws -> [String] {
                    let response = try await api.send(.get, "/v1/paths?\(query)")
                    try #require(response.status == .ok, "\(response.text)")
                    // Sorted: reservations made within one millisecond are listed by id.
                    return try response.decode(PathPageBody.self).paths.map { "\($0.source)>\($0.destination)" }.sorted()
                }
                #expect(try await listed("src=h1-1") == ["h1-1>h2-1", "h1-1>h3-1"])
                #expect(try await listed("dst=h2-2") == ["h1-2>h2-2"])
                #expect(try await listed("class=gold") == ["h1-1>h2-1", "h1-2>h2-2", "h1-2>h3-2"])
                #expect(try await listed("tenant_id=tenant1&class=gold") == ["h1-1>h2-1"])
                #expect(try await listed("class=gold&limit=1").count == 1)
                let second = try await api.send(.get, "/v1/paths?class=gold&limit=2").decode(PathPageBody.self)
                #expect(second.paths_links?.first?.href.contains("class=gold") == true, "the next link keeps the filter")
            }
        }
    }

    @Test("on SQLite every page query seeks its index to the marker (no scan of the rows before it, no sort)")
    func pageQueriesSeekTheIndex() async throws {
        try await ServiceFixture.with { fixture in
            for index in 0..<3 {
                _ = try await fixture.engine.reserve(Self.request(index))
            }
            let marker = try fixture.engine.reservations().last?.id
            for query in [PathListQuery(limit: 100, marker: marker), PathListQuery(source: "h1-1", limit: 100, marker: marker),
                          PathListQuery(qosClass: "bronze", tenant: "tenant1", limit: 100, marker: marker)] {
                let (sql, arguments) = ReservationRecords.pageStatement(query, limit: 101, after: ("2026-01-01T00:00:00.000Z", marker ?? ""))
                let plan = try fixture.store.read { db in
                    try db.fetchAll(sql: "EXPLAIN QUERY PLAN " + sql, arguments: arguments).map { $0["detail"] as String }
                }
                #expect(plan.contains { $0.contains("USING INDEX") && $0.contains("(created_at,id)>(?,?)") }, "\(query): \(plan)")
                #expect(!plan.contains { $0.contains("TEMP B-TREE") }, "\(query): \(plan)")
            }
        }
    }

    @Test("a bad limit, an unknown marker or an unknown query parameter is a 422 naming it", arguments: StoreKind.allCases)
    func badListQueries(kind: StoreKind) async throws {
        try await ServiceFixture.with(kind: kind) { fixture in
            try await fixture.serve { api in
                for (query, field) in [("limit=0", "limit"), ("limit=1001", "limit"), ("limit=ten", "limit"),
                                       ("marker=no-such-id", "marker"), ("source=h1-1", "source")] {
                    let response = try await api.send(.get, "/v1/paths?\(query)")
                    #expect(response.status == .unprocessableContent, "\(query)")
                    #expect(try response.apiError().field == field, "\(query)")
                }
            }
        }
    }

    @Test("a rate below the configured minimum is refused with 422 on create and resize", arguments: StoreKind.allCases)
    func minimumRate(kind: StoreKind) async throws {
        try await ServiceFixture.with(kind: kind, limits: ReservationLimits(minimumRateBps: 1e6)) { fixture in
            try await fixture.serve { api in
                for rate in ["5e-324", "999999", "\"500k\""] {
                    let response = try await api.send(.post, "/v1/paths", json: #"{"src": "h1-1", "dst": "h2-1", "bandwidth_bps": \#(rate)}"#)
                    #expect(response.status == .unprocessableContent, "\(rate)")
                    #expect(try response.apiError().field == "bandwidth_bps")
                }
                let created = try await api.send(.post, "/v1/paths", json: #"{"src": "h1-1", "dst": "h2-1", "bandwidth_bps": "1M"}"#)
                #expect(created.status == .created)
                let id = try created.decode(PathReservation.self).id
                let shrunk = try await api.send(.patch, "/v1/paths/\(id)", json: #"{"bandwidth_bps": "100k"}"#)
                #expect(shrunk.status == .unprocessableContent)
                #expect(try fixture.engine.reservation(id).bandwidthBps == 1e6)
            }
        }
    }

    @Test("the default minimum rate is 1 kbit/s", arguments: StoreKind.allCases)
    func defaultMinimumRate(kind: StoreKind) async throws {
        try await ServiceFixture.with(kind: kind) { fixture in
            try await fixture.serve { api in
                let tiny = try await api.send(.post, "/v1/paths", json: #"{"src": "h1-1", "dst": "h2-1", "bandwidth_bps": 999}"#)
                #expect(tiny.status == .unprocessableContent)
                let least = try await api.send(.post, "/v1/paths", json: #"{"src": "h1-1", "dst": "h2-1", "bandwidth_bps": "1k"}"#)
                #expect(least.status == .created)
            }
        }
    }

    @Test("a tenant at its quota gets 409 quota_exceeded; other tenants are unaffected; a delete makes room", arguments: StoreKind.allCases)
    func tenantQuota(kind: StoreKind) async throws {
        try await ServiceFixture.with(kind: kind, limits: ReservationLimits(maxPerTenant: 2)) { fixture in
            try await fixture.serve { api in
                let body = #"{"src": "h1-1", "dst": "h2-1", "bandwidth_bps": "1M", "tenant_id": "tenant1"}"#
                let first = try await api.send(.post, "/v1/paths", json: body)
                #expect(try await api.send(.post, "/v1/paths", json: body).status == .created)
                let refused = try await api.send(.post, "/v1/paths", json: body)
                #expect(refused.status == .conflict)
                #expect(try refused.apiError().code == "quota_exceeded")
                let other = try await api.send(.post, "/v1/paths", json: #"{"src": "h1-2", "dst": "h2-2", "bandwidth_bps": "1M", "tenant_id": "tenant2"}"#)
                #expect(other.status == .created)
                #expect(try await api.send(.delete, "/v1/paths/\(try first.decode(PathReservation.self).id)").status == .noContent)
                #expect(try await api.send(.post, "/v1/paths", json: body).status == .created)
            }
        }
    }
}

/// `GET /v1/paths` as a client reads it.
struct PathPageBody: Decodable {
    struct Link: Decodable {
        var rel: String
        var href: String
    }

    var paths: [PathReservation]
    var paths_links: [Link]?
}
