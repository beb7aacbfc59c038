import Foundation
import Optimizer
import TaasPlanner
import Topology

/// The state of a running fabric read from its store (`weft whatif SCENARIO --db DB`): the latest
/// topology version replaces the scenario's `topology`; demand entries `{from: store}` (the default
/// when a `topology: store` scenario has no `demands`) take the matrix `--demand-basis` chose, and
/// `{from: declared}` / `{from: measured}` the stored declared demands or the newest measured matrix;
/// the stored taps join the scenario's, and the stored path reservations hold their rates in every step.
public struct LiveState: Sendable {
    /// Which stored demands a scenario entry takes.
    public enum Demands: String, Hashable, Sendable {
        case declared, measured
        /// The matrix chosen with `--demand-basis` (declared, measured or the larger per aggregate).
        case store
    }

    /// The demands `--demand-basis` chose and how they were made, for `{from: store}` entries.
    public struct StoreDemands: Sendable {
        /// `declared`, `measured` or `larger`.
        public var basis: String
        /// The demands `{from: store}` entries take.
        public var demands: [Demand]
        /// In words, e.g. `measured: snapshot #12 sampled 2026-11-30T03:00:00Z × 1.25, 6 aggregates`.
        public var description: String
        /// Set when a measured matrix was used.
        public var snapshotID: Int?
        /// `--growth-margin`: the factor on measured rates.
        public var growthMargin: Double
        /// What had to be left out or assumed (aggregates of unknown classes, a fallback).
        public var note: String?

        public init(basis: String, demands: [Demand], description: String, snapshotID: Int? = nil, growthMargin: Double = 1, note: String? = nil) {
            self.basis = basis
            self.demands = demands
            self.description = description
            self.snapshotID = snapshotID
            self.growthMargin = growthMargin
            self.note = note
        }
    }

    /// Where it was read from (a file path or a URL without password), for the report's notes.
    public var location: String
    public var topology: Topology
    public var topologyVersion: Int
    public var declared: [Demand]
    /// When the declared demands were stored (UTC ISO 8601), if any are.
    public var declaredAt: String?
    /// One demand per measured (ingress leaf, egress leaf, class) aggregate; classes by name only.
    public var measured: [Demand]
    /// When the measured matrix was sampled; `nil` when none is stored.
    public var measuredAt: Date?
    /// Set when a measured matrix is stored.
    public var snapshotID: Int?
    /// What `{from: store}` entries take; `nil` means the declared demands.
    public var storeDemands: StoreDemands?
    /// The stored tap services and tap flows; they join the scenario's taps from the baseline on.
    public var taps: TapCatalog
    /// The stored path reservations, checked against every step's fabric.
    public var reservations: [StoredReservation]
    /// What the reservations hold per resource: taken off every step's capacities before tenant
    /// traffic and mirror copies are placed, as `weft serve` does.
    public var heldCapacity: CapacityReservations
    /// `--minus-reservations`: every step's min-cuts are taken over what the reservations leave too.
    public var minCutMinusReservations: Bool
    /// Re-plans a reservation (by id) on a step's fabric, as `weft serve` would reroute it.
    public var reroute: (@Sendable (_ id: String, _ topology: Topology) -> RerouteCheck)?

    public init(location: String, topology: Topology, topologyVersion: Int, declared: [Demand], measured: [Demand], measuredAt: Date?,
                snapshotID: Int? = nil, storeDemands: StoreDemands? = nil, taps: TapCatalog = TapCatalog(),
                reservations: [StoredReservation] = [], heldCapacity: CapacityReservations = CapacityReservations(byResource: [:]),
                minCutMinusReservations: Bool = false, reroute: (@Sendable (_ id: String, _ topology: Topology) -> RerouteCheck)? = nil,
                declaredAt: String? = nil) {
        self.reroute = reroute
        self.declaredAt = declaredAt
        self.location = location
        self.topology = topology
        self.topologyVersion = topologyVersion
        self.declared = declared
        self.measured = measured
        self.measuredAt = measuredAt
        self.snapshotID = snapshotID
        self.storeDemands = storeDemands
        self.taps = taps
        self.reservations = reservations
        self.heldCapacity = heldCapacity
        self.minCutMinusReservations = minCutMinusReservations
    }

    /// The demands a `from:` entry takes, and that entry's source in words for the report; throws a
    /// sentence naming what the store lacks when it holds none of them.
    func demands(_ which: Demands) throws(LiveStateShortage) -> (demands: [Demand], source: String) {
        switch which {
        case .declared:
            guard !declared.isEmpty else {
                throw LiveStateShortage("\(location) holds no declared demands (store some with weft demands import FILE --db DB or PUT /v1/demands)")
            }
            return (declared, "stored declared demands (\(declared.count), \(RateText.format(Self.total(declared)))\(declaredAt.map { ", stored \($0)" } ?? ""))")
        case .measured:
            guard let measuredAt else {
                throw LiveStateShortage("\(location) holds no measured traffic matrix (weft serve --demand-basis measured|larger records one); use from: declared")
            }
            return (measured, "newest measured matrix\(snapshotID.map { " #\($0)" } ?? "") sampled \(Self.timestamp(measuredAt)) (\(measured.count) aggregates, \(RateText.format(Self.total(measured))), smoothed rates)")
        case .store:
            guard let chosen = storeDemands else { return try demands(.declared) }
            guard !chosen.demands.isEmpty else {
                throw LiveStateShortage("\(location): --demand-basis \(chosen.basis) gives no demands (\(chosen.description))")
            }
            return (chosen.demands, "--demand-basis \(chosen.basis): \(chosen.description)")
        }
    }

    /// ISO 8601 in UTC, as the API writes times.
    static func timestamp(_ date: Date) -> String {
        date.formatted(.iso8601)
    }

    private static func total(_ demands: [Demand]) -> Double {
        demands.reduce(0) { $0 + $1.rateBps }
    }
}

/// What a store lacks for a `from:` demand entry, in one sentence.
struct LiveStateShortage: Error {
    var message: String

    init(_ message: String) {
        self.message = message
    }
}
