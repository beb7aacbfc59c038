import Topology

/// The optimizer's answer: how every demand is routed and what that does to every link.
///
/// The flow compiler installs `demands[i].splits`; reports read the aggregates. All aggregates are
/// derived from the splits by `init(topology:objective:...)`, so they always agree with them.
public struct Allocation: Hashable, Sendable, Codable {
    public var topologyName: String
    public var objective: Objective
    /// The objective of the final LP: weighted throughput in bit/s for `max-weighted-throughput`,
    /// the maximum link utilization for `min-mlu`, the weighted throughput for `priority-maxmin`.
    public var objectiveValue: Double
    /// Fraction of every link's capacity kept free (0 ≤ headroom < 1).
    public var headroom: Double
    /// One entry per input demand, in input order.
    public var demands: [DemandAllocation]
    /// One entry per topology link, in `Topology.links` order.
    public var links: [LinkLoad]
    /// One entry per class present in the demands, highest priority first.
    public var classes: [ClassSummary]
    /// Served rate summed over all demands, in bit/s.
    public var totalThroughputBps: Double
    /// Total served over total requested; 1 when nothing was requested.
    public var servedFraction: Double
    /// Maximum link utilization (load / capacity) over up links.
    public var maxLinkUtilization: Double
    /// Wall-clock time spent building and solving, in seconds.
    public var solveSeconds: Double
    /// GLPK's status for the final LP.
    public var solverStatus: SolverStatus
    public var statistics: SolveStatistics

    /// Builds an allocation from per-demand results, deriving link loads, class summaries and totals.
    /// Every split's path must be valid in `topology`.
    public init(
        topology: Topology,
        objective: Objective,
        objectiveValue: Double,
        headroom: Double,
        demands: [DemandAllocation],
        solveSeconds: Double,
        solverStatus: SolverStatus,
        statistics: SolveStatistics = SolveStatistics()
    ) {
        self.topologyName = topology.name
        self.objective = objective
        self.objectiveValue = objectiveValue
        self.headroom = headroom
        self.demands = demands
        self.solveSeconds = solveSeconds
        self.solverStatus = solverStatus
        self.statistics = statistics

        var classNames: [String] = []
        var classIndex: [String: Int] = [:]
        var loads: [[Double]] = []
        var byClass: [String: ClassSummary] = [:]
        var requested = 0.0
        var served = 0.0
        for result in demands {
            let qosClass = result.demand.qosClass
            requested += result.demand.rateBps
            served += result.servedBps
            var summary = byClass[qosClass.name] ?? ClassSummary(qosClass: qosClass, demandCount: 0, requestedBps: 0, servedBps: 0)
            summary.demandCount += 1
            summary.requestedBps += result.demand.rateBps
            summary.servedBps += result.servedBps
            byClass[qosClass.name] = summary
            guard !result.splits.isEmpty else { continue }
            let position: Int
            if let known = classIndex[qosClass.name] {
                position = known
            } else {
                position = classNames.count
                classIndex[qosClass.name] = position
                classNames.append(qosClass.name)
                loads.append(Array(repeating: 0, count: topology.links.count))
            }
            for split in result.splits where split.rateBps > 0 {
                for link in split.path.links {
                    loads[position][link] += split.rateBps
                }
            }
        }
        self.links = topology.links.enumerated().map { index, link in
            var byName: [String: Double] = [:]
            for (position, name) in classNames.enumerated() where loads[position][index] > 0 {
                byName[name] = loads[position][index]
            }
            return LinkLoad(linkIndex: index, name: link.name, capacityBps: link.capacityBps, isUp: link.isUp, loadByClass: byName)
        }
        self.classes = byClass.values.sorted { ($0.qosClass.priority, $0.qosClass.name) < ($1.qosClass.priority, $1.qosClass.name) }
        self.totalThroughputBps = served
        self.servedFraction = requested > 0 ? served / requested : 1
        self.maxLinkUtilization = self.links.lazy.filter(\.isUp).map(\.utilization).max() ?? 0
    }

    /// The allocation of the demand with this id.
    public func allocation(forDemand id: String) -> DemandAllocation? {
        demands.first { $0.demand.id == id }
    }

    /// Up links by utilization, highest first (ties by link index).
    public func hottestLinks(_ count: Int) -> [LinkLoad] {
        Array(links.filter(\.isUp).sorted { ($1.utilization, $0.linkIndex) < ($0.utilization, $1.linkIndex) }.prefix(max(count, 0)))
    }

    enum CodingKeys: String, CodingKey {
        case topologyName = "topology"
        case objective
        case objectiveValue = "objective_value"
        case headroom
        case demands = "allocations"
        case links
        case classes = "per_class"
        case totalThroughputBps = "total_throughput_bps"
        case servedFraction = "served_fraction"
        case maxLinkUtilization = "mlu"
        case solveSeconds = "solve_seconds"
        case solverStatus = "glpk_status"
        case statistics
    }
}
