import FlowCompiler
import Foundation
import Optimizer
import Topology

/// Which demand matrix re-optimization solves, and when a move of the measured matrix calls for a run.
///
/// The measured matrix is leaf-to-leaf × class (what the ingress leaves meter); declared demands are
/// host or switch pairs. They are compared per (ingress leaf, egress leaf, class) aggregate: a declared
/// demand belongs to the aggregate of its endpoints' leaves and class.
/// - `declared`: the declared demands as they are.
/// - `measured`: every aggregate at its measured (smoothed) rate × `growthMargin`. An aggregate with
///   declared demands keeps them, scaled together to that rate (so host port limits still apply); one
///   without gets a leaf-to-leaf demand `measured:leafA->leafB/class`; a declared aggregate that is not
///   measured gets 0.
/// - `larger`: per aggregate, the larger of the declared total and the measured rate × `growthMargin`.
/// Before the first measured sample, `measured` and `larger` fall back to the declared demands (the
/// decision says so).
public struct DemandPolicy: Hashable, Sendable {
    /// Which matrix is solved (see the type's description): `declared`, `measured` or the `larger` of both
    /// per aggregate.
    public enum Basis: String, Hashable, Sendable, Codable, CaseIterable {
        case declared, measured, larger
    }

    /// The matrix re-optimization solves.
    public var basis: Basis
    /// Factor on measured rates (1.1 = plan 10 % above what was measured).
    public var growthMargin: Double
    /// Relative move of the measured matrix (sum of absolute changes over the previous total) that
    /// triggers a re-optimization, e.g. 0.2 for 20 %; ignored with `declared`.
    public var moveThreshold: Double

    public init(basis: Basis = .declared, growthMargin: Double = 1, moveThreshold: Double = 0.2) {
        self.basis = basis
        self.growthMargin = growthMargin
        self.moveThreshold = moveThreshold
    }

    /// The demands to solve for this policy and the record of what was used.
    public func demands(declared: [Demand], measured snapshot: MatrixSnapshot?, topology: Topology, classes: [QoSClass]) -> (demands: [Demand], matrix: DemandMatrix) {
        guard basis != .declared else {
            return (declared, DemandMatrix(basis: .declared, totalBps: Self.total(declared), note: nil))
        }
        guard let snapshot else {
            return (declared, DemandMatrix(basis: basis, growthMargin: growthMargin, totalBps: Self.total(declared),
                                           note: "no measured matrix stored yet; the declared demands were used"))
        }
        var groups: [RoutingPlan.ClassPair: [Int]] = [:]
        for (index, demand) in declared.enumerated() {
            groups[Self.aggregate(of: demand, in: topology), default: []].append(index)
        }
        let measured = snapshot.rates.mapValues { $0 * growthMargin }
        var result = declared
        var raised = 0
        for (key, members) in groups {
            let declaredTotal = members.reduce(0.0) { $0 + declared[$1].rateBps }
            let measuredRate = measured[key] ?? 0
            let target = basis == .measured ? measuredRate : max(declaredTotal, measuredRate)
            if target > declaredTotal { raised += 1 }
            guard target != declaredTotal else { continue }
            for index in members {
                result[index].rateBps = declaredTotal > 0 ? declared[index].rateBps * target / declaredTotal : target / Double(members.count)
            }
        }
        let byName = Dictionary(classes.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var skipped: [String] = []
        for (key, rate) in measured.sorted(by: { $0.key < $1.key }) where groups[key] == nil {
            guard let qosClass = byName[key.className], topology.switchNamed(key.source) != nil, topology.switchNamed(key.destination) != nil else {
                skipped.append("\(key.source)->\(key.destination)/\(key.className)")
                continue
            }
            result.append(Demand(id: "measured:\(key.source)->\(key.destination)/\(key.className)", source: key.source,
                                 destination: key.destination, rateBps: rate, qosClass: qosClass))
            raised += 1
        }
        let note = skipped.isEmpty ? nil : "measured aggregates not in the topology or class list were left out: \(skipped.joined(separator: ", "))"
        return (result, DemandMatrix(basis: basis, snapshotID: snapshot.id, sampledAt: snapshot.sampledAt, growthMargin: growthMargin,
                                     measuredAggregates: measured.count, raisedAggregates: raised, totalBps: Self.total(result), note: note))
    }

    /// The (ingress leaf, egress leaf, class) aggregate a demand belongs to: a host endpoint stands for
    /// the switch it is attached to.
    public static func aggregate(of demand: Demand, in topology: Topology) -> RoutingPlan.ClassPair {
        func leaf(_ endpoint: String) -> String { topology.hostNamed(endpoint)?.attachment.node ?? endpoint }
        return RoutingPlan.ClassPair(source: leaf(demand.source), destination: leaf(demand.destination), className: demand.qosClass.name)
    }

    private static func total(_ demands: [Demand]) -> Double {
        demands.reduce(0) { $0 + $1.rateBps }
    }
}
