import Foundation
import Optimizer
import Service
import TaasPlanner
import Topology
import TopologyFormats
import TopologyStore
import WhatIf

/// Reads what `weft whatif SCENARIO --db DB` starts from: the store's latest topology, its declared
/// demands and newest measured matrix, the matrix `--demand-basis` makes of them (as `weft serve`'s
/// re-optimization would), the stored tap services and flows, and the path reservations with what they hold.
struct LiveStateReader {
    /// The `--db` argument as given.
    var path: String
    /// The scenario file, which every problem names.
    var scenario: String
    var policy: DemandPolicy
    var minCutMinusReservations: Bool

    func read(classes: [QoSClass]) throws(LocatedError) -> LiveState {
        guard PostgresLocation.isPostgresURL(path) || FileManager.default.fileExists(atPath: path) else { throw failure("no such database") }
        let known = QoSClass.defaults.filter { builtIn in !classes.contains { $0.name == builtIn.name } } + classes
        do {
            let store = try TopologyStore(location: path, additionalMigrations: StoreOptions.moduleMigrations)
            guard let latest = try Self.latestTopology(of: store) else {
                throw failure("the store holds no topology yet (weft topo gen|import --db \(path) first)")
            }
            let declared = try store.read { db in try DemandRecords.all(classes: known, in: db) }
            let declaredAt = try store.read(DemandRecords.updatedAt(in:))
            let snapshot = try store.read(MatrixRecords.latest(in:))
            if policy.basis == .measured, snapshot == nil {
                throw failure("--demand-basis measured: the store holds no measured traffic matrix (weft serve --demand-basis measured|larger records one); use --demand-basis declared", field: "demands")
            }
            let measured = (snapshot?.entries ?? []).map { entry in
                Demand(id: "measured:\(entry.source)->\(entry.destination)/\(entry.className)", source: entry.source, destination: entry.destination,
                       rateBps: entry.smoothedBps, qosClass: known.first { $0.name == entry.className } ?? QoSClass(name: entry.className, weight: 1, priority: 9))
            }
            let (chosen, matrix) = policy.demands(declared: declared, measured: snapshot, topology: latest.topology, classes: known)
            let reservations = try store.read(PathReservation.stored(in:))
            return LiveState(
                location: store.path, topology: latest.topology, topologyVersion: latest.version.number, declared: declared,
                measured: measured, measuredAt: snapshot?.sampledAt, snapshotID: snapshot?.id,
                storeDemands: LiveState.StoreDemands(basis: policy.basis.rawValue, demands: chosen, description: Self.describe(matrix, count: chosen.count, declaredAt: declaredAt),
                                                     snapshotID: matrix.snapshotID, growthMargin: policy.growthMargin, note: matrix.note),
                taps: try TapStore(store: store).catalog(),
                reservations: reservations.map { reservation in
                    StoredReservation(id: reservation.id, tenant: reservation.tenant, source: reservation.source, destination: reservation.destination,
                                      className: reservation.qosClass, bandwidthBps: reservation.bandwidthBps, paths: reservation.paths.map(\.links))
                },
                heldCapacity: try store.read(CapacityReservations.stored(in:)),
                minCutMinusReservations: minCutMinusReservations,
                reroute: Self.reroute(reservations, in: store, classes: known), declaredAt: declaredAt
            )
        } catch let error as LocatedError {
            throw error
        } catch {
            throw failure("\(error)")
        }
    }

    /// `12 declared demands, 4.5 Gbit/s (stored …)` or `measured snapshot #7 sampled … × 1.25 → 6 demands, 30 Gbit/s`.
    static func describe(_ matrix: DemandMatrix, count: Int, declaredAt: String?) -> String {
        var text = ""
        if let id = matrix.snapshotID {
            text += "measured snapshot #\(id)"
            if let sampledAt = matrix.sampledAt { text += " sampled \(sampledAt.formatted(.iso8601))" }
            if let margin = matrix.growthMargin, margin != 1 { text += String(format: " × %.2f", margin) }
            text += " → "
        }
        text += "\(count) \(matrix.snapshotID == nil ? "declared " : "")demand\(count == 1 ? "" : "s"), \(BitRate(bitsPerSecond: matrix.totalBps).formatted)"
        if matrix.snapshotID == nil, let declaredAt { text += " (stored \(declaredAt))" }
        if let note = matrix.note { text += " (\(note))" }
        return text
    }

    /// `weft serve`'s reroute of a stored reservation on a step's fabric, next to what the others hold
    /// (read when a step asks; no reservation headroom: `weft serve --headroom` is not stored).
    private static func reroute(_ reservations: [PathReservation], in store: TopologyStore, classes: [QoSClass]) -> @Sendable (String, Topology) -> RerouteCheck {
        let byID = Dictionary(reservations.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        return { id, topology in
            guard let reservation = byID[id] else { return RerouteCheck(fits: false, reason: "reservation \(id) is not in the store") }
            do {
                let others = try store.read { db in try PathReservation.heldByOthers(than: id, in: db) }
                let paths = try reservation.reroutePlan(on: topology, usedByOthers: others, classes: classes)
                return RerouteCheck(fits: true, path: paths.first?.hops.map(\.switchName) ?? [])
            } catch let error as APIError {
                return RerouteCheck(fits: false, reason: error.message)
            } catch {
                return RerouteCheck(fits: false, reason: "\(error)")
            }
        }
    }

    /// The newest topology version; `nil` when the store holds none.
    private static func latestTopology(of store: TopologyStore) throws(TopologyStoreError) -> StoredTopology? {
        do {
            return try store.loadLatest()
        } catch {
            guard case .empty = error else { throw error }
            return nil
        }
    }

    private func failure(_ message: String, field: String = "topology") -> LocatedError {
        LocatedError(file: scenario, problems: [LocatedProblem("--db \(path): \(message)", at: FieldLocation(line: nil, field: field))])
    }
}
