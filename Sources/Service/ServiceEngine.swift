import Foundation
import NIOConcurrencyHelpers
import Optimizer
import TaasPlanner
import Topology
import TopologyStore

/// The state behind the HTTP API: topology history, path reservations and tap services in one database
/// (a SQLite file or PostgreSQL).
///
/// Every mutation runs on this actor, one at a time, and inside one write transaction that first
/// checks it still sees the latest topology version — so concurrent requests (and other processes on the
/// same database) can never admit two reservations into the same free capacity or lose a write. Reads run
/// on snapshots.
public actor ServiceEngine {
    public let store: TopologyStore
    let taps: TapStore
    /// Fraction of every link's and access port's capacity that reservations leave free.
    public let headroom: Double
    public let classes: [QoSClass]
    /// The classes with the class file's host and tenant pins: what the switches classify by.
    public let catalog: QoSClassCatalog
    /// Tenant demands (from `--demands`): their host ports may not become tap destinations.
    public let demands: [Demand]
    /// Smallest reservable rate and the per-tenant quota.
    public nonisolated let limits: ReservationLimits
    private let topologyCache = NIOLockedValueBox<StoredTopology?>(nil)
    private let reservationChanges = NIOLockedValueBox(0)
    private let demandChanges = NIOLockedValueBox(0)
    private let matrixChanges = NIOLockedValueBox(0)

    /// Counts successful reservation changes (create, update, release) made through this engine, so the
    /// scheduler can re-optimize when reservations take or free capacity.
    public nonisolated var reservationGeneration: Int { reservationChanges.withLockedValue { $0 } }

    /// The engine behind the API on `store`: allocations keep `headroom` free on every link, demands name
    /// `classes` (or `catalog`), taps draw ids from `taasIDRange`, reservations obey `limits`.
    public init(store: TopologyStore, headroom: Double = 0, classes: [QoSClass] = QoSClass.defaults, demands: [Demand] = [], taasIDRange: TaasIDRange = .default,
                limits: ReservationLimits = ReservationLimits(), catalog: QoSClassCatalog? = nil) {
        self.catalog = catalog ?? QoSClassCatalog(classes)
        self.store = store
        self.limits = limits
        self.taps = TapStore(store: store, taasIDRange: taasIDRange)
        self.headroom = headroom
        self.classes = classes
        self.demands = demands
    }

    // MARK: Topology

    /// The newest topology version, loaded from the file only when its version number changed.
    public nonisolated func latestTopology() throws(APIError) -> StoredTopology {
        let number = try access { try store.read { db in try TopologyStore.latestVersion(in: db)?.number } }
        guard let number else { throw APIError(TopologyStoreError.empty(path: store.path)) }
        if let cached = topologyCache.withLockedValue({ $0 }), cached.version.number == number {
            return cached
        }
        let stored: StoredTopology
        do {
            stored = try store.loadLatest()
        } catch {
            throw APIError(error)
        }
        topologyCache.withLockedValue { $0 = stored }
        return stored
    }

    /// Topology version `number`; 404 when there is none.
    public nonisolated func topology(version number: Int) throws(APIError) -> StoredTopology {
        do {
            return try store.load(version: number)
        } catch .noSuchVersion {
            throw APIError.notFound("topology version", id: String(number), field: "version")
        } catch {
            throw APIError(error)
        }
    }

    /// Every stored topology version, oldest first (`GET /v1/topology/versions`).
    public nonisolated func topologyVersions() throws(APIError) -> [TopologyVersion] {
        do {
            return try store.versions()
        } catch {
            throw APIError(error)
        }
    }

    // MARK: Reservations

    /// Admits a new reservation or explains why not; nothing is stored on failure.
    public func reserve(_ request: PathRequest, now: Date = Date()) throws(APIError) -> PathReservation {
        try checkMinimumRate(request.bandwidthBps)
        let reservation = try onLatestTopology { stored, db throws(APIError) in try admit(request, on: stored, now: now, in: db) }
        reservationChanges.withLockedValue { $0 += 1 }
        return reservation
    }

    /// Admits `requests` in order in one transaction, all or none: bulk loading (`weft bench api
    /// --preload`), where one transaction per reservation would be bound by the disk's sync time.
    public func reserveAll(_ requests: [PathRequest], now: Date = Date()) throws(APIError) -> [PathReservation] {
        for request in requests { try checkMinimumRate(request.bandwidthBps) }
        let reservations = try onLatestTopology { stored, db throws(APIError) in
            var admitted: [PathReservation] = []
            admitted.reserveCapacity(requests.count)
            for request in requests { admitted.append(try admit(request, on: stored, now: now, in: db)) }
            return admitted
        }
        reservationChanges.withLockedValue { $0 += 1 }
        return reservations
    }

    private func admit(_ request: PathRequest, on stored: StoredTopology, now: Date, in db: any StoreTransaction) throws(APIError) -> PathReservation {
        try checkQuota(of: request.tenant, in: db)
        let planner = ReservationPlanner(topology: stored.topology, usedByOthers: try access { try ReservationRecords.usage(excluding: nil, in: db) },
                                         headroom: headroom, classes: classes)
        let plan = try planner.plan(request)
        let reservation = PathReservation(
            id: UUID().uuidString.lowercased(), tenant: request.tenant, source: request.source, destination: request.destination,
            qosClass: request.qosClass, bandwidthBps: request.bandwidthBps, constraints: request.constraints, paths: plan.paths,
            topologyVersion: stored.version.number, revision: 1, createdAt: now, updatedAt: now)
        try access { try ReservationRecords.insert(reservation, uses: plan.uses, in: db) }
        return reservation
    }

    /// Resizes, reclassifies or reroutes a reservation make-before-break: its own old rate is free for
    /// it while the new paths are chosen, every other reservation's is not. The old paths are kept when
    /// they still fit (unless `reroute`); on failure the reservation is left exactly as it was.
    public func update(_ id: String, with update: PathUpdate, now: Date = Date()) throws(APIError) -> (PathReservation, PathTransition) {
        if let rate = update.bandwidthBps { try checkMinimumRate(rate) }
        return try onLatestTopology { stored, db throws(APIError) in
            guard let previous = try access({ try ReservationRecords.fetch(id, in: db) }) else {
                throw APIError.notFound("path reservation", id: id)
            }
            let request = PathRequest(
                source: previous.source, destination: previous.destination, bandwidthBps: update.bandwidthBps ?? previous.bandwidthBps,
                qosClass: update.qosClass ?? previous.qosClass, tenant: previous.tenant, constraints: update.constraints ?? previous.constraints)
            let planner = ReservationPlanner(topology: stored.topology, usedByOthers: try access { try ReservationRecords.usage(excluding: id, in: db) },
                                             headroom: headroom, classes: classes)
            let kept = update.reroute ? nil : try planner.resize(previous.paths, to: request)
            let plan: ReservationPlanner.Plan
            if let kept {
                plan = kept
            } else {
                plan = try planner.plan(request)
            }
            var current = previous
            current.qosClass = request.qosClass
            current.bandwidthBps = request.bandwidthBps
            current.constraints = request.constraints
            current.paths = plan.paths
            current.topologyVersion = stored.version.number
            current.revision += 1
            current.updatedAt = now
            try access { try ReservationRecords.update(current, uses: plan.uses, in: db) }
            reservationChanges.withLockedValue { $0 += 1 }
            return (current, PathTransition(previous: previous, current: current, resizedInPlace: kept != nil))
        }
    }

    /// Releases a reservation's bandwidth; 404 when there is none with this id.
    public func release(_ id: String) throws(APIError) {
        let deleted = try access { try store.write { db in try ReservationRecords.delete(id, in: db) } }
        guard deleted else { throw APIError.notFound("path reservation", id: id) }
        reservationChanges.withLockedValue { $0 += 1 }
    }

    /// One reservation with its status in the current topology.
    public nonisolated func reservation(_ id: String) throws(APIError) -> PathReservation {
        guard let found = try access({ try store.read { db in try ReservationRecords.fetch(id, in: db) } }) else {
            throw APIError.notFound("path reservation", id: id)
        }
        return try withStatus([found])[0]
    }

    /// Every reservation, oldest first, with its status in the current topology.
    public nonisolated func reservations() throws(APIError) -> [PathReservation] {
        try withStatus(try access { try store.read(ReservationRecords.all(in:)) })
    }

    /// One page of reservations matching `query`, oldest first, with their status, and the marker of
    /// the next page (`nil` on the last one). 422 when `query.marker` names no reservation.
    public nonisolated func reservations(_ query: PathListQuery) throws(APIError) -> (reservations: [PathReservation], nextMarker: String?) {
        guard let page = try access({ try store.read { db in try ReservationRecords.page(query, limit: query.limit + 1, in: db) } }) else {
            throw APIError.invalidField("marker", "marker '\(query.marker ?? "")' names no path reservation (it may have been deleted; start again without marker)")
        }
        let shown = Array(page.prefix(query.limit))
        return (try withStatus(shown), page.count > query.limit ? shown.last?.id : nil)
    }

    /// Rate held per resource (link name or host access port) by all reservations.
    public nonisolated func reservedUsage() throws(APIError) -> [String: Double] {
        try access { try store.read { db in try ReservationRecords.usage(excluding: nil, in: db) } }
    }

    /// Total reserved rate per class.
    public nonisolated func reservedByClass() throws(APIError) -> [String: Double] {
        try access { try store.read(ReservationRecords.totalsByClass(in:)) }.mapValues(\.bandwidthBps)
    }

    /// Number of stored reservations.
    public nonisolated func reservationCount() throws(APIError) -> Int {
        try access { try store.read(ReservationRecords.totalsByClass(in:)) }.values.reduce(0) { $0 + $1.reservations }
    }

    private nonisolated func checkMinimumRate(_ rate: Double) throws(APIError) {
        guard rate >= limits.minimumRateBps else {
            throw APIError.invalidField("bandwidth_bps", "bandwidth_bps must be at least \(ReservationPlanner.rate(limits.minimumRateBps)) (the configured minimum), got \(rate) bit/s")
        }
    }

    private nonisolated func checkQuota(of tenant: String?, in db: any StoreTransaction) throws(APIError) {
        guard let quota = limits.maxPerTenant else { return }
        let held = try access { try ReservationRecords.count(ofTenant: tenant, in: db) }
        guard held < quota else {
            let who = tenant.map { "tenant '\($0)'" } ?? "reservations without tenant_id"
            throw APIError.conflict("quota_exceeded", "\(who) already hold \(held) path reservations, the quota is \(quota); delete some first",
                                    field: tenant == nil ? nil : "tenant_id")
        }
    }

    private nonisolated func withStatus(_ reservations: [PathReservation]) throws(APIError) -> [PathReservation] {
        guard !reservations.isEmpty else { return [] }
        let topology = try latestTopology().topology
        let planner = ReservationPlanner(topology: topology, usedByOthers: [:], headroom: headroom, classes: classes)
        return reservations.map { reservation in
            var reservation = reservation
            (reservation.status, reservation.downLinks) = planner.status(of: reservation.paths)
            return reservation
        }
    }

    // MARK: Demands and the measured matrix

    /// The declared demands stored by `PUT /v1/demands`, `weft demands import` or `--demands`, in order.
    public nonisolated func declaredDemands() throws(APIError) -> [Demand] {
        try access { try store.read { db in try DemandRecords.all(classes: classes, in: db) } }
    }

    /// Counts changes of the declared demands made through this engine, so the scheduler re-optimizes.
    public nonisolated var demandGeneration: Int { demandChanges.withLockedValue { $0 } }

    /// Checks `demands` against the latest topology and replaces the declared demands with them, all or
    /// nothing. 422 naming `demands[i].field` for the first problem (unknown host or switch, negative
    /// rate, duplicate id, same source and destination).
    public func declare(_ demands: [Demand], now: Date = Date()) throws(APIError) {
        let topology = try latestTopology().topology
        do {
            try TrafficOptimizer(topology: topology).check(demands)
        } catch .invalidDemands(let problems) {
            guard let first = problems.first else { return }
            let index = Self.index(of: first.demandID, in: demands)
            let field = index.map { "demands[\($0)].\(first.field)" } ?? "demands"
            let more = problems.count > 1 ? " (and \(problems.count - 1) more problem\(problems.count == 2 ? "" : "s"))" : ""
            throw APIError.invalidField(field, "\(field): \(first.message)\(more)")
        } catch {
            throw APIError.invalidField("demands", error.description)
        }
        try access { try store.write { db in try DemandRecords.replace(with: demands, at: now, in: db) } }
        demandChanges.withLockedValue { $0 += 1 }
    }

    /// Position of the demand a problem names: its id, or `#n` (1-based) for a demand without one.
    private static func index(of demandID: String, in demands: [Demand]) -> Int? {
        if demandID.hasPrefix("#"), let number = Int(demandID.dropFirst()), number >= 1, number <= demands.count { return number - 1 }
        let positions = demands.indices.filter { demands[$0].id == demandID }
        return positions.count > 1 ? positions[1] : positions.first
    }

    /// Stores a sample of the measured matrix and deletes the samples older than `retention`.
    public func recordMatrix(_ snapshot: MatrixSnapshot, retention: Duration) throws(APIError) -> MatrixSnapshot {
        let cutoff = snapshot.sampledAt.addingTimeInterval(-retention.seconds)
        let stored = try access {
            try store.write { db in
                let stored = try MatrixRecords.insert(snapshot, in: db)
                _ = try MatrixRecords.prune(before: cutoff, in: db)
                return stored
            }
        }
        matrixChanges.withLockedValue { $0 += 1 }
        return stored
    }

    /// Counts measured-matrix samples stored through this engine.
    public nonisolated var matrixGeneration: Int { matrixChanges.withLockedValue { $0 } }

    /// The newest stored sample of the measured matrix, if any.
    public nonisolated func latestMatrix() throws(APIError) -> MatrixSnapshot? {
        try access { try store.read(MatrixRecords.latest(in:)) }
    }

    /// Stored samples taken at or after `since`, newest first, at most `limit`.
    public nonisolated func matrixHistory(since: Date, limit: Int) throws(APIError) -> [MatrixSnapshot] {
        try access { try store.read { db in try MatrixRecords.history(since: since, limit: limit, in: db) } }
    }

    // MARK: Taps

    /// The stored tap services and tap flows.
    public nonisolated func tapCatalog() throws(APIError) -> TapCatalog {
        do {
            return try taps.catalog()
        } catch {
            throw APIError(error, envelope: "tap_service")
        }
    }

    /// Stores a new tap service, checked against the fabric and the tenants' traffic endpoints (errors in
    /// TaaS's `tap_service` envelope).
    public func createTapService(_ request: TapService) throws(APIError) -> TapService {
        let endpoints = try tenantTrafficEndpoints()
        do {
            return try taps.createService(request, demandEndpoints: endpoints)
        } catch {
            throw APIError(error, envelope: "tap_service")
        }
    }

    /// Stores a new tap flow, checked against its service, the fabric and the tenants' traffic endpoints
    /// (errors in TaaS's `tap_flow` envelope).
    public func createTapFlow(_ request: TapFlow) throws(APIError) -> TapFlow {
        let endpoints = try tenantTrafficEndpoints()
        do {
            return try taps.createFlow(request, demandEndpoints: endpoints)
        } catch {
            throw APIError(error, envelope: "tap_flow")
        }
    }

    /// Deletes a tap service and its flows; 404 when there is none with this id.
    public func deleteTapService(_ id: String) throws(APIError) {
        guard try tapCatalog().services.contains(where: { $0.id == id }) else { throw APIError.notFound("tap service", id: id) }
        do {
            try taps.deleteService(id)
        } catch {
            throw APIError(error, envelope: "tap_service")
        }
    }

    /// Deletes a tap flow; 404 when there is none with this id.
    public func deleteTapFlow(_ id: String) throws(APIError) {
        guard try tapCatalog().flows.contains(where: { $0.id == id }) else { throw APIError.notFound("tap flow", id: id) }
        do {
            try taps.deleteFlow(id)
        } catch {
            throw APIError(error, envelope: "tap_flow")
        }
    }

    /// Endpoints of tenant traffic: the configured demands and every reservation.
    private func tenantTrafficEndpoints() throws(APIError) -> [(source: String, destination: String)] {
        let reserved = try access { try store.read(ReservationRecords.endpoints(in:)) }
        return (demands + (try declaredDemands())).map { ($0.source, $0.destination) } + reserved
    }

    // MARK: Transactions

    /// Runs `body` in one write transaction on the latest topology version; if another writer saved a
    /// newer version between loading and writing, loads it and runs again.
    private func onLatestTopology<T>(_ body: (StoredTopology, any StoreTransaction) throws(APIError) -> T) throws(APIError) -> T {
        while true {
            let stored = try latestTopology()
            let outcome: T? = try access {
                try store.write { db -> T? in
                    guard try TopologyStore.latestVersion(in: db)?.number == stored.version.number else { return nil }
                    return try body(stored, db)
                }
            }
            if let outcome { return outcome }
        }
    }

    /// Runs a store call, passing `APIError`s through (they roll the transaction back) and turning
    /// anything else into its HTTP form: 503 for a busy store or a follower, else a 500 that names
    /// nothing internal (the file and the engine's message go to the log).
    private nonisolated func access<T>(_ body: () throws -> T) throws(APIError) -> T {
        do {
            return try body()
        } catch let error as APIError {
            throw error
        } catch {
            throw APIError(storeFailure: error, location: store.path)
        }
    }
}
