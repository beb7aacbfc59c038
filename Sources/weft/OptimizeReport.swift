import Optimizer
import Topology

/// The JSON document `weft optimize --json` prints: totals, per class, per demand with readable
/// paths, and the hottest links.
struct OptimizeReport: Encodable {
    struct ClassLine: Encodable {
        var `class`: String
        var weight: Double
        var priority: Int
        var demands: Int
        var requested_bps: Double
        var served_bps: Double
        var served_fraction: Double
    }

    struct SplitLine: Encodable {
        var path: [String]
        var links: [String]
        var rate_bps: Double
    }

    struct DemandLine: Encodable {
        var id: String
        var src: String
        var dst: String
        var `class`: String
        var rate_bps: Double
        var served_bps: Double
        var served_fraction: Double
        var reason: String?
        var splits: [SplitLine]
    }

    struct LinkLine: Encodable {
        var link: String
        var capacity_bps: Double
        var load_bps: Double
        var utilization: Double
        var load_by_class_bps: [String: Double]
    }

    var topology: String
    var objective: String
    var objective_value: Double
    var glpk_status: String
    var total_throughput_bps: Double
    var served_fraction: Double
    var mlu: Double
    var headroom: Double
    var solve_seconds: Double
    var statistics: SolveStatistics
    var per_class: [ClassLine]
    var hottest_links: [LinkLine]
    var allocations: [DemandLine]

    init(allocation: Allocation, topology fabric: Topology) {
        topology = allocation.topologyName
        objective = allocation.objective.rawValue
        objective_value = allocation.objectiveValue
        glpk_status = allocation.solverStatus.rawValue
        total_throughput_bps = allocation.totalThroughputBps
        served_fraction = allocation.servedFraction
        mlu = allocation.maxLinkUtilization
        headroom = allocation.headroom
        solve_seconds = allocation.solveSeconds
        statistics = allocation.statistics
        per_class = allocation.classes.map {
            ClassLine(class: $0.qosClass.name, weight: $0.qosClass.weight, priority: $0.qosClass.priority, demands: $0.demandCount,
                      requested_bps: $0.requestedBps, served_bps: $0.servedBps, served_fraction: $0.servedFraction)
        }
        hottest_links = allocation.hottestLinks(10).map {
            LinkLine(link: $0.name, capacity_bps: $0.capacityBps, load_bps: $0.loadBps, utilization: $0.utilization, load_by_class_bps: $0.loadByClass)
        }
        allocations = allocation.demands.map { result in
            DemandLine(id: result.demand.id, src: result.demand.source, dst: result.demand.destination, class: result.demand.qosClass.name,
                       rate_bps: result.demand.rateBps, served_bps: result.servedBps, served_fraction: result.servedFraction,
                       reason: result.reason,
                       splits: result.splits.map { SplitLine(path: $0.path.nodes(in: fabric), links: $0.path.linkNames(in: fabric), rate_bps: $0.rateBps) })
        }
    }

    /// The readable summary: header, per-class table, MLU, hottest links with bars, shortfalls.
    static func summary(_ allocation: Allocation, topology: Topology) -> String {
        var lines: [String] = []
        let stats = allocation.statistics
        lines.append("topology \(allocation.topologyName) · \(allocation.demands.count) demands · objective \(allocation.objective) · headroom \(Formatting.percent(allocation.headroom))")
        lines.append("GLPK \(allocation.solverStatus) · solved in \(Formatting.seconds(allocation.solveSeconds)) · \(stats.lpSolves) LP solve(s), \(stats.columns) path columns, \(stats.rows) rows, \(stats.pricingRounds) pricing round(s), \(stats.simplexIterations) simplex iterations")
        lines.append("")
        var classes = TextTable(["class", "priority", "weight", "demands", "requested", "served", "served %"], rightAligned: [1, 2, 3, 4, 5, 6])
        for summary in allocation.classes {
            classes.append([summary.qosClass.name, "\(summary.qosClass.priority)", String(format: "%g", summary.qosClass.weight), "\(summary.demandCount)",
                         Formatting.rate(summary.requestedBps), Formatting.rate(summary.servedBps), Formatting.percent(summary.servedFraction)])
        }
        let requested = allocation.classes.reduce(0) { $0 + $1.requestedBps }
        classes.append(["total", "", "", "\(allocation.demands.count)", Formatting.rate(requested), Formatting.rate(allocation.totalThroughputBps),
                        Formatting.percent(allocation.servedFraction)])
        lines.append(contentsOf: classes.lines)
        lines.append("")
        let objectiveText = allocation.objective == .minMLU ? Formatting.percent(allocation.objectiveValue) : "\(Formatting.rate(allocation.objectiveValue)) weighted"
        lines.append("objective value \(objectiveText) · max link utilization \(Formatting.percent(allocation.maxLinkUtilization))")
        lines.append("")
        lines.append("hottest links (top 10)")
        var hottest = TextTable(["link", "utilization", "", "load"], rightAligned: [2])
        for link in allocation.hottestLinks(10) {
            hottest.append([link.name, Formatting.bar(link.utilization), Formatting.percent(link.utilization),
                            "\(Formatting.rate(link.loadBps)) of \(Formatting.rate(link.capacityBps))"])
        }
        lines.append(contentsOf: hottest.rows.isEmpty ? ["  (no links)"] : hottest.lines.map { "  " + $0 })
        let short = allocation.demands.filter { $0.shortfall != nil }
        if !short.isEmpty {
            lines.append("")
            lines.append("\(short.count) demand(s) not fully served\(short.count > 10 ? " (first 10)" : ""):")
            for result in short.prefix(10) {
                lines.append("  \(result.demand.id): \(Formatting.percent(result.servedFraction)) of \(Formatting.rate(result.demand.rateBps)) — \(result.reason ?? "")")
            }
        }
        return lines.joined(separator: "\n")
    }
}
