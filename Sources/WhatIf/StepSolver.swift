import Optimizer
import TaasPlanner
import Topology

/// The solvers one step runs, with the scenario's settings: the optimizer's LP for tenant
/// traffic, TaaS's mirror planner for tap copies, and max-flow for min-cut bottlenecks.
struct StepSolver {
    var objective: Objective
    var headroom: Double
    var mirrorCap: Double

    /// Tenant traffic, optimized for the scenario's objective.
    func allocate(_ demands: [Demand], on topology: Topology, progress: (SolveProgress) -> Void = { _ in }) throws(OptimizerError) -> Allocation {
        try TrafficOptimizer(topology: topology).optimize(demands, options: OptimizerOptions(objective: objective, headroom: headroom), progress: progress)
    }

    /// Mirror copies placed around `allocation`; `nil` when there are no tap flows.
    func placeMirrors(_ taps: TapCatalog, allocation: Allocation, on topology: Topology) throws(TapError) -> (outcome: MirrorOutcome, loadByLink: [Int: Double])? {
        guard !taps.flows.isEmpty else { return nil }
        let planner = MirrorPlanner(topology: topology, options: MirrorPlannerOptions(mirrorCapFraction: mirrorCap))
        let plan = try planner.plan(taps, around: allocation, traffic: .allocation(allocation))
        let flows = plan.placements.map { placement in
            TapFlowOutcome(
                flow: placement.flowName.isEmpty ? placement.flowID : placement.flowName,
                service: placement.serviceName.isEmpty ? placement.serviceID : placement.serviceName,
                source: placement.sourceHost ?? placement.source.description,
                destination: topology.hosts.first { $0.attachment == placement.destination }?.name ?? placement.destination.description,
                direction: placement.direction.rawValue, demandBps: placement.wireDemandBps, mirroredBps: placement.mirroredBps,
                samplingFraction: placement.samplingFraction, path: placement.nodes,
                limitedBy: placement.limit.map(Self.shortText), reduction: Self.text(of: placement.reduction, degraded: placement.isDegraded),
                reason: placement.reason
            )
        }
        let monitors = plan.destinations.map { destination in
            MonitorPortLoad(
                service: taps.service(destination.serviceID).map { $0.name.isEmpty ? $0.id : $0.name } ?? destination.serviceID,
                host: topology.hosts.first { $0.attachment == destination.port }?.name ?? destination.port.description,
                port: destination.port.description, speedBps: destination.speedBps, loadBps: destination.loadBps
            )
        }
        var load: [Int: Double] = [:]
        for link in plan.links where link.mirrorLoadBps > 0 {
            load[link.linkIndex] = link.mirrorLoadBps
        }
        return (MirrorOutcome(flows: flows, monitors: monitors), load)
    }

    /// A few words for a table cell; the planner's full sentence stays in `reason`.
    private static func shortText(_ limit: MirrorLimit) -> String {
        switch limit {
        case let .link(name, available, _, _, sharedBy):
            "link \(name): \(RateText.format(available)) for copies, \(sharedBy) flow\(sharedBy == 1 ? "" : "s")"
        case let .destinationPort(end, speed, sharedBy):
            "monitor port \(end): \(RateText.format(speed)), \(sharedBy) flow\(sharedBy == 1 ? "" : "s")"
        case .maxRate(let cap):
            "max_rate \(RateText.format(cap))"
        case let .noPath(from, to):
            "no path \(from) → \(to)"
        case .unavailable(let why):
            why
        }
    }

    private static func text(of reduction: MirrorReduction, degraded: Bool) -> String {
        switch reduction {
        case .none: degraded ? "truncated" : "full"
        case .meter: "metered"
        case .sampleAtSource: "sampled at source"
        }
    }

    /// The min-cut between a short demand's endpoints in the step's fabric.
    func bottleneck(of result: DemandAllocation, on topology: Topology) throws(OptimizerError) -> BottleneckOutcome {
        let demand = result.demand
        let flow = try MaxFlow.compute(in: topology, from: demand.source, to: demand.destination)
        return BottleneckOutcome(
            source: demand.source, destination: demand.destination, className: demand.qosClass.name,
            offeredBps: demand.rateBps, servedBps: result.servedBps, minCutBps: flow.valueBps,
            cutLinks: flow.cut.map(\.name), reason: result.reason
        )
    }
}
