import Foundation

/// Exact priority-maxmin without one LP per bottleneck: water-filling over a relaxation of the
/// routing problem, tightened by metric inequalities until its answer can be routed.
///
/// The relaxation keeps every demand's rate, every host port, and per endpoint switch the capacity
/// leaving and entering it (every route from an endpoint leaves it on one of its out-links).
/// `WaterFilling` gives the relaxation's strict-priority max-min point x in closed form. One LP then
/// routes x: the demands pooled per endpoint pair (`PairAggregation`), maximize the routed flow under
/// the fabric capacities. When all of x is routed, x is routable, and being the priority-maxmin
/// optimum of a superset of the routable rates it is the optimum of the routable rates — exact, per
/// class and within each class. When the LP routes less, its fabric duals y give a metric inequality
/// Σ_pairs dist_y(pair) · x(pair) ≤ Σ_r y_r · capacity_r that every routable x satisfies (each unit
/// of a pair crosses a path at least dist_y long) and this x violates (LP duality: the LP's optimum
/// is below Σ x). It joins the relaxation and the filling runs again. On a spine-leaf fabric whose
/// spines differ only by a few degraded cables the first x is usually routable already, so the whole
/// solve is one water-filling and one max-flow-like LP instead of one LP per bottleneck level.
///
/// `solve` returns nil after `maximumRounds` or on numerical trouble (no violated cut where the LP
/// says some flow is missing); the caller then runs LP progressive filling.
enum MetricCutMaxMin {
    static let maximumRounds = 40
    /// Fraction of the pooled total the routing LP may miss and still count as routing all of it.
    static let routedTolerance = 1e-9
    /// Distances below this fraction of a cut's largest are rounding noise, taken as zero.
    static let negligibleDistance = 1e-9

    static func solve(_ setup: ProblemSetup, start: ContinuousClock.Instant, safe: Bool) throws(OptimizerError) -> FreshSolve? {
        let commodities = setup.commodities
        let aggregation = PairAggregation(commodities)
        let usable = 1 - setup.options.headroom
        let fabric = setup.fabricCapacities
        var constraints = accessConstraints(setup) + endpointConstraints(setup, aggregation: aggregation, usable: usable)
        let routed = aggregation.pairs.indices.filter { !aggregation.pairs[$0].isLocal }
        let pairEndpoints = routed.map { (aggregation.pairs[$0].source, aggregation.pairs[$0].destination) }
        var statistics = SolveStatistics()
        for round in 1...maximumRounds {
            let rates = WaterFilling(rates: commodities.map(\.rate), priorities: commodities.map(\.priority), constraints: constraints).fill()
            let totals = aggregation.totals(rates)
            let pooled = routed.map { pair in
                Commodity(entry: pair, source: aggregation.pairs[pair].source, destination: aggregation.pairs[pair].destination,
                          rate: totals[pair], weight: 1, priority: 0, access: [])
            }
            if round == 1, let split = splitOntoSpines(setup, pooled: pooled, usable: usable) {
                let flows = split.map { (pair: routed[$0.commodity], route: $0.route, flow: $0.flow) }
                return finish(setup, aggregation: aggregation, rates: rates, totals: totals, flows: flows, start: start,
                              master: try Optimization.makeMaster(setup, commodities: [], mode: .weightedThroughput, safe: safe), statistics: statistics)
            }
            let master = try Optimization.makeMaster(setup, commodities: pooled, mode: .weightedThroughput, demandRows: true, safe: safe)
            master.crashStart()
            try master.generateColumns(first: .primal, pricing: Optimization.needsPricing(setup), stage: "priority-maxmin routing check, round \(round)")
            statistics.add(master.statistics)
            let wanted = pooled.reduce(0) { $0 + $1.rate }
            if master.objectiveValue >= wanted - routedTolerance * max(1, wanted) {
                let flows = master.flows().map { (pair: routed[$0.commodity], route: $0.route, flow: $0.flow) }
                return finish(setup, aggregation: aggregation, rates: rates, totals: totals, flows: flows, start: start, master: master, statistics: statistics)
            }
            let metric = master.fabricDuals()
            // A distance that is zero but for rounding (a sum of duals, ~1e-16) would tie its pair to
            // the cut: a full cut freezes every member, however small its coefficient, so the filling
            // would hold back pairs the cut does not constrain. Dropping such members only weakens the
            // inequality, so it stays valid.
            let exact = setup.space.cheapestRoutes(for: pairEndpoints, costs: metric).map { $0?.cost ?? 0 }
            let negligible = Self.negligibleDistance * (exact.max() ?? 0)
            let distances = exact.map { $0 > negligible ? $0 : 0 }
            let bound = zip(metric, fabric).reduce(0) { $0 + $1.0 * $1.1 * usable }
            let load = zip(distances, pooled).reduce(0) { $0 + $1.0 * $1.1.rate }
            guard load > bound + routedTolerance * max(1, bound) else { return nil }
            var members: [(demand: Int, coefficient: Double)] = []
            for (position, pair) in routed.enumerated() where distances[position] > 0 {
                members += aggregation.pairs[pair].members.map { ($0, distances[position]) }
            }
            constraints.append(WaterFilling.Constraint(members: members, capacity: bound))
        }
        return nil
    }

    /// The allocation from routed pooled flows (local pairs added), split back onto the demands.
    private static func finish(_ setup: ProblemSetup, aggregation: PairAggregation, rates: [Double], totals: [Double],
                               flows pooledFlows: [(pair: Int, route: RouteShape, flow: Double)], start: ContinuousClock.Instant,
                               master: MasterProblem, statistics: SolveStatistics) -> FreshSolve {
        var flows = pooledFlows
        for pair in aggregation.pairs.indices where aggregation.pairs[pair].isLocal && totals[pair] > 0 {
            if let local = setup.space.initialRoute(from: aggregation.pairs[pair].source, to: aggregation.pairs[pair].destination) {
                flows.append((pair: pair, route: local, flow: totals[pair]))
            }
        }
        let split = aggregation.disaggregate(flows, rates: rates)
        var served = Array(repeating: 0.0, count: setup.commodities.count)
        for flow in split { served[flow.commodity] += flow.flow }
        let value = zip(setup.commodities, served).reduce(0) { $0 + $1.0.weight * $1.1 } * setup.scale
        let allocation = AllocationBuilder(setup: setup, space: setup.space)
            .build(flows: split, objectiveValue: value, solveSeconds: (ContinuousClock.now - start).seconds, statistics: statistics)
        return FreshSolve(setup: setup, master: master, allocation: allocation, split: false)
    }

    /// On a spine-leaf fabric, routes the pooled rates without an LP when it can: they fit every
    /// leaf's summed uplinks and downlinks (the relaxation's endpoint constraints), so they are a
    /// routing over one group of all spines, and `SpineGroupSplit` splits that onto the exact groups
    /// by bounded flows. A split found is a routing within every capacity — the certificate the LP
    /// would give; nil (no split found, or another route space) leaves it to the LP.
    private static func splitOntoSpines(_ setup: ProblemSetup, pooled: [Commodity], usable: Double) -> [SpineGroupSplit.Flow]? {
        guard let fine = setup.space as? SpineLeafRouteSpace,
              let coarse = SpineLeafRouteSpace(topology: setup.topology, layers: fine.layers, grouping: .given([Array(fine.spines.indices)])) else { return nil }
        let flows = pooled.enumerated().compactMap { index, commodity -> SpineGroupSplit.Flow? in
            guard commodity.rate > 0 else { return nil }
            let route = RouteShape(resources: [coarse.upResource(leaf: commodity.source, group: 0), coarse.downResource(group: 0, leaf: commodity.destination)], tag: [0])
            return (commodity: index, route: route, flow: commodity.rate)
        }
        return SpineGroupSplit.split(flows, commodities: pooled, coarse: coarse, fine: fine, usable: usable, scale: setup.scale)
    }

    /// Each host port's capacity, shared by the demands that send or receive through it.
    private static func accessConstraints(_ setup: ProblemSetup) -> [WaterFilling.Constraint] {
        var members = Array(repeating: [(demand: Int, coefficient: Double)](), count: setup.resolved.access.count)
        for (index, commodity) in setup.commodities.enumerated() {
            for access in commodity.access { members[access].append((index, 1)) }
        }
        return zip(members, setup.accessCapacities).map { WaterFilling.Constraint(members: $0, capacity: $1) }
    }

    /// Per endpoint, the capacity of the resources every route leaving it starts on, shared by the
    /// demands leaving it for another endpoint; the same for entering. Empty for a route space whose
    /// first and last resources are not known here (the metric cuts then do all the work).
    private static func endpointConstraints(_ setup: ProblemSetup, aggregation: PairAggregation, usable: Double) -> [WaterFilling.Constraint] {
        var leaving: [Int: [(demand: Int, coefficient: Double)]] = [:]
        var entering: [Int: [(demand: Int, coefficient: Double)]] = [:]
        for pair in aggregation.pairs where !pair.isLocal {
            leaving[pair.source, default: []] += pair.members.map { ($0, 1) }
            entering[pair.destination, default: []] += pair.members.map { ($0, 1) }
        }
        let fabric = setup.fabricCapacities
        let resources: (_ endpoint: Int, _ out: Bool) -> [Int]
        switch setup.space {
        case let space as SpineLeafRouteSpace:
            resources = { endpoint, out in
                space.groups.indices.map { out ? space.upResource(leaf: endpoint, group: $0) : space.downResource(group: $0, leaf: endpoint) }
            }
        case let space as any LinkRouteSpace:
            var outLinks = Array(repeating: [Int](), count: space.graph.nodeCount)
            var inLinks = Array(repeating: [Int](), count: space.graph.nodeCount)
            for edge in space.graph.edges {
                outLinks[edge.from].append(edge.linkIndex)
                inLinks[edge.to].append(edge.linkIndex)
            }
            resources = { endpoint, out in out ? outLinks[endpoint] : inLinks[endpoint] }
        default:
            return []
        }
        func constraint(_ endpoint: Int, _ members: [(demand: Int, coefficient: Double)], out: Bool) -> WaterFilling.Constraint {
            WaterFilling.Constraint(members: members, capacity: resources(endpoint, out).reduce(0) { $0 + fabric[$1] } * usable)
        }
        return leaving.keys.sorted().map { constraint($0, leaving[$0]!, out: true) }
            + entering.keys.sorted().map { constraint($0, entering[$0]!, out: false) }
    }
}

extension SolveStatistics {
    /// Adds another solve's work; columns and rows become the other's (the latest model's size).
    mutating func add(_ other: SolveStatistics) {
        lpSolves += other.lpSolves
        pricingRounds += other.pricingRounds
        simplexIterations += other.simplexIterations
        columns = other.columns
        rows = other.rows
    }
}
