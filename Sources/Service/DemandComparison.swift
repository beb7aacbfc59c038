import FlowCompiler
import Foundation
import Optimizer
import Topology

/// The declared demands and the measured matrix side by side, per (ingress leaf, egress leaf, class)
/// aggregate: what `GET /v1/demands` and `weft demands show` print.
public struct DemandComparison: Hashable, Sendable, Encodable {
    /// One (ingress leaf, egress leaf, class) aggregate: declared and measured rates side by side.
    public struct Row: Hashable, Sendable, Encodable {
        public var source: String
        public var destination: String
        public var className: String
        /// Sum of the declared demands of the aggregate, in bit/s (0 when none is declared).
        public var declaredBps: Double
        /// Declared demands in the aggregate.
        public var declaredDemands: Int
        /// Smoothed measured rate, in bit/s; `nil` when the aggregate is not in the measured matrix.
        public var measuredBps: Double?
        /// Rate of the last measured window, in bit/s.
        public var lastWindowBps: Double?
        public var sampledAt: Date?

        enum CodingKeys: String, CodingKey {
            case source = "src"
            case destination = "dst"
            case className = "class"
            case declaredBps = "declared_bps"
            case declaredDemands = "declared_demands"
            case measuredBps = "measured_bps"
            case lastWindowBps = "last_window_bps"
            case sampledAt = "sampled_at"
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(source, forKey: .source)
            try container.encode(destination, forKey: .destination)
            try container.encode(className, forKey: .className)
            try container.encode(declaredBps, forKey: .declaredBps)
            try container.encode(declaredDemands, forKey: .declaredDemands)
            try container.encode(measuredBps, forKey: .measuredBps)
            try container.encode(lastWindowBps, forKey: .lastWindowBps)
            try container.encode(sampledAt, forKey: .sampledAt)
        }
    }

    /// Every aggregate that is declared or measured, sorted by (source, destination, class).
    public var rows: [Row]

    /// Sums `declared` per aggregate of its endpoints' leaves and class (as `DemandPolicy` does) and puts the
    /// snapshot's measured rate next to it.
    public init(declared: [Demand], measured: MatrixSnapshot?, topology: Topology) {
        var rows: [RoutingPlan.ClassPair: Row] = [:]
        func row(_ key: RoutingPlan.ClassPair) -> Row {
            rows[key] ?? Row(source: key.source, destination: key.destination, className: key.className, declaredBps: 0, declaredDemands: 0)
        }
        for demand in declared {
            let key = DemandPolicy.aggregate(of: demand, in: topology)
            var entry = row(key)
            entry.declaredBps += demand.rateBps
            entry.declaredDemands += 1
            rows[key] = entry
        }
        for measuredEntry in measured?.entries ?? [] {
            let key = RoutingPlan.ClassPair(source: measuredEntry.source, destination: measuredEntry.destination, className: measuredEntry.className)
            var entry = row(key)
            entry.measuredBps = measuredEntry.smoothedBps
            entry.lastWindowBps = measuredEntry.rateBps
            entry.sampledAt = measuredEntry.sampledAt
            rows[key] = entry
        }
        self.rows = rows.keys.sorted().compactMap { rows[$0] }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rows)
    }
}
