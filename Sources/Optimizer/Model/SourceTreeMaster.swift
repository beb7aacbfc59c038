import Foundation

/// The LP over every simple path of a general graph (a WAN), solved by Dantzig–Wolfe decomposition
/// of the arc formulation by source: one column per *tree* of a source, never one per demand.
///
/// The arc formulation aggregated by source (`ArcModel`) has, for each source s, the polytope of
/// flows out of s that deliver x(d) ∈ [0, rate(d)] to each of its demands d. Its vertices are
/// shortest-path-like trees rooted at s in which every demand is either served in full along its
/// tree path or not at all (a flow with a fractional demand or two paths to one node has a cycle of
/// free arcs, so it is not a vertex); its rays are cycles, which only use capacity. So the LP over
/// every simple path equals the master
///
///     maximize Σ λ(T)·value(T)  subject to  Σ over trees of s λ(T) ≤ 1 (= 1 when all is served),
///                                            Σ λ(T)·load(T, link) ≤ capacity (link),
///
/// with rows for links, host ports and sources only. A source's demands are split into groups of
/// `groupSize` (by first hop, so a group shares links), each with its own convexity row and trees:
/// finer columns converge in fewer rounds, at 64 demands a group GtsCe (149 nodes, 22,052 demands)
/// has 833 rows where a row per demand gives the simplex 22,000. Pricing a source is one Dijkstra
/// under the link duals; a demand joins its group's tree when its weight beats its path's price.
///
/// Stopping is certified: with each group's best tree priced, z + Σ max(0, reduced cost) bounds
/// the optimum (Lagrangian bound; likewise at any non-negative link prices), so the solve stops
/// when no tree improves or when the best bound is within `relativeGap` of the master's value.
/// Rounds price at duals smoothed towards the best bound's (Wentges). Serving all, the bound is also
/// taken at link lengths that grow with utilization (the duals alone prove little until the end).
/// A tree column non-basic for `dropAfter` solves in a row is deleted (GtsCe: LP 3.2 → 1.0 s CPU,
/// 8,169 → 7,498 iterations, ~1,200 live columns instead of ~5,000). The flows are the master's:
/// each tree with λ > 0 sends λ·rate(d) along the tree path of each demand it serves.
///
/// Two models: `weightedThroughput` (Σλ ≤ 1 per source, the slack being the empty
/// tree) and `servingAll` (every demand in full, Σλ = 1, minimize u with loads ≤ capacity·u).
///
/// Owns a `LinearProgram`, so it inherits its thread rule: one thread for its whole life.
final class SourceTreeMaster {
    enum Model {
        case weightedThroughput
        case servingAll
    }

    /// A tree column: its source group, its parent edges (-1 off the paths it uses), the
    /// commodities it serves. Two trees are the same column when these are equal.
    private struct Tree: Hashable {
        var group: Int
        var parentEdge: [Int32]
        var served: [Int]
    }

    let lp: LinearProgram
    let model: Model
    let space: SimplePathRouteSpace
    let commodities: [Commodity]
    /// Fabric capacities in LP units, before headroom.
    let fabricCapacity: [Double]
    let accessCapacity: [Double]

    /// Source node of each group, and the commodities leaving it.
    private let sources: [Int]
    private let commoditiesOf: [[Int]]
    private let accessRowBase: Int
    private let convexityRowBase: Int
    private let utilizationColumn: Int?
    private let treeColumnBase: Int
    private var trees: [Tree] = []
    private var present: Set<Tree> = []
    /// Solves in a row each tree column has been non-basic (at 0), parallel to `trees`.
    private var idleSolves: [Int] = []
    /// Trees dropped once: when priced again they stay, so dropping cannot cycle.
    private var droppedOnce: Set<Tree> = []
    private(set) var columnsDropped = 0

    private(set) var lpSolves = 0
    private(set) var pricingRounds = 0
    private(set) var lpSeconds = 0.0
    private(set) var pricingSeconds = 0.0
    /// The last proven relative distance between the master's value and the optimum.
    private(set) var provenGap = Double.infinity
    /// Row prices that gave the best Lagrangian bound so far (the smoothing centre), and that bound.
    private var centre: [Double]?
    private var bestBound = Double.infinity
    let headroom: Double

    /// Stop once the Lagrangian bound is this close to the master's value (relative).
    static let relativeGap = 1e-9
    /// Weight of the centre in the prices a round separates with (0: the master's own duals).
    let smoothing: Double
    static let defaultSmoothing = 0.5
    /// Demands of one source per group (one convexity row each). Measured on GtsCe (149 nodes,
    /// 22,052 demands): 64 took 8,169 simplex iterations, 24 took 11,226, 128 took 10,845, one
    /// group per source 10,362 (27 rounds of tailing off); one row per demand, 22,854.
    static let defaultGroupSize = 64
    /// A tree column non-basic after this many solves in a row leaves the LP (it only makes every
    /// simplex iteration dearer); pricing brings it back if it ever improves again.
    let dropAfter: Int
    static let defaultDropAfter = 2

    /// Builds the master with every source's fewest-hop tree. Returns nil when a commodity cannot
    /// reach its destination, or, for `servingAll`, when the demands alone overfill a host port.
    init?(space: SimplePathRouteSpace, commodities: [Commodity], fabricCapacity: [Double], accessCapacity: [Double],
          headroom: Double, model: Model, name: String, groupSize: Int = defaultGroupSize, smoothing: Double = defaultSmoothing, dropAfter: Int = defaultDropAfter) {
        self.space = space
        self.dropAfter = dropAfter
        self.smoothing = smoothing
        self.commodities = commodities
        self.fabricCapacity = fabricCapacity
        self.accessCapacity = accessCapacity
        self.headroom = headroom
        self.model = model
        var bySource: [Int: [Int]] = [:]
        var order: [Int] = []
        for (index, commodity) in commodities.enumerated() {
            if bySource[commodity.source] == nil { order.append(commodity.source) }
            bySource[commodity.source, default: []].append(index)
        }
        var sources: [Int] = []
        var commoditiesOf: [[Int]] = []
        for source in order {
            let members = bySource[source]!
            // Demands that leave by the same first hop share most links: chunk them together.
            let hops = ShortestPathTree(graph: space.graph, source: source) { _ in 1 }
            let firstHop = { (node: Int) -> Int in
                var current = node
                var edge = -1
                while current != source, hops.parentEdge[current] >= 0 {
                    edge = hops.parentEdge[current]
                    current = space.graph.edges[edge].from
                }
                return edge
            }
            let sorted = members.sorted { (firstHop(commodities[$0].destination), hops.cost[commodities[$0].destination], $0) < (firstHop(commodities[$1].destination), hops.cost[commodities[$1].destination], $1) }
            for start in stride(from: 0, to: sorted.count, by: groupSize) {
                sources.append(source)
                commoditiesOf.append(Array(sorted[start..<min(sorted.count, start + groupSize)]))
            }
        }
        self.sources = sources
        self.commoditiesOf = commoditiesOf
        if model == .servingAll {
            var load = Array(repeating: 0.0, count: accessCapacity.count)
            for commodity in commodities {
                for access in commodity.access { load[access] += commodity.rate }
            }
            guard zip(load, accessCapacity).allSatisfy({ $0 <= $1 * (1 + 1e-12) }) else { return nil }
        }

        lp = LinearProgram(direction: model == .weightedThroughput ? .maximize : .minimize, name: name)
        let lp = self.lp
        let usable = 1 - headroom
        lp.addRows(fabricCapacity.map { model == .servingAll ? .upper(0) : .upper($0 * usable) })
        accessRowBase = lp.addRows(accessCapacity.map { .upper($0) })
        convexityRowBase = lp.addRows(Array(repeating: model == .servingAll ? .fixed(1) : .upper(1), count: sources.count))
        switch model {
        case .weightedThroughput:
            utilizationColumn = nil
        case .servingAll:
            let rows = fabricCapacity.indices.filter { fabricCapacity[$0] > 0 }
            utilizationColumn = lp.addColumns([LinearProgram.Column(bound: .lower(0), objective: 1,
                                                                    rows: rows.map { Int32($0) }, values: rows.map { -fabricCapacity[$0] })])
        }
        treeColumnBase = lp.columnCount

        var first: [Tree] = []
        for group in sources.indices {
            let tree = ShortestPathTree(graph: space.graph, source: sources[group]) { _ in 0 }
            guard commoditiesOf[group].allSatisfy({ tree.reaches(commodities[$0].destination) }) else { return nil }
            first.append(self.tree(group: group, from: tree, serving: commoditiesOf[group]))
        }
        add(first)
        startingBasis()
    }

    // MARK: Columns

    /// Adds the trees not already present; returns how many were added.
    @discardableResult
    private func add(_ candidates: [Tree]) -> Int {
        let fresh = candidates.filter { present.insert($0).inserted }
        var specs: [LinearProgram.Column] = []
        specs.reserveCapacity(fresh.count)
        for tree in fresh {
            var load: [Int: Double] = [:]
            var access: [Int: Double] = [:]
            var objective = 0.0
            for index in tree.served {
                let commodity = commodities[index]
                if model == .weightedThroughput { objective += commodity.weight * commodity.rate }
                for link in links(of: tree, to: commodity.destination) { load[link, default: 0] += commodity.rate }
                for port in commodity.access { access[port, default: 0] += commodity.rate }
            }
            var rows: [Int32] = [Int32(convexityRowBase + tree.group)]
            var values: [Double] = [1]
            for (link, amount) in load.sorted(by: { $0.key < $1.key }) {
                rows.append(Int32(link))
                values.append(amount)
            }
            for (port, amount) in access.sorted(by: { $0.key < $1.key }) {
                rows.append(Int32(accessRowBase + port))
                values.append(amount)
            }
            specs.append(LinearProgram.Column(bound: .lower(0), objective: objective, rows: rows, values: values))
        }
        trees += fresh
        idleSolves += Array(repeating: 0, count: fresh.count)
        lp.addColumns(specs)
        return fresh.count
    }

    /// A tree from a shortest-path tree: parent edges kept only on the paths to what it serves.
    private func tree(group: Int, from shortest: ShortestPathTree, serving served: [Int]) -> Tree {
        let graph = space.graph
        var parentEdge = Array(repeating: Int32(-1), count: graph.nodeCount)
        for index in served {
            var current = commodities[index].destination
            while current != sources[group], parentEdge[current] < 0 {
                let edge = shortest.parentEdge[current]
                parentEdge[current] = Int32(edge)
                current = graph.edges[edge].from
            }
        }
        return Tree(group: group, parentEdge: parentEdge, served: served)
    }

    /// Link indices of the tree path from the tree's source to `node`.
    private func links(of tree: Tree, to node: Int) -> [Int] {
        let graph = space.graph
        var links: [Int] = []
        var current = node
        while current != sources[tree.group] {
            let edge = graph.edges[Int(tree.parentEdge[current])]
            links.append(edge.linkIndex)
            current = edge.from
        }
        return links.reversed()
    }

    /// Weighted throughput: every tree at 0 (the empty tree, each source row's slack), feasible.
    /// Serving all: each source's tree basic in place of its row's slack, u basic at the highest
    /// link utilization with that link's row at its bound.
    private func startingBasis() {
        guard model == .servingAll, let utilizationColumn else { return }
        var load = Array(repeating: 0.0, count: fabricCapacity.count)
        for tree in trees {
            for index in tree.served {
                for link in links(of: tree, to: commodities[index].destination) { load[link] += commodities[index].rate }
            }
        }
        for (offset, tree) in trees.enumerated() {
            lp.exchange(basicColumn: treeColumnBase + offset, rowAtUpper: convexityRowBase + tree.group)
        }
        guard let busiest = fabricCapacity.indices.filter({ fabricCapacity[$0] > 0 })
            .max(by: { load[$0] / fabricCapacity[$0] < load[$1] / fabricCapacity[$1] }) else { return }
        lp.exchange(basicColumn: utilizationColumn, rowAtUpper: busiest)
    }

    // MARK: Solving

    /// Solves, then prices every source and adds its best tree when it improves, re-solving warm
    /// with the primal simplex, until no tree improves or the bound proves the value optimal.
    func generateColumns(stage: String, progress: (SolveProgress) -> Void) throws(OptimizerError) {
        try solve(stage: stage)
        while true {
            let pricingStart = SolveProgress.cpuSeconds()
            let objective = lp.objectiveValue
            let candidates = price()
            if !candidates.isEmpty { dropIdleColumns() }
            let added = add(candidates)
            pricingSeconds += SolveProgress.cpuSeconds() - pricingStart
            guard added > 0 else { return }
            pricingRounds += 1
            progress(SolveProgress(round: pricingRounds, pathsAdded: added, objectiveValue: objective, rows: lp.rowCount,
                                   simplexIterations: lp.iterationCount, lpSeconds: lpSeconds, pricingSeconds: pricingSeconds,
                                   provenGap: provenGap))
            try solve(stage: stage)
        }
    }

    private func solve(stage: String) throws(OptimizerError) {
        let start = SolveProgress.cpuSeconds()
        _ = try lp.simplex(.primal, stage: stage)
        lpSeconds += SolveProgress.cpuSeconds() - start
        lpSolves += 1
    }

    /// Deletes the tree columns that have been non-basic for `dropAfter` solves in a row (each at 0,
    /// so the LP's value and basis stay as they are), except trees dropped before. The master stays
    /// a restriction of the full one, and pricing checks every tree, so stopping stays exact.
    private func dropIdleColumns() {
        guard dropAfter > 0 else { return }
        let basic = lp.basicColumns()
        var keep: [Bool] = []
        keep.reserveCapacity(trees.count)
        var drop: [Int] = []
        for offset in trees.indices {
            idleSolves[offset] = basic[treeColumnBase + offset] ? 0 : idleSolves[offset] + 1
            let idle = idleSolves[offset] >= dropAfter && !droppedOnce.contains(trees[offset])
            keep.append(!idle)
            if idle { drop.append(treeColumnBase + offset) }
        }
        guard !drop.isEmpty else { return }
        lp.deleteColumns(drop)
        for offset in trees.indices where !keep[offset] {
            present.remove(trees[offset])
            droppedOnce.insert(trees[offset])
        }
        trees = trees.indices.filter { keep[$0] }.map { trees[$0] }
        idleSolves = idleSolves.indices.filter { keep[$0] }.map { idleSolves[$0] }
        columnsDropped += drop.count
    }

    /// Each group's best tree, priced at duals smoothed towards the best bound's (Wentges), for the
    /// groups where it improves at the master's duals; empty when none does or when the Lagrangian
    /// bound is within `relativeGap` (`provenGap` says how close). Smoothing keeps the duals from
    /// swinging between rounds, which is what makes plain Dantzig–Wolfe tail off; when the smoothed
    /// duals find nothing, the round prices at the master's own duals.
    private func price() -> [Tree] {
        let duals = lp.rowDuals()
        let sense: Double = lp.direction == .maximize ? 1 : -1
        let master = (0..<convexityRowBase).map { max(0, sense * duals[$0]) }
        // Serving all, a host port's load is the same for every tree, so its price only weakens the
        // bound (it adds price · (load − capacity) ≤ 0): bounds and separation leave ports at 0.
        let current = model == .servingAll ? master.indices.map { $0 < accessRowBase ? master[$0] : 0 } : master
        let value = sense * lp.objectiveValue
        if model == .servingAll { tightenBoundAtUtilizationPrices(master: master, duals: duals) }
        var alpha = centre == nil ? 0 : smoothing
        while true {
            let separating = alpha == 0 ? current : zip(centre ?? current, current).map { alpha * $0 + (1 - alpha) * $1 }
            let (candidates, bound) = bestTrees(at: separating, master: master, duals: duals, sense: sense)
            if bound < bestBound {
                bestBound = bound
                centre = separating
            }
            provenGap = max(0, bestBound - value) / max(abs(value), 1e-12)
            if provenGap <= Self.relativeGap { return [] }
            let floor = 1e-12 * max(abs(value), 1)
            let improving = candidates.filter { $0.reduced > floor }
            if !improving.isEmpty || alpha == 0 { return improving.map(\.tree) }
            alpha = 0
        }
    }

    /// Serving all: the bound at the master's duals is weak until the very end (they price only the
    /// few links that are full in the restricted master, and the other trees route around them for
    /// free). Link lengths that grow with each link's utilization in the master's flow,
    /// exp(β · (utilization / u − 1)) / capacity for a few β, price every nearly full link and
    /// give bounds close to u as the flow nears the optimum (the lengths of Garg–Könemann's
    /// min-congestion method). Each is a valid Lagrangian bound; the best becomes the centre.
    private func tightenBoundAtUtilizationPrices(master: [Double], duals: [Double]) {
        let activity = lp.rowValues()
        let u = lp.objectiveValue
        guard u > 0 else { return }
        for beta in Self.utilizationSteepness {
            var prices = Array(repeating: 0.0, count: convexityRowBase)
            var weight = 0.0
            for link in fabricCapacity.indices where fabricCapacity[link] > 0 {
                let utilization = (activity[link] + fabricCapacity[link] * u) / fabricCapacity[link]
                prices[link] = exp(beta * min(0, utilization / u - 1)) / fabricCapacity[link]
                weight += prices[link] * fabricCapacity[link]
            }
            guard weight > 0 else { return }
            for link in fabricCapacity.indices { prices[link] /= weight }
            let bound = bestTrees(at: prices, master: master, duals: duals, sense: -1, collecting: false).bound
            if bound < bestBound {
                bestBound = bound
                centre = prices
            }
        }
    }

    /// Steepness of the utilization prices (higher: only the fullest links count).
    static let utilizationSteepness: [Double] = [4, 16, 64]

    /// Each group's best tree at the row prices `prices` (link and host-port rows, ≥ 0), its
    /// reduced cost at the master's prices, and the Lagrangian bound `prices` give (maximize sense).
    private func bestTrees(at prices: [Double], master: [Double], duals: [Double], sense: Double,
                           collecting: Bool = true) -> (candidates: [(tree: Tree, reduced: Double)], bound: Double) {
        let graph = space.graph
        var candidates: [(tree: Tree, reduced: Double)] = []
        var routed = 0.0
        var shortest: [Int: (tree: ShortestPathTree, masterCost: [Double])] = [:]
        for group in sources.indices {
            let source = sources[group]
            if shortest[source] == nil {
                let tree = ShortestPathTree(graph: graph, source: source) { prices[graph.edges[$0].linkIndex] }
                shortest[source] = (tree, collecting ? pathCosts(of: tree, prices: master) : [])
            }
            guard let (tree, masterCost) = shortest[source] else { continue }
            var worth = 0.0
            var reduced = -sense * duals[convexityRowBase + group]
            var served: [Int] = []
            for index in commoditiesOf[group] {
                let commodity = commodities[index]
                let access = commodity.access.reduce(0.0) { $0 + prices[accessRowBase + $1] }
                let masterAccess = commodity.access.reduce(0.0) { $0 + master[accessRowBase + $1] }
                let gain = model == .weightedThroughput ? commodity.weight : 0
                guard model == .servingAll || gain - tree.cost[commodity.destination] - access > 0 else { continue }
                served.append(index)
                worth += (gain - tree.cost[commodity.destination] - access) * commodity.rate
                if collecting { reduced += (gain - masterCost[commodity.destination] - masterAccess) * commodity.rate }
            }
            routed += model == .weightedThroughput ? max(0, worth) : worth
            if collecting, reduced > 0 { candidates.append((self.tree(group: group, from: tree, serving: served), reduced)) }
        }
        let accessRows = accessCapacity.indices.reduce(0.0) { $0 + prices[accessRowBase + $1] * accessCapacity[$1] }
        switch model {
        case .weightedThroughput:
            let linkRows = fabricCapacity.indices.reduce(0.0) { $0 + prices[$1] * fabricCapacity[$1] * (1 - headroom) }
            return (candidates, linkRows + accessRows + routed)
        case .servingAll:
            // −u ≤ (Σ routed cost − Σ port prices · capacity) / Σ link prices · capacity, negated.
            let weight = fabricCapacity.indices.reduce(0.0) { $0 + prices[$1] * fabricCapacity[$1] }
            return (candidates, weight > 0 ? (routed + accessRows) / weight : .infinity)
        }
    }

    /// Cost of each node's tree path at `prices`.
    private func pathCosts(of tree: ShortestPathTree, prices: [Double]) -> [Double] {
        let graph = space.graph
        var cost = Array(repeating: Double.infinity, count: graph.nodeCount)
        cost[tree.source] = 0
        for node in graph.nodeNames.indices.filter({ tree.reaches($0) }).sorted(by: { tree.hops[$0] < tree.hops[$1] }) where node != tree.source {
            let edge = graph.edges[tree.parentEdge[node]]
            cost[node] = cost[edge.from] + prices[edge.linkIndex]
        }
        return cost
    }

    // MARK: Results

    var objectiveValue: Double { lp.objectiveValue }

    /// Every (commodity, path) with a positive flow: λ(T)·rate along T's path, summed over trees.
    func flows() -> [SpineGroupSplit.Flow] {
        let values = lp.columnValues()
        var flowOf: [PathColumn.Key: Double] = [:]
        var order: [PathColumn.Key] = []
        for (offset, tree) in trees.enumerated() {
            let share = values[treeColumnBase + offset]
            guard share > 0 else { continue }
            for index in tree.served {
                let key = PathColumn.Key(commodity: index, tag: links(of: tree, to: commodities[index].destination))
                if flowOf[key] == nil { order.append(key) }
                flowOf[key, default: 0] += share * commodities[index].rate
            }
        }
        return order.map { (commodity: $0.commodity, route: RouteShape(resources: $0.tag, tag: $0.tag), flow: flowOf[$0]!) }
    }

    var statistics: SolveStatistics {
        SolveStatistics(lpSolves: lpSolves, columns: trees.count + columnsDropped, rows: lp.rowCount, pricingRounds: pricingRounds,
                        simplexIterations: lp.iterationCount)
    }
}

extension SourceTreeMaster {
    /// Solves `setup` with the source-tree master when it applies: a general graph priced over
    /// every simple path, max-weighted-throughput or min-mlu. Returns nil when it does not apply —
    /// another space or objective, a min-mlu whose demands do not all fit (u above 1 − headroom, so
    /// the two-stage solve is needed), a class of weight 0 — or when GLPK fails, so the caller
    /// falls back to the general master.
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
        let name = "'\(setup.topology.name)' \(setup.options.objective.rawValue) (\(setup.commodities.count) demands, source trees)"
        guard let master = SourceTreeMaster(space: space, commodities: setup.commodities, fabricCapacity: setup.fabricCapacities,
                                            accessCapacity: setup.accessCapacities, headroom: setup.options.headroom, model: model, name: name)
        else { return nil }
        do {
            try master.generateColumns(stage: setup.options.objective.rawValue) { round in
                var round = round
                if model == .weightedThroughput { round.objectiveValue *= setup.scale }
                progress(round)
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
