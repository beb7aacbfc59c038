/// Commodities pooled by their pair of route-space endpoints.
///
/// Demands between hosts behind the same two edge switches (or leaves) can use exactly the same
/// routes, so the fabric only needs to route their total: a k=8 fat tree's ~48,000 host-to-host
/// demands are ~1,000 switch pairs. Host ports are not part of the pooled problem — each demand's
/// rate already respects them — and `disaggregate` gives every member the share of each route that
/// its rate is of the pair's total, so each member is routed the same fraction of its rate as the
/// pair (all of it when the pair is fully routed) and no link carries more than the pooled flow.
struct PairAggregation {
    struct Pair {
        var source: Int
        var destination: Int
        /// Commodity indices, ascending.
        var members: [Int]
        var isLocal: Bool { source == destination }
    }

    let pairs: [Pair]
    /// Pair index of each commodity.
    let pairOf: [Int]

    init(_ commodities: [Commodity]) {
        var index: [Int: Int] = [:]
        var pairs: [Pair] = []
        var pairOf: [Int] = []
        pairOf.reserveCapacity(commodities.count)
        let stride = (commodities.map { max($0.source, $0.destination) }.max() ?? 0) + 1
        for (position, commodity) in commodities.enumerated() {
            let key = commodity.source * stride + commodity.destination
            if let existing = index[key] {
                pairs[existing].members.append(position)
                pairOf.append(existing)
            } else {
                index[key] = pairs.count
                pairOf.append(pairs.count)
                pairs.append(Pair(source: commodity.source, destination: commodity.destination, members: [position]))
            }
        }
        self.pairs = pairs
        self.pairOf = pairOf
    }

    /// Sum of `rates` (one per commodity) over each pair.
    func totals(_ rates: [Double]) -> [Double] {
        var totals = Array(repeating: 0.0, count: pairs.count)
        for (commodity, rate) in rates.enumerated() { totals[pairOf[commodity]] += rate }
        return totals
    }

    /// Splits pooled route flows onto the member commodities in proportion to their `rates`.
    func disaggregate(_ flows: [(pair: Int, route: RouteShape, flow: Double)], rates: [Double]) -> [SpineGroupSplit.Flow] {
        let totals = totals(rates)
        var result: [SpineGroupSplit.Flow] = []
        result.reserveCapacity(flows.count)
        for (pair, route, flow) in flows where totals[pair] > 0 {
            for member in pairs[pair].members where rates[member] > 0 {
                result.append((commodity: member, route: route, flow: flow * rates[member] / totals[pair]))
            }
        }
        return result
    }
}
