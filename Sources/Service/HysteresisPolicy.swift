import Optimizer
import Topology

/// Decides whether a freshly computed allocation replaces the applied one, and how much of it.
///
/// - A new allocation is applied only when it improves the objective by more than `minImprovement`
///   (relative), or when the applied one violates a constraint: one of its links is down or gone, or a
///   link carries more than its usable capacity (after a capacity drop or a new reservation).
/// - At most `maxPathChanges` demands change their paths or rates per run. Demands whose paths broke
///   are always moved; the other changes are taken best first (largest weighted-throughput gain) as
///   long as the mix of new and kept routes stays within every link's capacity, and the rest is
///   deferred to later runs. If even the forced moves do not fit next to the kept routes, the whole
///   new allocation is applied and the decision says the bound was exceeded.
public struct HysteresisPolicy: Hashable, Sendable {
    public var objective: Objective
    /// Relative objective improvement a change must exceed, e.g. 0.05 for 5 %.
    public var minImprovement: Double
    /// Most demands changed per run; `nil` for no bound.
    public var maxPathChanges: Int?
    /// Fraction of every link's capacity the allocation keeps free.
    public var headroom: Double

    public init(objective: Objective, minImprovement: Double = 0.05, maxPathChanges: Int? = nil, headroom: Double = 0) {
        self.objective = objective
        self.minImprovement = minImprovement
        self.maxPathChanges = maxPathChanges
        self.headroom = headroom
    }

    /// What the policy decided.
    public struct Outcome: Sendable {
        /// The allocation to install, or `nil` to keep the applied one.
        public var install: Allocation?
        public var reason: String
        /// Relative improvement of the candidate over the applied allocation (nil without one).
        public var improvement: Double?
        public var violations: [String]
        public var pathsChanged: Int
        public var pathsDeferred: Int
        /// Whether forced moves alone exceeded the churn bound.
        public var boundExceeded: Bool
    }

    /// Decides on `candidate` against `applied`, both scored on the candidate's demands (so the applied
    /// routing gets no credit for demand that is no longer asked for).
    public func decide(applied: AppliedAllocation?, candidate: Allocation, on topology: Topology) -> Outcome {
        guard let applied else {
            let changed = candidate.demands.filter { !$0.splits.isEmpty }.count
            return Outcome(install: candidate, reason: "first allocation", improvement: nil, violations: [],
                           pathsChanged: changed, pathsDeferred: 0, boundExceeded: false)
        }
        let replay = applied.replay(on: topology, headroom: headroom, demands: candidate.demands.map(\.demand))
        var violations = replay.brokenDemands.sorted { $0.key < $1.key }.map { "demand \($0.key) lost link(s) \($0.value.joined(separator: ", "))" }
        violations += replay.overloadedLinks.map { "link \($0) is over its usable capacity" }
        let improvement = AllocationScore(candidate).improvement(over: AllocationScore(replay.allocation), objective: objective)
        let held = Dictionary(replay.allocation.demands.map { ($0.demand.id, $0) }, uniquingKeysWith: { first, _ in first })
        let changes = candidate.demands.filter { !Self.sameRouting(held[$0.demand.id], $0) }

        if violations.isEmpty && improvement <= minImprovement {
            return Outcome(install: nil, reason: "improvement \(Self.percent(improvement)) does not exceed \(Self.percent(minImprovement)); keeping the applied allocation",
                           improvement: improvement, violations: [], pathsChanged: 0, pathsDeferred: changes.count, boundExceeded: false)
        }
        let because = violations.isEmpty ? "improvement \(Self.percent(improvement)) exceeds \(Self.percent(minImprovement))" : "constraint violated"
        guard let bound = maxPathChanges, changes.count > bound else {
            return Outcome(install: candidate, reason: because, improvement: improvement, violations: violations,
                           pathsChanged: changes.count, pathsDeferred: 0, boundExceeded: false)
        }
        return bounded(held: replay, candidate: candidate, changes: changes, bound: bound, because: because,
                       improvement: improvement, violations: violations, topology: topology)
    }

    private func bounded(
        held replay: AppliedAllocation.Replay, candidate: Allocation, changes: [DemandAllocation], bound: Int, because: String,
        improvement: Double, violations: [String], topology: Topology
    ) -> Outcome {
        let overloaded = Set(replay.overloadedLinks.compactMap { topology.linkIndex(named: $0) })
        let heldByID = Dictionary(replay.allocation.demands.map { ($0.demand.id, $0) }, uniquingKeysWith: { first, _ in first })
        func forced(_ change: DemandAllocation) -> Bool {
            guard let held = heldByID[change.demand.id] else { return true }
            return replay.brokenDemands[change.demand.id] != nil
                || held.splits.contains { split in split.path.links.contains(where: overloaded.contains) }
        }
        let mandatory = changes.filter(forced)
        let optional = changes.filter { !forced($0) }
            .map { change in (change, change.demand.qosClass.weight * (change.servedBps - (heldByID[change.demand.id]?.servedBps ?? 0))) }
            .filter { $0.1 >= 0 }
            .sorted { $0.1 > $1.1 }
            .map(\.0)

        var mix = heldByID
        var loads = Self.loads(of: Array(mix.values), linkCount: topology.links.count)
        func take(_ change: DemandAllocation) -> Bool {
            var trial = loads
            for split in mix[change.demand.id]?.splits ?? [] { for link in split.path.links { trial[link] -= split.rateBps } }
            for split in change.splits { for link in split.path.links { trial[link] += split.rateBps } }
            guard trial.indices.allSatisfy({ trial[$0] <= AppliedAllocation.usable(topology.links[$0].capacityBps, headroom: headroom) }) else {
                return false
            }
            loads = trial
            mix[change.demand.id] = change
            return true
        }
        for change in mandatory {
            guard take(change) else {
                return Outcome(install: candidate, reason: "\(because); forced moves do not fit next to the kept routes, applying the whole new allocation",
                               improvement: improvement, violations: violations, pathsChanged: changes.count, pathsDeferred: 0, boundExceeded: true)
            }
        }
        var taken = mandatory.count
        for change in optional where taken < bound {
            if take(change) { taken += 1 }
        }
        let demands = candidate.demands.map { mix[$0.demand.id] ?? $0 }
        let install = Allocation(
            topology: topology, objective: candidate.objective, objectiveValue: candidate.objectiveValue, headroom: candidate.headroom,
            demands: demands, solveSeconds: candidate.solveSeconds, solverStatus: candidate.solverStatus, statistics: candidate.statistics)
        let deferred = changes.count - taken
        return Outcome(install: install, reason: "\(because); churn bound \(bound) applied \(taken) of \(changes.count) changes",
                       improvement: improvement, violations: violations, pathsChanged: taken, pathsDeferred: deferred,
                       boundExceeded: mandatory.count > bound)
    }

    /// Whether a demand keeps the same paths at the same rates (within 0.1 % of its requested rate).
    static func sameRouting(_ held: DemandAllocation?, _ candidate: DemandAllocation) -> Bool {
        guard let held else { return candidate.splits.isEmpty }
        let tolerance = max(candidate.demand.rateBps * 1e-3, 1)
        let old = Dictionary(held.splits.map { ($0.path, $0.rateBps) }, uniquingKeysWith: +)
        let new = Dictionary(candidate.splits.map { ($0.path, $0.rateBps) }, uniquingKeysWith: +)
        return Set(old.keys).union(new.keys).allSatisfy { abs((old[$0] ?? 0) - (new[$0] ?? 0)) <= tolerance }
    }

    static func loads(of demands: [DemandAllocation], linkCount: Int) -> [Double] {
        var loads = [Double](repeating: 0, count: linkCount)
        for demand in demands {
            for split in demand.splits {
                for link in split.path.links { loads[link] += split.rateBps }
            }
        }
        return loads
    }

    static func percent(_ value: Double) -> String {
        String(format: "%.2f%%", value * 100)
    }
}
