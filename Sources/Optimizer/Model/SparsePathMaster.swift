import Foundation

/// The path LP of a general graph (a WAN), grown by column generation, in which a commodity gets a
/// demand row only once it has a second route.
///
/// On a backbone with tens of thousands of demands, most demands keep a single route at the
/// optimum. With a row per demand the simplex would carry some 50,000 rows for 2,000 links; here a
/// commodity with one route is just a bounded column — its rate is the column's upper bound, or the
/// column's fixed value when every demand must be served — and its row (Σ routes ≤ rate, or = rate)
/// is added when pricing gives it a second route. The LP is the full path LP all the same: a
/// single-route commodity's missing row has the dual its column's bound carries (the column's
/// reduced cost when it sits at that bound, else 0), and pricing uses exactly that, so when no route
/// improves, the duals are feasible for the LP over every simple path (the arc-formulation optimum).
///
/// Two models:
/// - `weightedThroughput`: maximize Σ weight · flow with Σ flow ≤ capacity · (1 − headroom) per link.
/// - `servingAll`: every demand served in full; minimize u with Σ flow ≤ capacity · u per link. When
///   its optimum has u ≤ 1 − headroom and every weight is positive, it is min-mlu's lexicographic
///   optimum: stage 1 then serves everything, so stage 2's throughput floor fixes every rate.
///
/// Pricing is one shortest-path tree per source under the link duals
/// (`SimplePathRouteSpace.cheapestRoutes`); every improving route is added each round and the LP is
/// re-solved warm with the primal simplex, never rebuilt.
///
/// Owns a `LinearProgram`, so it inherits its thread rule: one thread for its whole life.
final class SparsePathMaster {
    enum Model {
        case weightedThroughput
        case servingAll
    }

    typealias Column = PathColumn
    private typealias ColumnKey = PathColumn.Key

    let lp: LinearProgram
    let model: Model
    let space: SimplePathRouteSpace
    let commodities: [Commodity]
    /// Fabric capacities in LP units, before headroom.
    let fabricCapacity: [Double]
    let accessCapacity: [Double]
    let headroom: Double

    private let accessRowBase: Int
    /// Column of u in the `servingAll` model.
    private let utilizationColumn: Int?
    private let routeColumnBase: Int
    private(set) var columns: [Column] = []
    /// Route columns (indices into `columns`) of each commodity.
    private var columnsOf: [[Int]]
    /// Demand row of each commodity that has one.
    private var demandRow: [Int?]
    private var present: Set<ColumnKey> = []

    private(set) var lpSolves = 0
    private(set) var pricingRounds = 0

    /// Reduced cost a new column must beat (GLPK's own dual tolerance is 1e-7).
    static let pricingTolerance = 1e-7

    /// Builds the model with each commodity on its fewest-hop route. Returns nil when a commodity
    /// has no route, or, for `servingAll`, when the demands alone overfill a host port (the model
    /// would be infeasible).
    init?(space: SimplePathRouteSpace, commodities: [Commodity], fabricCapacity: [Double], accessCapacity: [Double],
          headroom: Double, model: Model, name: String) {
        self.space = space
        self.commodities = commodities
        self.fabricCapacity = fabricCapacity
        self.accessCapacity = accessCapacity
        self.headroom = headroom
        self.model = model
        columnsOf = Array(repeating: [], count: commodities.count)
        demandRow = Array(repeating: nil, count: commodities.count)
        lp = LinearProgram(direction: model == .weightedThroughput ? .maximize : .minimize, name: name)

        let usable = 1 - headroom
        let lp = self.lp
        lp.addRows(fabricCapacity.map { model == .servingAll ? .upper(0) : .upper($0 * usable) })
        accessRowBase = lp.addRows(accessCapacity.map { .upper($0) })
        switch model {
        case .weightedThroughput:
            utilizationColumn = nil
        case .servingAll:
            let rows = fabricCapacity.indices.filter { fabricCapacity[$0] > 0 }
            utilizationColumn = lp.addColumns([LinearProgram.Column(bound: .lower(0), objective: 1,
                                                                    rows: rows.map { Int32($0) }, values: rows.map { -fabricCapacity[$0] })])
        }
        routeColumnBase = lp.columnCount

        var routes: [(commodity: Int, route: RouteShape)] = []
        routes.reserveCapacity(commodities.count)
        for (index, commodity) in commodities.enumerated() {
            guard let route = space.initialRoute(from: commodity.source, to: commodity.destination) else { return nil }
            routes.append((index, route))
        }
        if model == .servingAll, !servesAccessDemand() { return nil }
        add(routes)
        startingBasis()
    }

    // MARK: Columns

    /// Adds routes not already present (giving a demand row to every commodity that gets its
    /// second route); returns how many were added.
    @discardableResult
    private func add(_ routes: [(commodity: Int, route: RouteShape)]) -> Int {
        var fresh: [(commodity: Int, route: RouteShape)] = []
        for (commodity, route) in routes where present.insert(ColumnKey(commodity: commodity, tag: route.tag)).inserted {
            fresh.append((commodity, route))
        }
        let needRows = Array(Set(fresh.lazy.map(\.commodity).filter { self.demandRow[$0] == nil && !self.columnsOf[$0].isEmpty })).sorted()
        if !needRows.isEmpty {
            let first = lp.addRows(needRows.map { model == .servingAll ? .fixed(commodities[$0].rate) : .upper(commodities[$0].rate) })
            for (offset, commodity) in needRows.enumerated() {
                let row = first + offset
                demandRow[commodity] = row
                let only = routeColumnBase + columnsOf[commodity][0]
                lp.setRowEntries(row, columns: [Int32(only)], values: [1])
                if model == .servingAll {
                    // The fixed column becomes one route among several, at its current value.
                    let atRate = lp.isAtUpperBound(only)
                    lp.setColumnBound(only, .range(0, commodities[commodity].rate))
                    if atRate { lp.setNonBasicAtUpper(only) }
                }
            }
        }
        var specs: [LinearProgram.Column] = []
        specs.reserveCapacity(fresh.count)
        for (commodity, route) in fresh {
            let single = columnsOf[commodity].isEmpty && model == .servingAll
            columnsOf[commodity].append(columns.count)
            columns.append(Column(commodity: commodity, route: route))
            specs.append(columnSpec(commodity: commodity, route: route, fixed: single))
        }
        lp.addColumns(specs)
        return specs.count
    }

    private func columnSpec(commodity index: Int, route: RouteShape, fixed: Bool) -> LinearProgram.Column {
        let commodity = commodities[index]
        var rows: [Int32] = []
        var values: [Double] = []
        rows.reserveCapacity(route.resources.count + commodity.access.count + 1)
        if let row = demandRow[index] {
            rows.append(Int32(row))
            values.append(1)
        }
        for resource in route.resources {
            rows.append(Int32(resource))
            values.append(1)
        }
        for access in commodity.access {
            rows.append(Int32(accessRowBase + access))
            values.append(1)
        }
        return LinearProgram.Column(bound: fixed ? .fixed(commodity.rate) : .range(0, commodity.rate),
                                    objective: objectiveCoefficient(index), rows: rows, values: values)
    }

    private func objectiveCoefficient(_ commodity: Int) -> Double {
        model == .weightedThroughput ? commodities[commodity].weight : 0
    }

    /// Whether every host port can carry all the demands that use it.
    private func servesAccessDemand() -> Bool {
        var load = Array(repeating: 0.0, count: accessCapacity.count)
        for commodity in commodities {
            for access in commodity.access { load[access] += commodity.rate }
        }
        return zip(load, accessCapacity).allSatisfy { $0 <= $1 * (1 + 1e-12) }
    }

    /// A feasible starting basis. Weighted throughput: routes at their rate, highest weight first,
    /// while every row they use has room. Serving all: u basic at the highest link utilization, the
    /// row of that link non-basic at its bound.
    private func startingBasis() {
        var load = Array(repeating: 0.0, count: fabricCapacity.count)
        switch model {
        case .weightedThroughput:
            let usable = 1 - headroom
            var room = fabricCapacity.map { $0 * usable }
            var accessRoom = accessCapacity
            let order = columns.indices.sorted { (-commodities[columns[$0].commodity].weight, $0) < (-commodities[columns[$1].commodity].weight, $1) }
            for column in order {
                let commodity = commodities[columns[column].commodity]
                guard commodity.rate > 0, columns[column].route.resources.allSatisfy({ room[$0] >= commodity.rate }),
                      commodity.access.allSatisfy({ accessRoom[$0] >= commodity.rate }) else { continue }
                for resource in columns[column].route.resources { room[resource] -= commodity.rate }
                for access in commodity.access { accessRoom[access] -= commodity.rate }
                lp.setNonBasicAtUpper(routeColumnBase + column)
            }
        case .servingAll:
            for column in columns {
                for resource in column.route.resources { load[resource] += commodities[column.commodity].rate }
            }
            guard let utilizationColumn,
                  let busiest = fabricCapacity.indices.filter({ fabricCapacity[$0] > 0 }).max(by: { load[$0] / fabricCapacity[$0] < load[$1] / fabricCapacity[$1] })
            else { return }
            lp.exchange(basicColumn: utilizationColumn, rowAtUpper: busiest)
        }
    }

    // MARK: Solving

    /// Solves, then prices and adds improving routes and re-solves (warm, primal) until none improves.
    /// `progress` hears each round: its number, the routes added, the objective before them.
    func generateColumns(stage: String, progress: (_ round: Int, _ added: Int, _ objective: Double) -> Void) throws(OptimizerError) {
        try solve(stage: stage)
        while true {
            let added = price()
            guard added > 0 else { return }
            pricingRounds += 1
            progress(pricingRounds, added, lp.objectiveValue)
            try solve(stage: stage)
        }
    }

    private func solve(stage: String) throws(OptimizerError) {
        _ = try lp.simplex(.primal, stage: stage)
        lpSolves += 1
    }

    /// Adds, for every commodity, its cheapest route under the current link duals when that route
    /// is new and has a positive reduced cost. Returns the number added.
    private func price() -> Int {
        let duals = lp.rowDuals()
        let sense: Double = lp.direction == .maximize ? 1 : -1
        let costs = fabricCapacity.indices.map { max(0, sense * duals[$0]) }
        let cheapest = space.cheapestRoutes(for: commodities.map { ($0.source, $0.destination) }, costs: costs)
        var additions: [(commodity: Int, route: RouteShape)] = []
        for (commodity, best) in zip(commodities.indices, cheapest) {
            guard let best, commodities[commodity].rate > 0,
                  !present.contains(ColumnKey(commodity: commodity, tag: best.route.tag)) else { continue }
            var reduced = objectiveCoefficient(commodity) - demandDual(commodity, duals: duals)
            for resource in best.route.resources { reduced -= duals[resource] }
            for access in commodities[commodity].access { reduced -= duals[accessRowBase + access] }
            if sense * reduced > Self.pricingTolerance * (1 + abs(objectiveCoefficient(commodity))) {
                additions.append((commodity, best.route))
            }
        }
        return add(additions)
    }

    /// The dual of a commodity's demand row; for a commodity without one, the dual its only
    /// column's bound carries (its reduced cost when at its upper or fixed bound, else 0).
    private func demandDual(_ commodity: Int, duals: [Double]) -> Double {
        if let row = demandRow[commodity] { return duals[row] }
        guard let only = columnsOf[commodity].first else { return 0 }
        let column = routeColumnBase + only
        return lp.isAtUpperBound(column) ? lp.columnDual(column) : 0
    }

    // MARK: Results

    var objectiveValue: Double { lp.objectiveValue }

    /// Every route column with a positive flow.
    func flows() -> [SpineGroupSplit.Flow] {
        let values = lp.columnValues()
        return columns.indices.compactMap { index in
            let flow = values[routeColumnBase + index]
            return flow > 0 ? (commodity: columns[index].commodity, route: columns[index].route, flow: flow) : nil
        }
    }

    var statistics: SolveStatistics {
        SolveStatistics(lpSolves: lpSolves, columns: columns.count, rows: lp.rowCount, pricingRounds: pricingRounds, simplexIterations: lp.iterationCount)
    }
}

extension SparsePathMaster {
    /// Solves `setup` with a sparse path master when it applies: a general graph priced over every
    /// simple path, max-weighted-throughput or min-mlu. Returns nil when it does not apply — another
    /// space or objective, a min-mlu whose demands do not all fit (u above 1 − headroom, so the
    /// two-stage solve is needed), a class of weight 0 — or when GLPK fails, so the caller falls back
    /// to the general master.
    static func allocation(for setup: ProblemSetup, start: ContinuousClock.Instant, progress: (SolveProgress) -> Void) -> Allocation? {
        guard let space = setup.space as? SimplePathRouteSpace, !space.isRestricted, setup.options.method == .columnGeneration,
              !setup.commodities.isEmpty else { return nil }
        let model: Model
        switch setup.options.objective {
        case .maxWeightedThroughput:
            model = .weightedThroughput
        case .minMLU:
            guard setup.commodities.allSatisfy({ $0.weight > 0 }) else { return nil }
            model = .servingAll
        case .priorityMaxMin:
            return nil
        }
        let name = "'\(setup.topology.name)' \(setup.options.objective.rawValue) (\(setup.commodities.count) demands, sparse paths)"
        guard let master = SparsePathMaster(space: space, commodities: setup.commodities, fabricCapacity: setup.fabricCapacities,
                                            accessCapacity: setup.accessCapacities, headroom: setup.options.headroom, model: model, name: name)
        else { return nil }
        do {
            try master.generateColumns(stage: setup.options.objective.rawValue) { round, added, objective in
                progress(SolveProgress(round: round, pathsAdded: added, objectiveValue: model == .servingAll ? objective : objective * setup.scale))
            }
        } catch {
            return nil
        }
        let value: Double
        switch model {
        case .weightedThroughput:
            value = master.objectiveValue * setup.scale
        case .servingAll:
            value = master.objectiveValue
            guard value <= (1 - setup.options.headroom) * (1 + 1e-9) else { return nil }
        }
        return AllocationBuilder(setup: setup, space: space)
            .build(flows: master.flows(), objectiveValue: value, solveSeconds: (ContinuousClock.now - start).seconds, statistics: master.statistics)
    }
}
