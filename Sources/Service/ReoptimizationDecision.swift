import Foundation
import Optimizer

/// The record of one re-optimization run: what triggered it, what the new allocation offered, whether
/// it was applied and why, and how much it changed. Logged, kept in SQLite (`serve_decision`) and
/// shown by `GET /v1/allocations/latest` and `POST /v1/optimize`. `demand_matrix` says which demands
/// were solved: declared, or a stored measured snapshot (its id and time).
public struct ReoptimizationDecision: Hashable, Sendable, Codable {
    /// How much routing a run changed, against the churn bound.
    public struct Churn: Hashable, Sendable, Codable {
        /// Demands whose paths or rates changed.
        public var pathsChanged: Int
        /// Changes the candidate wanted that were not made (hysteresis or churn bound).
        public var pathsDeferred: Int
        public var maxPathChanges: Int?
        /// Forced moves alone exceeded `maxPathChanges`.
        public var boundExceeded: Bool
        /// Flow entries added plus removed by the change (compiled programs compared), when known.
        public var rulesChanged: Int?

        public init(pathsChanged: Int, pathsDeferred: Int, maxPathChanges: Int?, boundExceeded: Bool, rulesChanged: Int?) {
            self.pathsChanged = pathsChanged
            self.pathsDeferred = pathsDeferred
            self.maxPathChanges = maxPathChanges
            self.boundExceeded = boundExceeded
            self.rulesChanged = rulesChanged
        }

        enum CodingKeys: String, CodingKey {
            case pathsChanged = "paths_changed"
            case pathsDeferred = "paths_deferred"
            case maxPathChanges = "max_path_changes"
            case boundExceeded = "bound_exceeded"
            case rulesChanged = "rules_changed"
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(pathsChanged, forKey: .pathsChanged)
            try container.encode(pathsDeferred, forKey: .pathsDeferred)
            try container.encode(maxPathChanges, forKey: .maxPathChanges)
            try container.encode(boundExceeded, forKey: .boundExceeded)
            try container.encode(rulesChanged, forKey: .rulesChanged)
        }
    }

    /// Row id in `serve_decision` (0 before it is stored).
    public var id: Int
    public var decidedAt: Date
    /// `startup`, `schedule`, `api`, `reservations changed`, or `topology vN: <what changed>`.
    public var trigger: String
    public var topologyVersion: Int
    public var objective: Objective
    public var applied: Bool
    public var reason: String
    /// Relative objective improvement of the candidate over the applied allocation; `nil` for the first.
    public var improvement: Double?
    public var minImprovement: Double
    /// Constraints the applied allocation broke on this topology (down links, overloaded links).
    public var violations: [String]
    public var churn: Churn
    public var candidate: AllocationScore
    /// The applied allocation's score replayed on this topology, before the decision.
    public var held: AllocationScore?
    public var solveSeconds: Double
    /// The demand matrix solved (declared, or which measured snapshot); `nil` in records written
    /// before it was recorded.
    public var demandMatrix: DemandMatrix? = nil

    enum CodingKeys: String, CodingKey {
        case id
        case decidedAt = "decided_at"
        case trigger
        case topologyVersion = "topology_version"
        case objective, applied, reason, improvement
        case minImprovement = "min_improvement"
        case violations, churn, candidate, held
        case solveSeconds = "solve_seconds"
        case demandMatrix = "demand_matrix"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(decidedAt, forKey: .decidedAt)
        try container.encode(trigger, forKey: .trigger)
        try container.encode(topologyVersion, forKey: .topologyVersion)
        try container.encode(objective, forKey: .objective)
        try container.encode(applied, forKey: .applied)
        try container.encode(reason, forKey: .reason)
        try container.encode(improvement, forKey: .improvement)
        try container.encode(minImprovement, forKey: .minImprovement)
        try container.encode(violations, forKey: .violations)
        try container.encode(churn, forKey: .churn)
        try container.encode(candidate, forKey: .candidate)
        try container.encode(held, forKey: .held)
        try container.encode(solveSeconds, forKey: .solveSeconds)
        try container.encode(demandMatrix, forKey: .demandMatrix)
    }
}
