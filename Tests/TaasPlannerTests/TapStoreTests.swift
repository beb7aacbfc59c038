import Foundation
import Testing
import Topology
@testable import TaasPlanner
import TopologyStore
import WeftTestSupport

@Suite("Tap store: tap services and flows in the topology's database (SQLite and PostgreSQL)")
struct TapStoreTests {
    /// A new database of `kind` (a file in a fresh directory, or a PostgreSQL database).
    private func newLocation(_ kind: StoreKind) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("weft-taas-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return try kind.newLocation(in: directory.path)
    }

    /// A new store holding the fixture fabric, and its location.
    private func makeStore(_ kind: StoreKind) throws -> (TapStore, String) {
        let location = try newLocation(kind)
        let store = try TopologyStore(location: location, additionalMigrations: TapSchema.migrations)
        try store.save(Fixtures.fabric(), source: "test")
        return (TapStore(store: store), location)
    }

    @Test("services and flows survive closing and reopening the database, filters included", arguments: StoreKind.allCases)
    func roundTrip(kind: StoreKind) throws {
        let (taps, location) = try makeStore(kind)
        let service = try taps.createService(TapService(name: "ids", description: "Suricata", tenant: "tenant1", port: .host("h3-1")))
        let filter = MirrorFilter(vlans: NumberRanges("10-20"), peerPrefix: IPv4Prefix("10.0.2.0/24"), ipProtocol: 17, peerPorts: NumberRanges("53"), expectedShare: 0.25)
        let flow = try taps.createFlow(TapFlow(name: "dns", tapServiceID: "ids", sourcePort: .host("h1-1"), direction: .both,
                                               filter: filter, maxRateBps: 1e9, samplingFloor: 0.1, weight: 2, truncateBytes: 128))
        let second = try taps.createFlow(TapFlow(tapServiceID: service.id, sourcePort: .switchPort(LinkEnd(node: "leaf2", port: 1)), direction: .in))
        let before = try taps.catalog()
        try taps.store.close()

        let reopened = TapStore(store: try TopologyStore(location: location, additionalMigrations: TapSchema.migrations))
        let after = try reopened.catalog()
        #expect(after == before)
        #expect(after.services == [service])
        #expect(after.flows == [flow, second])
        #expect(after.flows[0].filter == filter)
        #expect(after.flows[0].tenant == "tenant1")
    }

    @Test("a refused change writes nothing and names both tenants", arguments: StoreKind.allCases)
    func refusedChangeWritesNothing(kind: StoreKind) throws {
        let (taps, _) = try makeStore(kind)
        try taps.createService(TapService(name: "ids", tenant: "tenant1", port: .host("h3-1")))
        let error = #expect(throws: TapStoreError.self) {
            try taps.createFlow(TapFlow(tapServiceID: "ids", sourcePort: .host("h2-2"), direction: .out))
        }
        #expect(error?.description.contains("'tenant2'") == true && error?.description.contains("'tenant1'") == true)
        #expect(try taps.catalog().flows.isEmpty)
    }

    @Test("deleting a service deletes its flows in the database", arguments: StoreKind.allCases)
    func deleteCascades(kind: StoreKind) throws {
        let (taps, _) = try makeStore(kind)
        try taps.createService(TapService(name: "ids", tenant: "tenant1", port: .host("h3-1")))
        try taps.createService(TapService(name: "other", tenant: "tenant2", port: .host("h3-2")))
        try taps.createFlow(TapFlow(tapServiceID: "ids", sourcePort: .host("h1-1"), direction: .in))
        try taps.createFlow(TapFlow(tapServiceID: "other", sourcePort: .host("h1-2"), direction: .in))
        let removed = try taps.deleteService("ids")
        #expect(removed.flows.count == 1)
        let rows = try taps.store.read { tx in try tx.fetchValue(Int.self, sql: "SELECT count(*) FROM taas_flow") }
        #expect(rows == 1)
        #expect(try taps.catalog().services.map(\.name) == ["other"])
        #expect(throws: TapStoreError.invalid(.unknownTapFlow("nope"))) { try taps.deleteFlow("nope") }
    }

    @Test("taas_ids are allocated from the store's range and freed by deletion", arguments: StoreKind.allCases)
    func taasIDsFromRange(kind: StoreKind) throws {
        let (taps, _) = try makeStore(kind)
        let narrow = TapStore(store: taps.store, taasIDRange: try TaasIDRange(lower: 10, upper: 11))
        let first = try narrow.createService(TapService(tenant: "tenant1", port: .host("h1-1")))
        try narrow.createService(TapService(tenant: "tenant1", port: .host("h2-1")))
        #expect(throws: TapStoreError.invalid(.taasIDsExhausted(range: try TaasIDRange(lower: 10, upper: 11)))) {
            try narrow.createService(TapService(tenant: "tenant1", port: .host("h3-1")))
        }
        try narrow.deleteService(first.id)
        #expect(try narrow.createService(TapService(tenant: "tenant1", port: .host("h3-1"))).taasID == 10)
    }

    @Test("an empty store refuses a tap service with the store's error", arguments: StoreKind.allCases)
    func emptyStore(kind: StoreKind) throws {
        let taps = TapStore(store: try TopologyStore(location: try newLocation(kind), additionalMigrations: TapSchema.migrations))
        #expect(throws: TapStoreError.store(.empty(path: taps.store.path))) {
            try taps.createService(TapService(tenant: "tenant1", port: .host("h1-1")))
        }
    }
}
