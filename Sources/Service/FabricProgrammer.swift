import Controller
import FlowCompiler
import Logging
import Optimizer
import TaasPlanner
import Topology
import TopologyStore

/// What a running controller installs — in `weft controller` and in `weft serve --openflow` alike: the
/// routes of the newest applied allocation in the store (shortest paths on the discovered fabric while
/// there is none) with its per-class aggregates (DSCP classification, a meter at each aggregate's
/// allocated rate on its ingress leaf, which the measured traffic matrix reads), together with the
/// store's tap mirror copies, placed around that allocation in the
/// residual capacity and sized from the controller's measured port rates.
///
/// Called when this process applies an allocation (`install`), when its API changed a tap
/// (`tapsChanged`) and whenever the store changed (`storeChanged`, from ``EmbeddedController``'s watch):
/// an allocation applied or a tap created by another process is installed the same way. Each call
/// returns once every switch acknowledged the result. Calls take turns (``TurnQueue``): one that
/// overlaps another starts after it, so an older plan is never installed after a newer one.
public actor FabricProgrammer {
    public let controller: FabricController
    let engine: ServiceEngine
    let logger: Logger
    private var applied: (allocation: Allocation, topology: Topology)?
    /// The stored decision `applied` was read from; a newer applied decision replaces it.
    private var appliedDecision: Int64?
    private var lastSummary = ""
    private let turns = TurnQueue()
    /// Awaited just before each hand-over to the controller; tests hold it to overlap two calls.
    private var beforeHandover: (@Sendable () async -> Void)?

    public init(controller: FabricController, engine: ServiceEngine, logger: Logger = Logger(label: "weft.programmer")) {
        self.controller = controller
        self.engine = engine
        self.logger = logger
    }

    /// Installs `allocation` (computed on `topology`) with the current taps.
    public func install(_ allocation: Allocation, computedOn topology: Topology) async throws {
        try await turns.run {
            await self.setApplied(allocation, topology)
            try await self.program()
        }
    }

    /// Re-installs the current routes with the current taps (after a tap service or flow changed).
    public func tapsChanged() async throws {
        try await turns.run { try await self.program() }
    }

    /// Brings the fabric to what the store holds now: the newest applied allocation, when it is not the
    /// one installed (computed on the topology version it names), and the current taps.
    public func storeChanged() async throws {
        try await turns.run { try await self.followStore() }
    }

    func setBeforeHandover(_ hook: (@Sendable () async -> Void)?) {
        beforeHandover = hook
    }

    private func setApplied(_ allocation: Allocation, _ topology: Topology) {
        applied = (allocation, topology)
    }

    private func followStore() async throws {
        let known = appliedDecision
        let newer = try engine.store.read { db -> (id: Int64, allocation: Allocation, version: Int)? in
            guard let id = try DecisionRecords.latestAppliedID(in: db), id != known,
                  let (allocation, version) = try DecisionRecords.latestApplied(in: db) else { return nil }
            return (id, allocation, version)
        }
        if let newer {
            applied = (newer.allocation, try engine.store.load(version: newer.version).topology)
            appliedDecision = newer.id
            logger.info("applied allocation read from the store", metadata: ["decision": "\(newer.id)", "topology_version": "\(newer.version)"])
        }
        try await program()
    }

    private func program() async throws {
        let current = try engine.latestTopology().topology
        let catalog = try engine.tapCatalog()
        var mirror: MirrorProgram?
        if !catalog.flows.isEmpty {
            let base = applied ?? (Allocation(topology: current, objective: .maxWeightedThroughput, objectiveValue: 0, headroom: 0,
                                              demands: [], solveSeconds: 0, solverStatus: .optimal), current)
            let traffic = MirrorTraffic.portRates(await controller.portRates)
            let plan = try MirrorPlanner(topology: base.topology).plan(catalog, around: base.allocation, traffic: traffic)
            mirror = MirrorProgram(plan: plan, catalog: catalog, topology: base.topology)
        }
        await beforeHandover?()
        if let applied {
            var routing = try RoutingPlan(allocation: applied.allocation, topology: applied.topology, version: 0,
                                          classes: engine.catalog)
            routing.mirror = mirror
            await controller.apply(routing)
        } else {
            await controller.applyShortestPaths(mirror: mirror)
        }
        let flows = await controller.installedProgram?.totalFlows ?? 0
        let version = await controller.installedProgram?.version ?? 0
        let summary = "\(applied == nil)-\(catalog.flows.count)-\(version)"
        guard summary != lastSummary else { return }
        lastSummary = summary
        logger.info("fabric programmed", metadata: [
            "routes": "\(applied == nil ? "shortest paths" : "applied allocation")", "tap_flows": "\(catalog.flows.count)", "flows": "\(flows)",
            "program_version": "\(version)",
        ])
    }
}
