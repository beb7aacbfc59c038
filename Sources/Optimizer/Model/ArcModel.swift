/// The arc (node-link) formulation of the LP over every simple path, with commodities aggregated by
/// source: the independent model `glpsol` solves to check Weft on a general graph (a WAN), where
/// the all-paths model would list exponentially many paths.
///
/// Per source s and usable link e a flow variable f(s,e) ≥ 0; per demand its served rate
/// 0 ≤ x(d) ≤ rate(d). Rows: conservation per source and node (out − in equals Σ x leaving s at s,
/// and −x(d) at d's destination), one capacity row per link (Σ over sources ≤ capacity·(1 − headroom),
/// or ≤ capacity·u for min-mlu), one per host port. A source's flow decomposes into paths and
/// cycles and cycles only use capacity, so the optimum equals the path LP over simple paths.
///
/// For min-mlu the model is the second stage: minimize u subject to Σ weight·x ≥ `floor`.
struct ArcModel {
    let lp: LinearProgram

    /// `floor` is the weighted throughput min-mlu must keep (stage 1's optimum); nil builds the
    /// max-weighted-throughput model.
    init(setup: ProblemSetup, graph: FabricGraph, floor: Double?) {
        let commodities = setup.commodities
        let usable = 1 - setup.options.headroom
        let lp = LinearProgram(direction: floor == nil ? .maximize : .minimize,
                               name: "'\(setup.topology.name)' arc formulation (\(commodities.count) demands)")
        self.lp = lp
        let sources = Array(Set(commodities.map(\.source))).sorted()
        let nodeCount = graph.nodeCount
        // Conservation rows: source s (its position in `sources`) and node v at s·nodeCount + v.
        lp.addRows(Array(repeating: .fixed(0), count: sources.count * nodeCount))
        let capacityBase = lp.addRows(graph.edges.map { floor == nil ? .upper($0.capacity / setup.scale * usable) : .upper(0) })
        let accessBase = lp.addRows(setup.accessCapacities.map { .upper($0) })
        let floorRow = floor.map { lp.addRows([.lower($0)]) }

        var columns: [LinearProgram.Column] = []
        for (position, source) in sources.enumerated() {
            let base = position * nodeCount
            for (id, edge) in graph.edges.enumerated() where edge.to != source {
                columns.append(LinearProgram.Column(bound: .lower(0), objective: 0,
                                                    rows: [Int32(base + edge.from), Int32(base + edge.to), Int32(capacityBase + id)],
                                                    values: [1, -1, 1]))
            }
        }
        var position = Array(repeating: 0, count: nodeCount)
        for (index, source) in sources.enumerated() { position[source] = index }
        for commodity in commodities {
            let base = position[commodity.source] * nodeCount
            // A demand within one switch uses no link: it has no conservation entries.
            var rows: [Int32] = commodity.source == commodity.destination ? [] : [Int32(base + commodity.source), Int32(base + commodity.destination)]
            var values: [Double] = commodity.source == commodity.destination ? [] : [-1, 1]
            for access in commodity.access {
                rows.append(Int32(accessBase + access))
                values.append(1)
            }
            if let floorRow {
                rows.append(Int32(floorRow))
                values.append(commodity.weight)
            }
            columns.append(LinearProgram.Column(bound: .range(0, commodity.rate), objective: floor == nil ? commodity.weight : 0,
                                                rows: rows, values: values))
        }
        if floor != nil {
            let rows = graph.edges.indices.map { Int32(capacityBase + $0) }
            columns.append(LinearProgram.Column(bound: .range(0, usable), objective: 1, rows: rows,
                                                values: graph.edges.map { -$0.capacity / setup.scale }))
        }
        lp.addColumns(columns)
    }
}
