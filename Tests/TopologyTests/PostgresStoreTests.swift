import Foundation
import Testing
import Topology
import TopologyFormats
import TopologyStore
import WeftTestSupport

/// What only the PostgreSQL engine has to get right: its URL, the server being away, credentials,
/// and several instances writing to one database.
@Suite struct PostgresStoreTests {
    let fabric = SpineLeafGenerator(spines: 2, leaves: 4, hostsPerLeaf: 2, tenants: 2).generate()

    @Test(arguments: [
        ("postgres://127.0.0.1/weft", "no user name"),
        ("postgres://weft@127.0.0.1", "no database name"),
        ("postgres://weft@127.0.0.1:70000/weft", "port"),
        ("postgres://weft@127.0.0.1/weft?sslmode=require", "sslmode=require is not supported"),
        ("postgres://weft@127.0.0.1/weft?pool=3", "unknown parameter 'pool'"),
    ])
    func aMalformedURLIsRefusedWithWhatIsWrong(url: String, reason: String) throws {
        let error = #expect(throws: TopologyStoreError.self) { _ = try TopologyStore(location: url) }
        guard case .badLocation(_, let found) = error else {
            Issue.record("expected badLocation, got \(String(describing: error))")
            return
        }
        #expect(found.contains(reason), "\(found)")
    }

    @Test func anUnreachableServerIsACannotOpenErrorNamingTheConnectionFailure() throws {
        let port = try PostgresServer.freeLoopbackPort()
        let error = #expect(throws: TopologyStoreError.self) { _ = try TopologyStore(location: "postgres://weft:x@127.0.0.1:\(port)/weft") }
        #expect(error?.description.hasPrefix("postgres://weft@127.0.0.1:\(port)/weft: cannot open the database:") == true, "\(String(describing: error))")
        #expect(error?.description.lowercased().contains("connection refused") == true, "\(String(describing: error))")
    }

    @Test func wrongCredentialsAreRefusedWithoutShowingThePassword() throws {
        let server = try PostgresServer.shared.get()
        let url = server.url(database: "postgres", password: "not-the-password")
        let error = #expect(throws: TopologyStoreError.self) { _ = try TopologyStore(location: url) }
        #expect(error?.description.contains("password authentication failed for user \"weft\"") == true, "\(String(describing: error))")
        #expect(error?.description.contains("not-the-password") == false)
    }

    @Test func aMissingDatabaseIsRefused() throws {
        let server = try PostgresServer.shared.get()
        let error = #expect(throws: TopologyStoreError.self) { _ = try TopologyStore(location: server.url(database: "no_such_weft_db")) }
        #expect(error?.description.contains("database \"no_such_weft_db\" does not exist") == true, "\(String(describing: error))")
    }

    @Test func instancesSavingTheSameChangeAtOnceRecordItOnce() async throws {
        let url = try PostgresServer.shared.get().newDatabaseURL()
        let stores = try (0..<4).map { _ in try TopologyStore(location: url) }
        try stores[0].save(fabric, source: "first")
        let downed = {
            var topology = fabric
            topology.links[3].isUp = false
            return topology
        }()
        let outcomes = try await withThrowingTaskGroup(of: SaveOutcome.self) { group in
            for store in stores {
                group.addTask { try store.saveIfChanged(downed, source: "lldp") }
            }
            return try await group.reduce(into: [SaveOutcome]()) { $0.append($1) }
        }
        #expect(outcomes.filter(\.madeNewVersion).count == 1)
        #expect(Set(outcomes.map(\.version.number)) == [2])
        #expect(try stores[3].versions().count == 2)
    }

    @Test func aStoreReconnectsAfterTheServerRestarts() throws {
        let server = try PostgresServer()
        defer { server.stop() }
        try server.psql("CREATE DATABASE weft")
        let store = try TopologyStore(location: server.url(database: "weft"))
        try store.save(fabric, source: "before restart")
        server.stop()
        #expect(throws: TopologyStoreError.self) { try store.versions() }
        try server.start()
        #expect(try store.versions().map(\.source) == ["before restart"])
        try store.save(fabric, source: "after restart")
        #expect(try store.loadLatest().version.number == 2)
    }

    @Test func historyIsRefusedToTruncation() throws {
        let store = try TopologyStore(location: try PostgresServer.shared.get().newDatabaseURL())
        try store.save(fabric, source: "first")
        #expect(throws: (any Error).self) { try store.write { tx in try tx.execute(sql: "TRUNCATE topology_tenant") } }
        #expect(try store.loadLatest().topology == fabric)
    }
}
