/// The path-formulation LP over a route space, solved with GLPK and grown by column generation.
///
/// Rows: one per commodity (Σ routes ≤ rate, or the max-min level constraint) unless each commodity
/// has a single route, in which case the rate is that column's upper bound; one per fabric resource
/// (Σ flow ≤ capacity·(1−headroom), or ≤ capacity·u for min-MLU); one per host access port; and, in the
/// second min-MLU stage, the weighted-throughput floor. Columns: the auxiliary variable (u or the
/// max-min level t) when the mode has one, then one per route. Values are in LP units (bit/s / scale).
///
/// Owns a `LinearProgram`, so it inherits its thread rule: one thread for its whole life.
final class MasterProblem {
    enum Mode {
        /// Maximize Σ weight · flow.
        case weightedThroughput
        /// Stage 1 maximizes weighted throughput with u fixed at 1 − headroom; stage 2 minimizes u.
        case minMLU
        /// Maximize the level t of the active commodities (progressive filling).
        case maxMin
    }

    /// State of a commodity's row in max-min mode.
    enum Level {
        /// Not yet considered (a lower class): carries nothing.
        case inactive
        /// Being filled: Σ routes ≥ t.
        case active
        /// Fixed at a rate found earlier.
        case frozen(Double)
    }

    typealias Column = PathColumn
    private typealias ColumnKey = PathColumn.Key

    let lp: LinearProgram
    let mode: Mode
    /// Replaced (same resource indexing) when the topology changes under an incremental optimizer.
    var space: any RouteSpace
    let commodities: [Commodity]
    let headroom: Double
    let usesDemandRows: Bool
    /// Fabric capacities in LP units, before headroom.
    private(set) var fabricCapacity: [Double]
    let accessCapacity: [Double]

    private let fabricRowBase: Int
    private let accessRowBase: Int
    private(set) var floorRow: Int?
    /// Column of u (min-MLU) or t (max-min).
    let auxColumn: Int?
    private let routeColumnBase: Int
    private(set) var columns: [Column] = []
    private var present: Set<ColumnKey> = []
    private(set) var levels: [Level]

    private(set) var lpSolves = 0
    private(set) var pricingRounds = 0
    /// Built for a retry after a solver failure: scaled, no crash start.
    let safe: Bool

    /// Reduced cost a new column must beat (GLPK's own dual tolerance is 1e-7).
    static let pricingTolerance = 1e-7

    init(space: any RouteSpace, commodities: [Commodity], fabricCapacity: [Double], accessCapacity: [Double],
         headroom: Double, mode: Mode, usesDemandRows: Bool, name: String = "master", safe: Bool = false) {
        self.space = space
        self.commodities = commodities
        self.fabricCapacity = fabricCapacity
        self.accessCapacity = accessCapacity
        self.headroom = headroom
        self.mode = mode
        self.usesDemandRows = usesDemandRows || mode == .maxMin
        self.levels = Array(repeating: mode == .maxMin ? .inactive : .active, count: commodities.count)
        lp = LinearProgram(direction: .maximize, name: name)
        lp.scales = safe
        self.safe = safe

        if self.usesDemandRows {
            lp.addRows(commodities.map { mode == .maxMin ? .fixed(0) : .upper($0.rate) })
        }
        let usable = 1 - headroom
        let lp = self.lp
        let fabricRowBase = lp.addRows(fabricCapacity.map { mode == .minMLU ? .upper(0) : .upper($0 * usable) })
        self.fabricRowBase = fabricRowBase
        accessRowBase = lp.addRows(accessCapacity.map { .upper($0) })
        switch mode {
        case .weightedThroughput:
            auxColumn = nil
        case .minMLU:
            let rows = fabricCapacity.indices.filter { fabricCapacity[$0] > 0 }
            auxColumn = lp.addColumns([LinearProgram.Column(
                bound: .fixed(usable), objective: 0,
                rows: rows.map { Int32(fabricRowBase + $0) }, values: rows.map { -fabricCapacity[$0] })])
        case .maxMin:
            auxColumn = lp.addColumns([LinearProgram.Column(bound: .range(0, 0), objective: 1, rows: [], values: [])])
        }
        routeColumnBase = lp.columnCount
    }

    // MARK: Columns

    /// Adds routes not already present; returns how many were added.
    @discardableResult
    func add(_ routes: [(commodity: Int, route: RouteShape)]) -> Int {
        var specs: [LinearProgram.Column] = []
        for (commodity, route) in routes where present.insert(ColumnKey(commodity: commodity, tag: route.tag)).inserted {
            columns.append(Column(commodity: commodity, route: route))
            specs.append(columnSpec(commodity: commodity, route: route))
        }
        lp.addColumns(specs)
        return specs.count
    }

    func contains(commodity: Int, route: RouteShape) -> Bool {
        present.contains(ColumnKey(commodity: commodity, tag: route.tag))
    }

    private func columnSpec(commodity index: Int, route: RouteShape) -> LinearProgram.Column {
        let commodity = commodities[index]
        var rows: [Int32] = []
        var values: [Double] = []
        rows.reserveCapacity(route.resources.count + commodity.access.count + 2)
        if usesDemandRows {
            rows.append(Int32(index))
            values.append(1)
        }
        for resource in route.resources {
            rows.append(Int32(fabricRowBase + resource))
            values.append(1)
        }
        for access in commodity.access {
            rows.append(Int32(accessRowBase + access))
            values.append(1)
        }
        if let floorRow {
            rows.append(Int32(floorRow))
            values.append(commodity.weight)
        }
        return LinearProgram.Column(bound: .range(0, commodity.rate), objective: objectiveCoefficient(index), rows: rows, values: values)
    }

    private var inSecondMLUStage: Bool { floorRow != nil }

    private func objectiveCoefficient(_ commodity: Int) -> Double {
        switch mode {
        case .weightedThroughput: return commodities[commodity].weight
        case .minMLU: return inSecondMLUStage ? 0 : commodities[commodity].weight
        case .maxMin: return 0
        }
    }

    /// Marks routes non-basic at their upper bound, highest weight first, while every row they use
    /// has room: a feasible starting point close to the optimum. Only valid on a fresh model.
    func crashStart() {
        guard mode != .maxMin, lpSolves == 0, !safe else { return }
        var room = Array(repeating: 0.0, count: lp.rowCount)
        let usable = 1 - headroom
        for (index, capacity) in fabricCapacity.enumerated() { room[fabricRowBase + index] = capacity * usable }
        for (index, capacity) in accessCapacity.enumerated() { room[accessRowBase + index] = capacity }
        let order = columns.indices.sorted { (-commodities[columns[$0].commodity].weight, $0) < (-commodities[columns[$1].commodity].weight, $1) }
        var served = Array(repeating: false, count: commodities.count)
        for column in order {
            let commodity = columns[column].commodity
            let rate = commodities[commodity].rate
            guard !served[commodity], rate > 0 else { continue }
            let rows = columns[column].route.resources.map { fabricRowBase + $0 } + commodities[commodity].access.map { accessRowBase + $0 }
            guard rows.allSatisfy({ room[$0] >= rate }) else { continue }
            for row in rows { room[row] -= rate }
            served[commodity] = true
            lp.setNonBasicAtUpper(routeColumnBase + column)
        }
    }

    // MARK: Solving

    /// One simplex run from the current basis.
    func solve(_ method: LinearProgram.Method, stage: String) throws(OptimizerError) {
        guard lp.columnCount > 0, lp.rowCount > 0 else { return }
        _ = try lp.simplex(method, stage: stage)
        lpSolves += 1
    }

    /// Solves, then prices and adds improving routes and re-solves (warm, primal) until none improves.
    /// `pricing` is false when every route of the space is already a column.
    func generateColumns(first method: LinearProgram.Method, pricing: Bool, stage: String) throws(OptimizerError) {
        try solve(method, stage: stage)
        guard pricing else { return }
        while price() > 0 {
            pricingRounds += 1
            try solve(.primal, stage: stage)
        }
    }

    /// Adds, for every commodity that may still change, its cheapest route under the current duals
    /// if that route is new and has a positive reduced cost — at most `pricingBatch` of them per
    /// round, the most improving first (smaller rounds keep the degenerate re-solves short).
    /// Returns the number added.
    func price() -> Int {
        let duals = lp.rowDuals()
        let sense: Double = lp.direction == .maximize ? 1 : -1
        let costs = fabricCosts(duals)
        let candidates = commodities.indices.filter { levelAllowsPricing($0) }
        let cheapest = space.cheapestRoutes(for: candidates.map { (commodities[$0].source, commodities[$0].destination) }, costs: costs)
        var additions: [(commodity: Int, route: RouteShape, gain: Double)] = []
        for (commodity, best) in zip(candidates, cheapest) {
            guard let best, !contains(commodity: commodity, route: best.route) else { continue }
            var reduced = objectiveCoefficient(commodity)
            if usesDemandRows { reduced -= duals[commodity] }
            for resource in best.route.resources { reduced -= duals[fabricRowBase + resource] }
            for access in commodities[commodity].access { reduced -= duals[accessRowBase + access] }
            if let floorRow { reduced -= commodities[commodity].weight * duals[floorRow] }
            let gain = sense * reduced
            if gain > Self.pricingTolerance * (1 + abs(objectiveCoefficient(commodity))) {
                additions.append((commodity, best.route, gain))
            }
        }
        if additions.count > pricingBatch {
            additions = Array(additions.sorted { ($0.gain, -$0.commodity) > ($1.gain, -$1.commodity) }.prefix(pricingBatch))
        }
        return add(additions.map { ($0.commodity, $0.route) })
    }

    /// The price of one unit on each fabric resource under the current duals (≥ 0, in the objective's
    /// units per LP unit): what pricing charges a route, and the metric of a metric inequality.
    func fabricDuals() -> [Double] {
        fabricCosts(lp.rowDuals())
    }

    private func fabricCosts(_ duals: [Double]) -> [Double] {
        let sense: Double = lp.direction == .maximize ? 1 : -1
        return fabricCapacity.indices.map { max(0, sense * duals[fabricRowBase + $0]) }
    }

    /// Most columns one pricing round adds.
    private var pricingBatch: Int { max(100, commodities.count / 8) }

    private func levelAllowsPricing(_ commodity: Int) -> Bool {
        if case .inactive = levels[commodity] { return false }
        return commodities[commodity].rate > 0
    }

    var objectiveValue: Double { lp.objectiveValue }

    /// Flow of every route column with a positive value, in column order.
    func routeFlows() -> [(column: Column, flow: Double)] {
        let values = lp.columnValues()
        return columns.indices.compactMap { index in
            let flow = values[routeColumnBase + index]
            return flow > 0 ? (columns[index], flow) : nil
        }
    }

    /// `routeFlows()` as (commodity, route, flow) triples.
    func flows() -> [SpineGroupSplit.Flow] {
        routeFlows().map { (commodity: $0.column.commodity, route: $0.column.route, flow: $0.flow) }
    }

    /// Total flow per commodity.
    func servedPerCommodity() -> [Double] {
        var served = Array(repeating: 0.0, count: commodities.count)
        for (column, flow) in routeFlows() { served[column.commodity] += flow }
        return served
    }

    // MARK: Capacity changes

    /// Sets a fabric resource's capacity (LP units) in place, keeping the basis.
    func setFabricCapacity(_ resource: Int, _ capacity: Double) {
        fabricCapacity[resource] = capacity
        switch mode {
        case .minMLU:
            if let auxColumn {
                let rows = fabricCapacity.indices.filter { fabricCapacity[$0] > 0 }
                lp.setColumnEntries(auxColumn, rows: rows.map { Int32(fabricRowBase + $0) }, values: rows.map { -fabricCapacity[$0] })
            }
        case .weightedThroughput, .maxMin:
            lp.setRowBound(fabricRowBase + resource, .upper(capacity * (1 - headroom)))
        }
    }

    // MARK: Min-MLU second stage

    /// Keeps the weighted throughput found in stage 1 (Σ weight · flow ≥ floor) and switches the
    /// objective to minimizing u. The stage-1 optimum satisfies the floor, so stage 2 is feasible.
    func beginMLUStage(floor: Double) {
        guard mode == .minMLU, let auxColumn, floorRow == nil else { return }
        let row = lp.addRows([.lower(floor)])
        floorRow = row
        let routeColumns = columns.indices.map { Int32(routeColumnBase + $0) }
        lp.setRowEntries(row, columns: routeColumns, values: columns.map { commodities[$0.commodity].weight })
        for index in columns.indices { lp.setObjective(routeColumnBase + index, 0) }
        lp.setColumnBound(auxColumn, .range(0, 1 - headroom))
        lp.setObjective(auxColumn, 1)
        lp.setDirection(.minimize)
    }

    /// The value of the auxiliary column (u or t).
    var auxValue: Double { auxColumn.map { lp.columnValue($0) } ?? 0 }

    // MARK: Max-min progressive filling

    /// Sets commodity row states and the level's upper bound; rebuilds t's column.
    func setLevels(_ updates: [(Int, Level)], levelBounds: (lower: Double, upper: Double)) {
        guard mode == .maxMin, let auxColumn else { return }
        for (commodity, level) in updates {
            levels[commodity] = level
            switch level {
            case .inactive: lp.setRowBound(commodity, .fixed(0))
            case .active: lp.setRowBound(commodity, .lower(0))
            case .frozen(let rate): lp.setRowBound(commodity, .fixed(rate))
            }
        }
        let active = commodities.indices.filter { if case .active = levels[$0] { return true } else { return false } }
        lp.setColumnEntries(auxColumn, rows: active.map { Int32($0) }, values: active.map { _ in -1 })
        lp.setColumnBound(auxColumn, .range(levelBounds.lower, max(levelBounds.lower, levelBounds.upper)))
    }

    /// Dual of a commodity's row.
    func demandDual(_ commodity: Int) -> Double {
        usesDemandRows ? lp.rowDual(commodity) : 0
    }

    // MARK: Inspection

    var statistics: SolveStatistics {
        SolveStatistics(lpSolves: lpSolves, columns: columns.count, rows: lp.rowCount, pricingRounds: pricingRounds, simplexIterations: lp.iterationCount)
    }
}
