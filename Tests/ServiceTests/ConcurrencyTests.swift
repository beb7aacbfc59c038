import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import Testing

@testable import Service
import WeftTestSupport

@Suite("Concurrent API requests never corrupt the store")
struct ConcurrencyTests {
    /// The test client opens at most 8 connections to a host (AsyncHTTPClient's default), so the server
    /// never sees more than 8 of the 120 requests at once whatever the test submits. Submitting more
    /// only queues them in the client, where HummingbirdTesting's fixed 15 s deadline runs while they
    /// wait: on a loaded machine (PostgreSQL: slowest answer 5.6 s at load 14) a request could time
    /// out without the server being slow to it. So the test keeps exactly 8 in flight, and the
    /// deadline covers each request's own wait for the store.
    @Test("120 reservations for 1G each, 8 in flight at all times, admit exactly what 2 × 10G uplinks hold", arguments: StoreKind.allCases)
    func concurrentAdmission(kind: StoreKind) async throws {
        try await ServiceFixture.with(topology: Fabrics.spineLeaf(spines: 2, leaves: 2), kind: kind) { fixture in
            try await fixture.serve { api in
                let clock = ContinuousClock()
                let inFlight = 8
                let answers = try await withThrowingTaskGroup(of: (status: HTTPResponse.Status, after: Duration).self) { group in
                    var answers: [(status: HTTPResponse.Status, after: Duration)] = []
                    for index in 0..<120 {
                        if index >= inFlight, let answer = try await group.next() { answers.append(answer) }
                        group.addTask {
                            let started = clock.now
                            let status = try await api.send(.post, "/v1/paths", json: #"{"src": "leaf1", "dst": "leaf2", "bandwidth_bps": 1e9}"#).status
                            return (status, clock.now - started)
                        }
                    }
                    for try await answer in group { answers.append(answer) }
                    return answers
                }
                let statuses = answers.map(\.status)
                let times = answers.map(\.after).sorted()
                print("\(kind): 120 POST /v1/paths, \(inFlight) in flight, answered after \(times[0]) to \(times[times.count - 1]) (median \(times[times.count / 2]))")
                #expect(statuses.filter { $0 == .created }.count == 20)
                #expect(statuses.filter { $0 == .conflict }.count == 100)
                try Self.expectConsistent(fixture)
            }
        }
    }

    @Test("concurrent resizes, reroutes, deletes and reads keep every link within capacity and every row consistent",
          arguments: StoreKind.allCases)
    func concurrentMixedMutations(kind: StoreKind) async throws {
        try await ServiceFixture.with(topology: Fabrics.spineLeaf(spines: 2, leaves: 3), kind: kind) { fixture in
            try await fixture.serve { api in
                var ids: [String] = []
                for index in 0..<12 {
                    let source = "leaf\(index % 3 + 1)"
                    let destination = "leaf\((index + 1) % 3 + 1)"
                    let response = try await api.send(.post, "/v1/paths", json: #"{"src": "\#(source)", "dst": "\#(destination)", "bandwidth_bps": 2e9}"#)
                    #expect(response.status == .created)
                    ids.append(try response.decode(PathReservation.self).id)
                }
                let unexpected = try await withThrowingTaskGroup(of: [String].self) { group in
                    for (index, id) in ids.enumerated() {
                        group.addTask {
                            var odd: [String] = []
                            for round in 0..<5 {
                                let body = #"{"bandwidth_bps": \#(Double(1 + (index + round) % 5) * 1e9), "reroute": \#(round % 2 == 0)}"#
                                let status = try await api.send(.patch, "/v1/paths/\(id)", json: body).status
                                if status != .ok && status != .conflict { odd.append("PATCH \(status)") }
                                let read = try await api.send(.get, "/v1/paths").status
                                if read != .ok { odd.append("GET \(read)") }
                            }
                            if index % 4 == 0 {
                                let status = try await api.send(.delete, "/v1/paths/\(id)").status
                                if status != .noContent { odd.append("DELETE \(status)") }
                            }
                            return odd
                        }
                    }
                    return try await group.reduce(into: [String]()) { $0 += $1 }
                }
                #expect(unexpected.isEmpty)
                #expect(try fixture.engine.reservations().count == 9)
                try Self.expectConsistent(fixture)
            }
        }
    }

    /// No link or access port holds more than its capacity, and every reservation's use rows are exactly
    /// its rate on each of its links.
    static func expectConsistent(_ fixture: ServiceFixture) throws {
        let topology = try fixture.store.loadLatest().topology
        let usage = try fixture.engine.reservedUsage()
        for link in topology.links {
            #expect((usage[link.name] ?? 0) <= link.capacityBps + 1e-3, "\(link.name) holds \(usage[link.name] ?? 0)")
        }
        for reservation in try fixture.engine.reservations() {
            let rows = try fixture.store.read { tx in
                try tx.fetchAll(sql: "SELECT resource, rate_bps FROM serve_reservation_use WHERE reservation_id = ?", arguments: [reservation.id])
            }
            let uses = Dictionary(uniqueKeysWithValues: rows.map { ($0["resource"] as String, $0["rate_bps"] as Double) })
            #expect(Set(uses.keys) == Set(reservation.allLinks))
            #expect(uses.values.allSatisfy { $0 == reservation.bandwidthBps })
        }
        if fixture.store.engine.dialect == .sqlite {
            let integrity = try fixture.store.read { tx in try tx.fetchValue(String.self, sql: "PRAGMA integrity_check") }
            #expect(integrity == "ok")
        }
    }
}
