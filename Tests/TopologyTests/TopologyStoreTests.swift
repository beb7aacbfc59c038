import Foundation
import Testing
@testable import Topology
import TopologyStore
import TopologyFormats
import WeftTestSupport

/// The store specification, run against both engines (a SQLite file and a real PostgreSQL database).
@Suite struct TopologyStoreTests {
    let scratch: ScratchDirectory
    let fabric = SpineLeafGenerator(spines: 2, leaves: 4, hostsPerLeaf: 2, tenants: 2).generate()

    init() throws {
        scratch = try ScratchDirectory()
    }

    /// A new, empty store of `kind`.
    func newStore(_ kind: StoreKind, migrations: [StoreMigration] = []) throws -> TopologyStore {
        try TopologyStore(location: try kind.newLocation(in: scratch.url.path), additionalMigrations: migrations)
    }

    @Test(arguments: StoreKind.allCases)
    func capacitySourcesLoadBack(kind: StoreKind) throws {
        let store = try newStore(kind)
        var discovered = fabric
        for index in discovered.links.indices {
            discovered.links[index].capacitySource = CapacitySource.allCases[index % CapacitySource.allCases.count]
        }
        discovered.links[0].capacitySource = nil
        try store.save(discovered, source: "controller")
        #expect(try store.loadLatest().topology.links.map(\.capacitySource) == discovered.links.map(\.capacitySource))
    }

    @Test(arguments: StoreKind.allCases)
    func savedTopologyLoadsBackEqual(kind: StoreKind) throws {
        let store = try newStore(kind)
        let version = try store.save(fabric, source: "gen spine-leaf")
        let loaded = try store.loadLatest()
        #expect(version.number == 1)
        #expect(loaded.version == version)
        #expect(loaded.topology == fabric)
    }

    @Test(arguments: StoreKind.allCases)
    func everySaveAppendsANumberedVersionWithItsSourceAndTime(kind: StoreKind) throws {
        let store = try newStore(kind)
        let first = Date(timeIntervalSince1970: 1_700_000_000)
        try store.save(fabric, source: "gen spine-leaf", at: first)
        try store.save(fabric, source: "import same.yaml", at: first.addingTimeInterval(60))
        let versions = try store.versions()
        #expect(versions.map(\.number) == [1, 2])
        #expect(versions.map(\.source) == ["gen spine-leaf", "import same.yaml"])
        #expect(versions[0].savedAt == first)
        #expect(versions[1].savedAt == first.addingTimeInterval(60))
        #expect(versions[0].switchCount == 6 && versions[0].linkCount == 16 && versions[0].hostCount == 8)
    }

    @Test(arguments: StoreKind.allCases)
    func anyVersionLoadsAsItWasSaved(kind: StoreKind) throws {
        let store = try newStore(kind)
        try store.save(fabric, source: "first")
        var smaller = fabric
        smaller.links.removeLast(2)
        try store.save(smaller, source: "second")
        #expect(try store.load(version: 1).topology == fabric)
        #expect(try store.load(version: 2).topology == smaller)
        #expect(try store.loadLatest().topology == smaller)
    }

    @Test(arguments: StoreKind.allCases)
    func missingVersionIsATypedError(kind: StoreKind) throws {
        let store = try newStore(kind)
        try store.save(fabric, source: "first")
        #expect(throws: TopologyStoreError.noSuchVersion(path: store.path, version: 7)) { try store.load(version: 7) }
    }

    @Test(arguments: StoreKind.allCases)
    func emptyStoreHasNoLatestVersion(kind: StoreKind) throws {
        let store = try newStore(kind)
        #expect(try store.latest() == nil)
        #expect(throws: TopologyStoreError.empty(path: store.path)) { try store.loadLatest() }
    }

    @Test(arguments: StoreKind.allCases)
    func savingTheSameTopologyAgainMakesNoNewVersion(kind: StoreKind) throws {
        let store = try newStore(kind)
        let first = try store.saveIfChanged(fabric, source: "lldp")
        var reordered = fabric
        reordered.links.reverse()
        reordered.switches.reverse()
        let second = try store.saveIfChanged(reordered, source: "lldp")
        #expect(first.madeNewVersion)
        #expect(second == .unchanged(first.version))
        #expect(try store.versions().count == 1)
    }

    @Test(arguments: StoreKind.allCases)
    func aChangedTopologyMakesANewVersion(kind: StoreKind) throws {
        let store = try newStore(kind)
        try store.saveIfChanged(fabric, source: "lldp")
        var downed = fabric
        downed.links[0].isUp = false
        let outcome = try store.saveIfChanged(downed, source: "lldp")
        #expect(outcome.madeNewVersion)
        #expect(outcome.version.number == 2)
    }

    @Test(arguments: StoreKind.allCases)
    func diffNamesAddedRemovedAndResizedElements(kind: StoreKind) throws {
        let store = try newStore(kind)
        try store.save(fabric, source: "first")
        var changed = fabric
        let removed = changed.links.removeLast()
        changed.links[0].capacityBps = 40e9
        changed.hosts.removeFirst()
        changed.switches.append(Switch(name: "spare", datapathID: DatapathID(0x99), role: .spine))
        try store.save(changed, source: "second")
        let diff = try store.diff(from: 1, to: 2)
        #expect(diff.linksRemoved == [removed.name])
        #expect(diff.linksAdded.isEmpty)
        #expect(diff.capacityChanges == [.init(link: fabric.links[0].name, oldBps: 100e9, newBps: 40e9)])
        #expect(diff.switchesAdded == ["spare"])
        #expect(diff.hostsRemoved == [fabric.hosts[0].name])
        #expect(diff.switchesRemoved.isEmpty && diff.hostsAdded.isEmpty)
        #expect(try store.diff(from: 2, to: 2).isEmpty)
    }

    @Test(arguments: StoreKind.allCases)
    func anInvalidTopologyIsRefusedAndNothingIsWritten(kind: StoreKind) throws {
        let store = try newStore(kind)
        try store.save(fabric, source: "first")
        var broken = fabric
        broken.links[0].capacityBps = -1
        #expect(throws: TopologyStoreError.self) { try store.save(broken, source: "broken") }
        #expect(try store.versions().count == 1)
        #expect(try store.loadLatest().topology == fabric)
    }

    @Test func theFileIsInWALMode() throws {
        let store = try TopologyStore(path: scratch.path("weft.sqlite"))
        let mode = try store.read { tx in try tx.fetchValue(String.self, sql: "PRAGMA journal_mode") }
        #expect(mode == "wal")
    }

    @Test(arguments: StoreKind.allCases)
    func historyRowsCannotBeRewritten(kind: StoreKind) throws {
        let store = try newStore(kind)
        try store.save(fabric, source: "first")
        let update = #expect(throws: (any Error).self) {
            try store.write { tx in try tx.execute(sql: "UPDATE topology_version SET source = 'forged'") }
        }
        let delete = #expect(throws: (any Error).self) {
            try store.write { tx in try tx.execute(sql: "DELETE FROM topology_link") }
        }
        #expect(TopologyStore.reason(try #require(update)).contains("append-only"))
        #expect(TopologyStore.reason(try #require(delete)).contains("append-only"))
        #expect(try store.loadLatest().topology == fabric)
    }

    @Test(arguments: StoreKind.allCases)
    func aReopenedStoreSeesEveryVersion(kind: StoreKind) throws {
        let location = try kind.newLocation(in: scratch.url.path)
        do {
            let store = try TopologyStore(location: location)
            try store.save(fabric, source: "first")
            try store.close()
        }
        let reopened = try TopologyStore(location: location)
        #expect(try reopened.versions().map(\.source) == ["first"])
        #expect(try reopened.loadLatest().topology == fabric)
    }

    @Test(arguments: StoreKind.allCases)
    func aDatabaseFromANewerWeftIsRefused(kind: StoreKind) throws {
        let location = try kind.newLocation(in: scratch.url.path)
        let store = try TopologyStore(location: location)
        let ledger = kind == .sqlite ? "grdb_migrations" : "weft_migrations"
        try store.write { tx in try tx.execute(sql: "INSERT INTO \(ledger) (identifier) VALUES ('topology-v99')") }
        try store.close()
        let error = #expect(throws: TopologyStoreError.self) { _ = try TopologyStore(location: location) }
        #expect(error == .newerSchema(path: store.path, unknownMigrations: ["topology-v99"]))
        #expect(error?.description == "\(store.path) was written by a newer Weft (schema migration 'topology-v99' unknown); upgrade Weft")
    }

    @Test(arguments: StoreKind.allCases)
    func otherModulesAddTablesAndShareTransactions(kind: StoreKind) throws {
        let taps = StoreMigration("test-taps-v1", sql: "CREATE TABLE test_tap (name TEXT PRIMARY KEY, topology_version BIGINT REFERENCES topology_version(version))")
        let location = try kind.newLocation(in: scratch.url.path)
        let store = try TopologyStore(location: location, additionalMigrations: [taps])
        try store.save(fabric, source: "first")
        try store.write { tx in
            let version = try #require(try TopologyStore.latestVersion(in: tx))
            try tx.execute(sql: "INSERT INTO test_tap VALUES ('tap1', ?)", arguments: [version.number])
        }
        let count = try store.read { tx in try tx.fetchValue(Int.self, sql: "SELECT COUNT(*) FROM test_tap") }
        #expect(count == 1)
        #expect(throws: TopologyStoreError.newerSchema(path: store.path, unknownMigrations: ["test-taps-v1"])) {
            _ = try TopologyStore(location: location)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func aFailedModuleTransactionRollsBack(kind: StoreKind) throws {
        let store = try newStore(kind, migrations: [StoreMigration("test-notes-v1", sql: "CREATE TABLE test_note (text TEXT NOT NULL)")])
        struct Abort: Error {}
        #expect(throws: Abort.self) {
            try store.write { tx in
                try tx.execute(sql: "INSERT INTO test_note VALUES ('kept?')")
                throw Abort()
            }
        }
        #expect(try store.read { tx in try tx.fetchValue(Int.self, sql: "SELECT COUNT(*) FROM test_note") } == 0)
    }

    @Test func duplicateMigrationNamesAreRefused() throws {
        let twice = StoreMigration("topology-v1", sql: "SELECT 1")
        #expect(throws: TopologyStoreError.duplicateMigration(identifier: "topology-v1")) {
            _ = try TopologyStore(path: scratch.path("weft.sqlite"), additionalMigrations: [twice])
        }
    }

    @Test func aFileThatIsNotADatabaseIsRefused() throws {
        let path = scratch.path("notes.sqlite")
        try Data("just some text, not SQLite\n".utf8).write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: TopologyStoreError.self) { _ = try TopologyStore(path: path) }
        guard case .cannotOpen(let failedPath, _) = error else {
            Issue.record("expected cannotOpen, got \(String(describing: error))")
            return
        }
        #expect(failedPath == path)
    }
}
