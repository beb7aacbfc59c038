import Controller
import FlowCompiler
import Foundation

/// One stored sample of the measured leaf-to-leaf × class traffic matrix (`serve_matrix_snapshot`):
/// what the embedded controller's ``TrafficMatrixMeter`` held at `sampledAt`. Snapshots are kept as a
/// history, pruned by age, and the newest one is what re-optimization on measured demand uses.
public struct MatrixSnapshot: Hashable, Sendable, Codable {
    /// Row id (0 before it is stored); grows with every stored sample.
    public var id: Int
    public var sampledAt: Date
    public var entries: [TrafficMatrixMeter.Entry]

    public init(id: Int = 0, sampledAt: Date, entries: [TrafficMatrixMeter.Entry]) {
        self.id = id
        self.sampledAt = sampledAt
        self.entries = entries
    }

    /// Sum of the smoothed rates, in bit/s.
    public var totalBps: Double { entries.reduce(0) { $0 + $1.smoothedBps } }

    /// Smoothed rate per (source leaf, destination leaf, class).
    public var rates: [RoutingPlan.ClassPair: Double] {
        Dictionary(entries.map { (RoutingPlan.ClassPair(source: $0.source, destination: $0.destination, className: $0.className), $0.smoothedBps) },
                   uniquingKeysWith: +)
    }

    /// How far `self` moved from `previous`: the sum of the absolute changes of every aggregate's
    /// smoothed rate over the previous total (an aggregate missing on one side counts as 0). A move
    /// from an empty matrix to a non-empty one is 1 (100 %); two empty matrices did not move.
    public func relativeMove(from previous: MatrixSnapshot) -> Double {
        let old = previous.rates
        let new = rates
        let change = Set(old.keys).union(new.keys).reduce(0.0) { $0 + abs((new[$1] ?? 0) - (old[$1] ?? 0)) }
        let base = old.values.reduce(0, +)
        guard base > 0 else { return change > 0 ? 1 : 0 }
        return change / base
    }

    enum CodingKeys: String, CodingKey {
        case id
        case sampledAt = "sampled_at"
        case entries
    }
}
