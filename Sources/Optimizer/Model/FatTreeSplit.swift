/// Splits a solution of the merged-pod relaxation (`FatTreePodRouteSpace`) onto a fat tree's up-down
/// routes: the exact disaggregation step of the fat-tree fast path.
///
/// The relaxation bounds the exact optimum, so a split that serves every demand what the relaxation
/// gave it, within every link's capacity, is optimal. It is found in two steps over the fat tree's
/// planes (the aggregation switches that share core switches, one per pod, with their cores):
/// 1. Planes: an LP over (demand, plane) columns with the edge–aggregation links and, per
///    aggregation switch, its core links summed as rows; it must carry every demand's relaxed rate.
///    It has a few columns per demand and none of the core-level detail.
/// 2. Cores: in each plane, the traffic between two pods is split among the plane's cores by
///    bipartite flows over the pods, one core at a time (`SpineGroupSplit.peelInTurn`, as spines of a
///    two-tier Clos), and each demand takes its pod pair's shares.
/// The flows are checked against every link before they are returned. Returns nil when a step finds
/// no split, or the fabric has parallel cables or a plane with two aggregation switches of one pod:
/// the caller then solves over the exact routes.
///
/// Runs a GLPK problem, so call it on the thread that owns the solve.
enum FatTreeSplit {
    typealias Flow = SpineGroupSplit.Flow

    /// Largest fraction of the relaxed flow the plane split may leave unserved.
    static let shortfallTolerance = 1e-7

    static func split(_ flows: [Flow], commodities: [Commodity], exact space: FatTreeRouteSpace, usable: Double,
                      scale: Double) throws(OptimizerError) -> (flows: [Flow], iterations: Int)? {
        guard let planes = Planes(space) else { return nil }
        var rates = Array(repeating: 0.0, count: commodities.count)
        for flow in flows { rates[flow.commodity] += flow.flow }
        let graph = space.graph
        let largest = (graph.edges.map(\.capacity).max() ?? 1) / scale
        let attempt = Attempt(commodities: commodities, rates: rates, space: space, planes: planes,
                              capacity: { graph.edges[$0].capacity / scale * usable }, tolerance: 1e-9 * (1 + largest))
        if let found = try attempt.run(detailed: false) { return found }
        return try attempt.run(detailed: true)
    }

    /// One way of splitting: the plane LP with each aggregation switch's core links summed and the
    /// cores peeled per plane afterwards, or (`detailed`) with a column per pod pair and core of each
    /// plane in the same LP — larger, but it cannot give a plane more than its cores carry between two pods.
    private struct Attempt {
        let commodities: [Commodity]
        let rates: [Double]
        let space: FatTreeRouteSpace
        let planes: Planes
        let capacity: (Int) -> Double
        let tolerance: Double

        func run(detailed: Bool) throws(OptimizerError) -> (flows: [Flow], iterations: Int)? {
            let graph = space.graph
            let podCount = space.levels.pods.count
            var result: [Flow] = []
            let lp = LinearProgram(direction: .maximize, name: detailed ? "fat-tree plane and core split" : "fat-tree plane split")
            var links = LinkRows(lp: lp, capacity: capacity)
            var rowOfAggregation: [Int: (up: Int, down: Int)] = [:]
            func rows(aggregation: Int) -> (up: Int32, down: Int32) {
                if let rows = rowOfAggregation[aggregation] { return (Int32(rows.up), Int32(rows.down)) }
                let edges = planes.coreEdges(aggregation)
                let first = lp.addRows([.upper(edges.up.reduce(0) { $0 + capacity($1) }), .upper(edges.down.reduce(0) { $0 + capacity($1) })])
                rowOfAggregation[aggregation] = (first, first + 1)
                return (Int32(first), Int32(first + 1))
            }
            // Detailed: one row per pod pair and plane (Σ demands' plane columns = Σ the pair's core columns).
            var rowOfPair: [Int: Int] = [:]
            var pairColumns: [(plane: Int, pair: Int, core: Int)] = []
            var pairSpecs: [LinearProgram.Column] = []
            func linkingRow(plane: Int, sourcePod: Int, destinationPod: Int) -> Int32 {
                let key = (plane * podCount + sourcePod) * podCount + destinationPod
                if let row = rowOfPair[key] { return Int32(row) }
                let row = lp.addRows([.fixed(0)])
                rowOfPair[key] = row
                let (from, to) = (planes.aggregations[plane][sourcePod], planes.aggregations[plane][destinationPod])
                for core in planes.cores[plane] {
                    guard let up = planes.edge(from: from, to: core), let down = planes.edge(from: core, to: to) else { continue }
                    pairColumns.append((plane, sourcePod * podCount + destinationPod, core))
                    pairSpecs.append(LinearProgram.Column(bound: .lower(0), objective: 0, rows: [Int32(row), links.row(up), links.row(down)], values: [-1, 1, 1]))
                }
                return Int32(row)
            }
            // Columns: (commodity, plane) with the plane's two edge links and, between pods, its two
            // aggregation switches' core links summed (or the pod pair's linking row).
            var columns: [(commodity: Int, plane: Int)] = []
            var specs: [LinearProgram.Column] = []
            var total = 0.0
            for (index, commodity) in commodities.enumerated() where rates[index] > tolerance {
                let (source, destination) = (commodity.source, commodity.destination)
                if source == destination {
                    result.append((index, RouteShape(resources: [], tag: []), rates[index]))
                    continue
                }
                let demandRow = lp.addRows([.upper(rates[index])])
                total += rates[index]
                for plane in planes.aggregations.indices {
                    guard let (up, down) = planes.edgeLinks(plane: plane, from: source, to: destination) else { continue }
                    var entries = [Int32(demandRow), links.row(up), links.row(down)]
                    let (sourceAggregation, destinationAggregation) = (graph.edges[up].to, graph.edges[down].from)
                    let (sourcePod, destinationPod) = (space.pod[source], space.pod[destination])
                    if sourcePod != destinationPod {
                        guard planes.coresJoin(plane: plane, sourceAggregation, destinationAggregation) else { continue }
                        entries += detailed ? [linkingRow(plane: plane, sourcePod: sourcePod, destinationPod: destinationPod)]
                            : [rows(aggregation: sourceAggregation).up, rows(aggregation: destinationAggregation).down]
                    }
                    columns.append((index, plane))
                    specs.append(LinearProgram.Column(bound: .range(0, rates[index]), objective: 1, rows: entries, values: entries.map { _ in 1 }))
                }
            }
            lp.addColumns(specs + pairSpecs)
            var values = Array(repeating: 0.0, count: columns.count + pairColumns.count)
            if !columns.isEmpty {
                _ = try lp.simplex(.primal, stage: "fat-tree plane split")
                // The relaxed flows meet their rows within GLPK's feasibility tolerance (1e-7), so the split may
                // fall short of them by as much; what it serves is what the allocation reports.
                guard total - lp.objectiveValue <= shortfallTolerance * total + tolerance else { return nil }
                values = lp.columnValues()
            }
            var detailedShares: [Int: [(core: Int, flow: Double)]] = [:]
            for (column, value) in zip(pairColumns, values.dropFirst(columns.count)) where value > 0 {
                detailedShares[column.plane * podCount * podCount + column.pair, default: []].append((column.core, value))
            }

            // Cores: per plane, the pod pairs' traffic split among the plane's cores.
            for plane in planes.aggregations.indices {
                var pairIndex: [Int: Int] = [:]
                var pairs: [(source: Int, destination: Int)] = []
                var pairFlow: [Double] = []
                var members: [[(commodity: Int, flow: Double)]] = []
                for (column, (commodity, columnPlane)) in columns.enumerated() where columnPlane == plane && values[column] > 0 {
                    let (source, destination) = (commodities[commodity].source, commodities[commodity].destination)
                    let (sourcePod, destinationPod) = (space.pod[source], space.pod[destination])
                    let (up, down) = planes.edgeLinks(plane: plane, from: source, to: destination)!
                    if sourcePod == destinationPod {
                        result.append((commodity, route([up, down], in: graph), values[column]))
                        continue
                    }
                    let key = sourcePod * podCount + destinationPod
                    if pairIndex[key] == nil {
                        pairIndex[key] = pairs.count
                        pairs.append((sourcePod, destinationPod))
                        pairFlow.append(0)
                        members.append([])
                    }
                    pairFlow[pairIndex[key]!] += values[column]
                    members[pairIndex[key]!].append((commodity, values[column]))
                }
                guard !pairs.isEmpty else { continue }
                var shares: [[(core: Int, flow: Double)]]?
                if detailed {
                    shares = pairs.map { detailedShares[plane * podCount * podCount + $0.source * podCount + $0.destination] ?? [] }
                } else {
                    shares = coreShares(plane: plane, pairs: pairs, flow: pairFlow, planes: planes, capacity: capacity, tolerance: tolerance)
                    if shares == nil {
                        shares = try coreSharesByLP(plane: plane, pairs: pairs, flow: pairFlow, planes: planes, capacity: capacity, tolerance: tolerance)
                    }
                }
                guard let shares else { return nil }
                for (pair, coreFlows) in shares.enumerated() {
                    // The pair's core columns sum to its demands' plane columns, within the solver's tolerance.
                    let carried = coreFlows.reduce(0) { $0 + $1.flow }
                    for (core, share) in coreFlows where share > 0 {
                        let fraction = share / max(carried, pairFlow[pair])
                        let source = planes.aggregations[plane][pairs[pair].source]
                        let destination = planes.aggregations[plane][pairs[pair].destination]
                        guard let upToCore = planes.edge(from: source, to: core), let downFromCore = planes.edge(from: core, to: destination) else { return nil }
                        for (commodity, flow) in members[pair] {
                            let (up, down) = planes.edgeLinks(plane: plane, from: commodities[commodity].source, to: commodities[commodity].destination)!
                            result.append((commodity, route([up, upToCore, downFromCore, down], in: graph), flow * fraction))
                        }
                    }
                }
            }
            return fits(result, graph: graph, capacity: capacity, tolerance: tolerance) ? (result, lp.iterationCount) : nil
        }
    }

    /// The route over the given graph edges, as `FatTreeRouteSpace` names it.
    private static func route(_ edges: [Int], in graph: FabricGraph) -> RouteShape {
        let links = edges.map { graph.edges[$0].linkIndex }
        return RouteShape(resources: links, tag: links)
    }

    /// Each pod pair's traffic on one plane split among the plane's cores: the least capable core
    /// first, by a bipartite flow over the pods that leaves no more than the other cores can carry
    /// (first with every pair near its fair share, then uncapped); the last core takes the rest.
    private static func coreShares(plane: Int, pairs: [(source: Int, destination: Int)], flow: [Double], planes: Planes,
                                   capacity: (Int) -> Double, tolerance: Double) -> [[(core: Int, flow: Double)]]? {
        let aggregations = planes.aggregations[plane]
        func linkCapacity(from: Int, to: Int) -> Double {
            guard from >= 0, to >= 0, let edge = planes.edge(from: from, to: to) else { return 0 }
            return capacity(edge)
        }
        struct Core {
            var node: Int
            var up: [Double]
            var down: [Double]
            var total: Double { up.reduce(0, +) + down.reduce(0, +) }
        }
        let cores = planes.cores[plane]
            .map { core in Core(node: core, up: aggregations.map { linkCapacity(from: $0, to: core) }, down: aggregations.map { linkCapacity(from: core, to: $0) }) }
            .sorted { ($0.total, $0.node) < ($1.total, $1.node) }
        guard let peeled = SpineGroupSplit.peelInTurn(cores.map { ($0.up, $0.down) }, sources: pairs.map(\.source),
                                                      destinations: pairs.map(\.destination), flow: flow, tolerance: tolerance) else { return nil }
        return pairs.indices.map { pair in
            zip(cores, peeled).compactMap { core, shares in shares[pair] > 0 ? (core.node, shares[pair]) : nil }
        }
    }

    /// The same shares from an LP over (pod pair, core) columns, for when peeling finds none (failed
    /// cables leave some pod pairs few cores); nil when the plane's cores cannot carry every pair.
    private static func coreSharesByLP(plane: Int, pairs: [(source: Int, destination: Int)], flow: [Double], planes: Planes,
                                       capacity: @escaping (Int) -> Double, tolerance: Double) throws(OptimizerError) -> [[(core: Int, flow: Double)]]? {
        let lp = LinearProgram(direction: .maximize, name: "fat-tree core split")
        let pairRows = lp.addRows(flow.map { .upper($0) })
        var links = LinkRows(lp: lp, capacity: capacity)
        var columns: [(pair: Int, core: Int)] = []
        var specs: [LinearProgram.Column] = []
        let aggregations = planes.aggregations[plane]
        for (index, pair) in pairs.enumerated() {
            for core in planes.cores[plane] {
                guard let up = planes.edge(from: aggregations[pair.source], to: core),
                      let down = planes.edge(from: core, to: aggregations[pair.destination]) else { continue }
                columns.append((index, core))
                specs.append(LinearProgram.Column(bound: .range(0, flow[index]), objective: 1, rows: [Int32(pairRows + index), links.row(up), links.row(down)],
                                                  values: [1, 1, 1]))
            }
        }
        guard !columns.isEmpty else { return nil }
        lp.addColumns(specs)
        _ = try lp.simplex(.primal, stage: "fat-tree core split")
        let total = flow.reduce(0, +)
        guard total - lp.objectiveValue <= shortfallTolerance * total + tolerance else { return nil }
        var shares = Array(repeating: [(core: Int, flow: Double)](), count: pairs.count)
        for (column, value) in zip(columns, lp.columnValues()) where value > 0 {
            shares[column.pair].append((column.core, value))
        }
        return shares
    }

    /// One LP row per link, added the first time a column uses the link.
    private struct LinkRows {
        let lp: LinearProgram
        let capacity: (Int) -> Double
        private var rowOfEdge: [Int: Int] = [:]

        init(lp: LinearProgram, capacity: @escaping (Int) -> Double) {
            self.lp = lp
            self.capacity = capacity
        }

        mutating func row(_ edge: Int) -> Int32 {
            if let row = rowOfEdge[edge] { return Int32(row) }
            let row = lp.addRows([.upper(capacity(edge))])
            rowOfEdge[edge] = row
            return Int32(row)
        }
    }

    /// Whether the flows respect every link's capacity.
    private static func fits(_ flows: [Flow], graph: FabricGraph, capacity: (Int) -> Double, tolerance: Double) -> Bool {
        var load = [Int: (flow: Double, count: Int)]()
        for flow in flows {
            for link in flow.route.resources {
                load[link, default: (0, 0)].flow += flow.flow
                load[link, default: (0, 0)].count += 1
            }
        }
        return load.allSatisfy { link, value in
            guard let edge = graph.edgeOfLink[link] else { return false }
            return value.flow <= capacity(edge) + tolerance * Double(value.count)
        }
    }

    /// The planes of a fat tree: aggregation switches joined by shared cores (one per pod at most),
    /// with their cores, over the usable links; and each directed switch pair's one usable link.
    struct Planes {
        /// Per plane, the aggregation switch (node index) of each pod, or -1.
        var aggregations: [[Int]]
        /// Per plane, its core switches.
        var cores: [[Int]]
        private var planeOf: [Int: Int]
        private var edgeOfPair: [Int: Int]
        private let space: FatTreeRouteSpace

        /// Nil when two usable links join the same switches in one direction, or a plane holds two
        /// aggregation switches of one pod.
        init?(_ space: FatTreeRouteSpace) {
            let graph = space.graph
            self.space = space
            var edgeOfPair: [Int: Int] = [:]
            for (id, edge) in graph.edges.enumerated() {
                guard edgeOfPair.updateValue(id, forKey: edge.from * graph.nodeCount + edge.to) == nil else { return nil }
            }
            self.edgeOfPair = edgeOfPair
            var sets = UnionFind(count: graph.nodeCount)
            for core in 0..<graph.nodeCount where space.level[core] == .core {
                let neighbours = graph.outgoing[core].map { graph.edges[$0].to } + graph.incoming[core].map { graph.edges[$0].from }
                for neighbour in neighbours.dropFirst() {
                    let (a, b) = (sets.find(neighbours[0]), sets.find(neighbour))
                    if a != b { sets.merge(b, into: a) }
                }
            }
            var planeOf: [Int: Int] = [:]
            var aggregations: [[Int]] = []
            for node in 0..<graph.nodeCount where space.level[node] == .aggregation && space.pod[node] >= 0 {
                let root = sets.find(node)
                let plane = planeOf[root] ?? aggregations.count
                if plane == aggregations.count {
                    planeOf[root] = plane
                    aggregations.append(Array(repeating: -1, count: space.levels.pods.count))
                }
                guard aggregations[plane][space.pod[node]] < 0 else { return nil }
                aggregations[plane][space.pod[node]] = node
                planeOf[node] = plane
            }
            var cores = Array(repeating: [Int](), count: aggregations.count)
            for core in 0..<graph.nodeCount where space.level[core] == .core {
                let neighbours = graph.outgoing[core].map { graph.edges[$0].to } + graph.incoming[core].map { graph.edges[$0].from }
                if let first = neighbours.first, let plane = planeOf[first] { cores[plane].append(core) }
            }
            self.aggregations = aggregations
            self.cores = cores
            self.planeOf = planeOf
        }

        /// The usable link from one switch to another (graph edge id).
        func edge(from: Int, to: Int) -> Int? {
            edgeOfPair[from * space.graph.nodeCount + to]
        }

        /// The edge switches' links to and from the plane's aggregation switches of their pods.
        func edgeLinks(plane: Int, from source: Int, to destination: Int) -> (up: Int, down: Int)? {
            let (sourceAggregation, destinationAggregation) = (aggregations[plane][space.pod[source]], aggregations[plane][space.pod[destination]])
            guard sourceAggregation >= 0, destinationAggregation >= 0, let up = edge(from: source, to: sourceAggregation),
                  let down = edge(from: destinationAggregation, to: destination) else { return nil }
            return (up, down)
        }

        /// Whether some core of the plane has a usable link up from one aggregation switch and down to the other.
        func coresJoin(plane: Int, _ source: Int, _ destination: Int) -> Bool {
            cores[plane].contains { edge(from: source, to: $0) != nil && edge(from: $0, to: destination) != nil }
        }

        /// An aggregation switch's usable links to and from its cores.
        func coreEdges(_ aggregation: Int) -> (up: [Int], down: [Int]) {
            let graph = space.graph
            return (graph.outgoing[aggregation].filter { space.level[graph.edges[$0].to] == .core },
                    graph.incoming[aggregation].filter { space.level[graph.edges[$0].from] == .core })
        }
    }
}
