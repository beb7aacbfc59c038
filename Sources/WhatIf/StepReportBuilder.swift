import Optimizer
import Topology

/// Turns what the solvers returned for one step into a `StepReport`: per-class totals, link
/// loads with their state, the hottest links. It only aggregates — every number comes from the
/// allocation, the min-cut analysis and the mirror placement it is given.
struct StepReportBuilder {
    var classOrder: [String]
    var hotLinkCount: Int

    /// Demands served less than this share count as short.
    static let fullyServed = 0.999

    /// `held`: what path reservations hold, taken off the capacities the allocation was solved on; the
    /// links are reported with their full capacity and the held rate as `reservedBps`.
    func report(
        index: Int, label: String, actions: [String], state: FabricState, allocation: Allocation,
        bottlenecks: [BottleneckOutcome], mirrors: MirrorOutcome?, mirrorLoadBps: [Int: Double], held: CapacityReservations? = nil
    ) -> StepReport {
        let reserved = held?.linkRates(in: state.topology)
        let links = allocation.links.map { load in
            let link = state.topology.links[load.linkIndex]
            let linkState: LinkOutcome.State = state.failedLinks.contains(load.name) ? .failed : state.drainedLinks.contains(load.name) ? .drained : link.isUp ? .up : .failed
            return LinkOutcome(
                name: load.name, source: link.source.node, target: link.target.node, state: linkState,
                capacityBps: reserved == nil ? load.capacityBps : link.capacityBps, loadBps: load.loadBps, mirrorBps: mirrorLoadBps[load.linkIndex] ?? 0,
                reservedBps: linkState == .up ? min(reserved?[load.linkIndex] ?? 0, link.capacityBps) : 0
            )
        }
        let hot = links.filter { $0.state == .up && $0.utilization > 0 }
            .enumerated()
            .sorted { ($1.element.utilization, $0.offset) < ($0.element.utilization, $1.offset) }
            .prefix(hotLinkCount)
            .map(\.element.name)
        let shortByClass = Dictionary(grouping: allocation.demands.filter { $0.servedFraction < Self.fullyServed }, by: \.demand.qosClass.name).mapValues(\.count)
        let classes = allocation.classes
            .sorted { (classOrder.firstIndex(of: $0.qosClass.name) ?? .max) < (classOrder.firstIndex(of: $1.qosClass.name) ?? .max) }
            .map { summary in
                ClassOutcome(
                    name: summary.qosClass.name, offeredBps: summary.requestedBps, servedBps: summary.servedBps,
                    demands: summary.demandCount, shortDemands: shortByClass[summary.qosClass.name] ?? 0
                )
            }
        let offered = allocation.demands.reduce(0) { $0 + $1.demand.rateBps }
        return StepReport(
            index: index, label: label, actions: actions,
            solver: StepReport.SolverInfo(
                objective: allocation.objective.rawValue, objectiveValue: allocation.objectiveValue,
                status: allocation.solverStatus.rawValue, solveSeconds: allocation.solveSeconds
            ),
            offeredBps: offered, servedBps: allocation.totalThroughputBps,
            mlu: links.lazy.filter { $0.state == .up }.map(\.utilization).max() ?? 0,
            classes: classes, links: links, hotLinks: hot,
            failedSwitches: state.failedSwitches.sorted(), drainedSwitches: state.drainedSwitches.sorted(),
            bottlenecks: bottlenecks, mirrors: mirrors
        )
    }

    /// The worst-served demands, one per endpoint pair, worst first (ties: larger request first).
    static func worstServed(_ allocation: Allocation, count: Int) -> [DemandAllocation] {
        var seen = Set<[String]>()
        return allocation.demands
            .filter { $0.servedFraction < fullyServed }
            .sorted { ($0.servedFraction, -$0.demand.rateBps, $0.demand.id) < ($1.servedFraction, -$1.demand.rateBps, $1.demand.id) }
            .filter { seen.insert([$0.demand.source, $0.demand.destination]).inserted }
            .prefix(count)
            .map { $0 }
    }
}
