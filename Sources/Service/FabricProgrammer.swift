import Controller
import FlowCompiler
import Logging
import Optimizer
import TaasPlanner
import Topology

/// What `weft serve` installs through the embedded controller: the routes of the applied allocation
/// (shortest paths before the first one) with its per-class aggregates (DSCP classification, a meter
/// at each aggregate's allocated rate on its ingress leaf, which the measured traffic matrix reads)
/// together with the tap mirror copies, placed around that
/// allocation in the residual capacity and sized from the controller's measured port rates.
///
/// Called when re-optimization applies an allocation and when tap services or flows change; one
/// installation at a time (an actor), each acknowledged by every switch before the call returns.
public actor FabricProgrammer {
    public let controller: FabricController
    let engine: ServiceEngine
    let logger: Logger
    private var applied: (allocation: Allocation, topology: Topology)?

    public init(controller: FabricController, engine: ServiceEngine, logger: Logger = Logger(label: "weft.programmer")) {
        self.controller = controller
        self.engine = engine
        self.logger = logger
    }

    /// Installs `allocation` (computed on `topology`) with the current taps.
    public func install(_ allocation: Allocation, computedOn topology: Topology) async throws {
        applied = (allocation, topology)
        try await program()
    }

    /// Re-installs the current routes with the current taps (after a tap service or flow changed).
    public func tapsChanged() async throws {
        try await program()
    }

    private func program() async throws {
        let current = try engine.latestTopology().topology
        let base = applied ?? (Allocation(topology: current, objective: .maxWeightedThroughput, objectiveValue: 0, headroom: 0,
                                          demands: [], solveSeconds: 0, solverStatus: .optimal), current)
        var routing = applied == nil
            ? RoutingPlan.shortestPaths(in: current, version: 0)
            : try RoutingPlan(allocation: base.allocation, topology: base.topology, version: 0, classes: QoSClassCatalog(engine.classes))
        let catalog = try engine.tapCatalog()
        if !catalog.flows.isEmpty {
            let traffic = MirrorTraffic.measured(await controller.portRates)
            let plan = try MirrorPlanner(topology: base.topology).plan(catalog, around: base.allocation, traffic: traffic)
            routing.mirror = MirrorProgram(plan: plan, catalog: catalog, topology: base.topology)
        }
        await controller.apply(routing)
        let flows = await controller.installedProgram?.totalFlows ?? 0
        logger.info("fabric programmed", metadata: [
            "routes": "\(applied == nil ? "shortest paths" : "applied allocation")", "tap_flows": "\(catalog.flows.count)", "flows": "\(flows)",
        ])
    }
}
