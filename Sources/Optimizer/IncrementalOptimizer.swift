import Foundation
import Topology

/// A long-lived optimizer that keeps its GLPK problem, basis and path columns between solves, so a
/// link failure or capacity change is re-optimized from the previous optimum instead of from scratch.
///
/// On `update(topology:)` with the same switches, hosts and link endpoints, only the changed capacity
/// rows are re-bounded and the LP is re-solved warm (dual simplex, presolve off), then column
/// generation prices paths around the change. On a two-tier Clos fabric the model kept is the one
/// `TrafficOptimizer` solves first: every spine summed into one group (a transportation LP over the
/// leaves). Its warm optimum is a relaxation after any change, and its flows are split onto the new
/// uniform spine groups by bipartite flows (`SpineGroupSplit`); when that split exists it is optimal.
/// Otherwise — split impossible, changed link endpoints, hosts or switches, or an objective other
/// than max-weighted-throughput — the model is rebuilt from scratch, so later updates are warm again.
///
/// Thread rule: the object owns a `glp_prob`, which lives in GLPK's thread-local environment, so it
/// must be created, used and released on one thread. It is not `Sendable` and every method throws
/// `OptimizerError.wrongThread` when called elsewhere. From async code, own it inside an actor that
/// runs on a `GLPKThreadExecutor` (see `OptimizerSession`), which pins every call to one thread.
public final class IncrementalOptimizer {
    public private(set) var topology: Topology
    public let demands: [Demand]
    public let options: OptimizerOptions
    /// The allocation for the current topology.
    public private(set) var allocation: Allocation
    /// How the last solve was done: `warm`, `warm+split` or `rebuilt`.
    public private(set) var lastUpdateKind: UpdateKind

    public enum UpdateKind: String, Sendable {
        /// The initial solve, or a rebuild from scratch.
        case rebuilt
        /// Re-solved from the previous basis.
        case warm
        /// Re-solved from the previous basis over coarse spine groups, then split exactly.
        case warmSplit = "warm+split"
    }

    private var setup: ProblemSetup
    private var master: MasterProblem
    private let owner = pthread_self()

    public init(topology: Topology, demands: [Demand], options: OptimizerOptions = OptimizerOptions()) throws(OptimizerError) {
        self.topology = topology
        self.demands = demands
        self.options = options
        let solved = try FreshSolve.solve(topology: topology, demands: demands, options: options, relaxFirst: true)
        setup = solved.setup
        master = solved.master
        allocation = solved.allocation
        lastUpdateKind = .rebuilt
    }

    /// Re-optimizes for `newTopology` (typically the current one with links failed, restored or
    /// resized) and returns the new allocation.
    @discardableResult
    public func update(topology newTopology: Topology) throws(OptimizerError) -> Allocation {
        guard pthread_equal(owner, pthread_self()) != 0 else { throw .wrongThread("IncrementalOptimizer") }
        let start = ContinuousClock.now
        guard options.objective == .maxWeightedThroughput, sameShape(newTopology), !reconnects(newTopology) else {
            return try rebuild(newTopology)
        }
        let usable = 1 - options.headroom
        if let coarse = setup.space as? SpineLeafRouteSpace {
            guard let relaxed = SpineLeafRouteSpace(topology: newTopology, layers: coarse.layers, grouping: .given(coarse.groups)) else {
                return try rebuild(newTopology)
            }
            try resolve(with: relaxed, topology: newTopology)
            let flows = master.flows()
            if relaxed.isExact {
                return finish(flows: flows, space: relaxed, kind: .warm, start: start)
            }
            guard let fine = SpineLeafRouteSpace(topology: newTopology, layers: coarse.layers, grouping: .given(relaxed.refinedGroups(for: newTopology))),
                  let split = SpineGroupSplit.split(flows, commodities: setup.commodities, coarse: relaxed, fine: fine, usable: usable, scale: setup.scale) else {
                return try rebuild(newTopology)
            }
            return finish(flows: split, space: fine, kind: .warmSplit, start: start)
        }
        guard let current = setup.space as? any LinkRouteSpace else { return try rebuild(newTopology) }
        let updated = current.updated(for: newTopology)
        try resolve(with: updated, topology: newTopology)
        let flows = master.flows()
        return finish(flows: flows, space: updated, kind: .warm, start: start)
    }

    /// Fails or restores the cable between two switches (both directions) and re-optimizes.
    @discardableResult
    public func setCable(between first: String, and second: String, up: Bool) throws(OptimizerError) -> Allocation {
        var changed = topology
        var found = false
        for index in changed.links.indices {
            let link = changed.links[index]
            if (link.source.node == first && link.target.node == second) || (link.source.node == second && link.target.node == first) {
                changed.links[index].isUp = up
                found = true
            }
        }
        guard found else { throw .unknownNode("cable \(first)<->\(second)") }
        return try update(topology: changed)
    }

    // MARK: Steps

    /// Re-bounds changed capacity rows and re-solves warm, with pricing.
    private func resolve(with space: any RouteSpace, topology newTopology: Topology) throws(OptimizerError) {
        let old = master.fabricCapacity
        var tightened = false
        for (resource, capacity) in space.capacities.enumerated() {
            let value = capacity / setup.scale
            if value != old[resource] {
                tightened = tightened || value < old[resource]
                master.setFabricCapacity(resource, value)
            }
        }
        master.space = space
        setup.space = space
        setup.topology = newTopology
        topology = newTopology
        try master.generateColumns(first: tightened ? .dual : .primal, pricing: Optimization.needsPricing(setup), stage: "re-optimization")
    }

    private func finish(flows: [SpineGroupSplit.Flow], space: any RouteSpace, kind: UpdateKind, start: ContinuousClock.Instant) -> Allocation {
        lastUpdateKind = kind
        allocation = AllocationBuilder(setup: setup, space: space)
            .build(flows: flows, objectiveValue: master.objectiveValue * setup.scale, solveSeconds: (ContinuousClock.now - start).seconds,
                   statistics: master.statistics)
        return allocation
    }

    private func rebuild(_ newTopology: Topology) throws(OptimizerError) -> Allocation {
        let solved = try FreshSolve.solve(topology: newTopology, demands: demands, options: options, relaxFirst: true)
        setup = solved.setup
        master = solved.master
        allocation = solved.allocation
        topology = newTopology
        lastUpdateKind = .rebuilt
        return allocation
    }

    /// Same switches (names, roles), hosts and link endpoints, and the same host-port capacities: only
    /// fabric link capacities and up/down states differ.
    private func sameShape(_ other: Topology) -> Bool {
        guard other.links.count == topology.links.count, other.switches.count == topology.switches.count, other.hosts == topology.hosts else { return false }
        for (old, new) in zip(topology.switches, other.switches) where old.name != new.name || old.role != new.role {
            return false
        }
        guard zip(topology.links, other.links).allSatisfy({ $0.source == $1.source && $0.target == $1.target }) else { return false }
        guard let access = try? ResolvedDemands.resolve(demands, in: other).access else { return false }
        return access.map(\.capacityBps) == setup.resolved.access.map(\.capacityBps)
    }

    /// Whether a demand that had no route now has one (it is not a column yet, so rebuild).
    private func reconnects(_ other: Topology) -> Bool {
        guard !setup.disconnected.isEmpty else { return false }
        let probe = SimplePathRouteSpace(topology: other)
        return setup.disconnected.contains { index in
            let entry = setup.resolved.entries[index]
            guard let source = probe.endpoint(of: entry.sourceSwitch), let destination = probe.endpoint(of: entry.destinationSwitch) else { return false }
            return probe.initialRoute(from: source, to: destination) != nil
        }
    }
}
