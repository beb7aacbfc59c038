import Optimizer
import TaasPlanner
import Topology

/// What `weft tap plan --json` prints.
struct TapPlanReport: Encodable {
    var plan: MirrorPlan
    var tenantThroughputWithoutTapsBps: Double
    var tenantThroughputWithTapsBps: Double

    init(plan: MirrorPlan, withoutTaps: Allocation) {
        self.plan = plan
        tenantThroughputWithoutTapsBps = withoutTaps.totalThroughputBps
        tenantThroughputWithTapsBps = plan.tenantAllocation.totalThroughputBps
    }

    enum CodingKeys: String, CodingKey {
        case plan
        case tenantThroughputWithoutTapsBps = "tenant_throughput_without_taps_bps"
        case tenantThroughputWithTapsBps = "tenant_throughput_with_taps_bps"
    }

    /// The placement table, the degraded flows' reasons and the tenant throughput comparison.
    static func lines(_ plan: MirrorPlan, withoutTaps: Allocation, topology: Topology) -> [String] {
        func rate(_ bps: Double) -> String { BitRate(bitsPerSecond: bps).formatted }
        var table = TextTable(["tap flow", "service", "source", "dir", "path", "needs", "mirrored", "sampling", "reduction"], rightAligned: [5, 6, 7])
        for placement in plan.placements {
            table.append([
                placement.flowName.isEmpty ? String(placement.flowID.prefix(8)) : placement.flowName,
                placement.serviceName.isEmpty ? String(placement.serviceID.prefix(8)) : placement.serviceName,
                placement.sourceHost ?? placement.source.description, placement.direction.rawValue,
                placement.path == nil ? "-" : placement.nodes.joined(separator: ">"),
                rate(placement.wireDemandBps), rate(placement.mirroredBps),
                String(format: "%.1f%%", placement.samplingFraction * 100), placement.reduction.rawValue,
            ])
        }
        var lines = table.lines
        let degraded = plan.placements.filter(\.isDegraded)
        if !degraded.isEmpty {
            lines.append("")
            lines += degraded.map { "\($0.flowName.isEmpty ? $0.flowID : $0.flowName): \($0.reason ?? "")" }
        }
        let with = plan.tenantAllocation
        lines += [
            "",
            "mirrored \(rate(plan.mirroredBps)) of \(rate(plan.demandBps)) needed by \(plan.placements.count) tap flow\(plan.placements.count == 1 ? "" : "s")",
            "tenant throughput without taps: \(rate(withoutTaps.totalThroughputBps)) (\(String(format: "%.1f", withoutTaps.servedFraction * 100))% served)",
            "tenant throughput with taps:    \(rate(with.totalThroughputBps)) (\(String(format: "%.1f", with.servedFraction * 100))% served)",
        ]
        return lines
    }
}
