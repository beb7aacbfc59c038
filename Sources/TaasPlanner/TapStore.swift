import Foundation
import GRDB
import Topology
import TopologyStore

/// Tap services and tap flows persisted in the topology's database (SQLite or PostgreSQL).
///
/// Every change is one write transaction: the catalog is read, the change is validated against the
/// latest topology version (and, when given, the tenant demands) and the rows are written — or nothing
/// is. Open the `TopologyStore` with `TapSchema.migrations`.
public struct TapStore: Sendable {
    public let store: TopologyStore
    /// Where new services' `taas_id`s are drawn from.
    public let taasIDRange: TaasIDRange

    public init(store: TopologyStore, taasIDRange: TaasIDRange = .default) {
        self.store = store
        self.taasIDRange = taasIDRange
    }

    /// Every service and flow, in creation order.
    public func catalog() throws(TapStoreError) -> TapCatalog {
        try run { try store.read { db in try readCatalog(db) } }
    }

    /// Validates and stores a new service; returns it with its id and `taas_id`.
    @discardableResult
    public func createService(_ request: TapService, demandEndpoints: [(source: String, destination: String)] = []) throws(TapStoreError) -> TapService {
        try change(demandEndpoints) { catalog, context, db in
            let service = try catalog.createService(request, in: context)
            try db.insert(TapRecords.ServiceRow(service, createdAt: Self.now()))
            return service
        }
    }

    /// Validates and stores a new flow; returns it with its id and tenant.
    @discardableResult
    public func createFlow(_ request: TapFlow, demandEndpoints: [(source: String, destination: String)] = []) throws(TapStoreError) -> TapFlow {
        try change(demandEndpoints) { catalog, context, db in
            let flow = try catalog.createFlow(request, in: context)
            try db.insert(try TapRecords.FlowRow(flow, createdAt: Self.now()))
            return flow
        }
    }

    /// Deletes a service (by id or unique name) and its flows.
    @discardableResult
    public func deleteService(_ key: String) throws(TapStoreError) -> (service: TapService, flows: [TapFlow]) {
        try mutate { catalog, db in
            let removed = try catalog.deleteService(key)
            try db.execute(sql: "DELETE FROM taas_flow WHERE tap_service_id = ?", arguments: [removed.service.id])
            try db.execute(sql: "DELETE FROM taas_service WHERE id = ?", arguments: [removed.service.id])
            return removed
        }
    }

    /// Deletes a flow (by id or unique name).
    @discardableResult
    public func deleteFlow(_ key: String) throws(TapStoreError) -> TapFlow {
        try mutate { catalog, db in
            let removed = try catalog.deleteFlow(key)
            try db.execute(sql: "DELETE FROM taas_flow WHERE id = ?", arguments: [removed.id])
            return removed
        }
    }

    // MARK: Transactions

    /// Runs a validated change in one write transaction against the latest topology. The topology is
    /// read first; if a newer version appears before the write starts, the change is redone on it.
    private func change<T>(
        _ demandEndpoints: [(source: String, destination: String)],
        _ body: (inout TapCatalog, TapContext, any StoreTransaction) throws -> T
    ) throws(TapStoreError) -> T {
        while true {
            let stored: StoredTopology
            do { stored = try store.loadLatest() } catch { throw .store(error) }
            let context = TapContext(topology: stored.topology, demandEndpoints: demandEndpoints)
            let outcome: T? = try run {
                try store.write { db -> T? in
                    guard try TopologyStore.latestVersion(in: db)?.number == stored.version.number else { return nil }
                    var catalog = try readCatalog(db)
                    return try body(&catalog, context, db)
                }
            }
            if let outcome { return outcome }
        }
    }

    private func mutate<T>(_ body: (inout TapCatalog, any StoreTransaction) throws -> T) throws(TapStoreError) -> T {
        try run {
            try store.write { db in
                var catalog = try readCatalog(db)
                return try body(&catalog, db)
            }
        }
    }

    private func readCatalog(_ db: any StoreTransaction) throws -> TapCatalog {
        let services = try db.fetchAll(TapRecords.ServiceRow.self, sql: "SELECT * FROM taas_service ORDER BY rowid").map { try $0.model() }
        let flows = try db.fetchAll(TapRecords.FlowRow.self, sql: "SELECT * FROM taas_flow ORDER BY rowid").map { try $0.model() }
        return TapCatalog(services: services, flows: flows, taasIDRange: taasIDRange)
    }

    private func run<T>(_ body: () throws -> T) throws(TapStoreError) -> T {
        do {
            return try body()
        } catch let error as TapError {
            throw .invalid(error)
        } catch let error as TapStoreError {
            throw error
        } catch let error as TapRecords.Corrupt {
            throw .corruptRow(path: store.path, table: error.table, id: error.id, reason: error.reason)
        } catch let error as TopologyStoreError {
            throw .store(error)
        } catch let error as LeadershipError {
            throw .store(.notLeader(error))
        } catch {
            throw .database(path: store.path, reason: TopologyStore.reason(error))
        }
    }

    private static func now() -> String {
        ISO8601DateFormatter().string(from: Date())
    }
}
