import Topology

/// Turns route flows (LP units) into an `Allocation`: physical path splits per demand, link loads,
/// and a reason for every demand that got less than it asked for.
struct AllocationBuilder {
    let setup: ProblemSetup
    /// The space whose routes `flows` refer to (a finer one than the setup's after a split).
    let space: any RouteSpace

    /// A demand counts as fully served above this fraction of its rate (solver tolerance).
    static let servedTolerance = 1e-6

    func build(flows: [(commodity: Int, route: RouteShape, flow: Double)], objectiveValue: Double,
               solveSeconds: Double, statistics: SolveStatistics) -> Allocation {
        let topology = setup.topology
        let scale = setup.scale
        var pathRates = Array(repeating: [PathSplit](), count: setup.commodities.count)
        var accessLoad = Array(repeating: 0.0, count: setup.resolved.access.count)
        var linkLoad = Array(repeating: 0.0, count: topology.links.count)
        var routesOfCommodity = Array(repeating: [RouteShape](), count: setup.commodities.count)
        for (commodity, route, flow) in flows where flow > 1e-12 {
            let source = setup.commodities[commodity].source
            let destination = setup.commodities[commodity].destination
            routesOfCommodity[commodity].append(route)
            // Distinct routes of one commodity never expand to the same path (different spine
            // groups, or different link sequences), so splits need no merging.
            for (path, share) in space.expand(route, from: source, to: destination) {
                let rate = flow * share * scale
                pathRates[commodity].append(PathSplit(path: path, rateBps: rate))
                for link in path.links { linkLoad[link] += rate }
            }
            for access in setup.commodities[commodity].access { accessLoad[access] += flow * scale }
        }
        let usable = 1 - setup.options.headroom
        let saturated = topology.links.indices.map { link in
            let capacity = topology.links[link].capacityBps
            return capacity > 0 && linkLoad[link] >= capacity * usable * (1 - Self.servedTolerance)
        }
        var commodityOfEntry: [Int: Int] = [:]
        for (index, commodity) in setup.commodities.enumerated() { commodityOfEntry[commodity.entry] = index }

        var results: [DemandAllocation] = []
        var pairCuts: [[Int]: PairCut] = [:]
        for (entryIndex, entry) in setup.resolved.entries.enumerated() {
            let demand = entry.demand
            guard let commodity = commodityOfEntry[entryIndex] else {
                let shortfall = setup.disconnected.contains(entryIndex)
                    ? Shortfall(kind: .disconnected, message: "no path of up links from \(entry.sourceSwitch) to \(entry.destinationSwitch)")
                    : nil
                results.append(DemandAllocation(demand: demand, splits: [], shortfall: shortfall))
                continue
            }
            let splits = pathRates[commodity].sorted { $0.path < $1.path }
            var result = DemandAllocation(demand: demand, splits: splits)
            if result.servedBps < demand.rateBps * (1 - Self.servedTolerance) {
                result.shortfall = shortfall(commodity: commodity, entry: entry, routes: routesOfCommodity[commodity],
                                             accessLoad: accessLoad, saturated: saturated, pairCuts: &pairCuts)
            }
            results.append(result)
        }
        return Allocation(topology: topology, objective: setup.options.objective, objectiveValue: objectiveValue,
                          headroom: setup.options.headroom, demands: results, solveSeconds: solveSeconds,
                          solverStatus: .optimal, statistics: statistics)
    }

    /// Why a commodity got less than its rate: no route, a full host port, or the saturated links
    /// that cut its endpoints apart in the route space (`RouteSpace.blockingLinks`: at an optimum
    /// every route of a short demand crosses one). `pairCuts` caches the cut per endpoint pair, shared
    /// by every demand between the same two switches (thousands of host demands on a fat tree), so
    /// reasons cost one cut per pair, not one per demand.
    private func shortfall(commodity: Int, entry: ResolvedDemands.Entry, routes: [RouteShape],
                           accessLoad: [Double], saturated: [Bool], pairCuts: inout [[Int]: PairCut]) -> Shortfall {
        let source = setup.commodities[commodity].source
        let destination = setup.commodities[commodity].destination
        let cut: PairCut
        if let cached = pairCuts[[source, destination]] {
            cut = cached
        } else if space.initialRoute(from: source, to: destination) == nil {
            cut = .disconnected
        } else {
            cut = .blocking(space.blockingLinks(from: source, to: destination, saturated: saturated))
        }
        pairCuts[[source, destination]] = cut
        guard case .blocking(let blocking) = cut else {
            return Shortfall(kind: .disconnected, message: "no path of up links from \(entry.sourceSwitch) to \(entry.destinationSwitch)")
        }
        for access in setup.commodities[commodity].access {
            let capacity = setup.resolved.access[access].capacityBps
            if accessLoad[access] >= capacity * (1 - Self.servedTolerance) {
                return Shortfall(kind: .accessLimited, message: "\(setup.resolved.access[access].label) is full at \(BitRate(bitsPerSecond: capacity).formatted)")
            }
        }
        // Without a cut (solver tolerance, or an objective that leaves room), the saturated links on
        // the routes the demand does use.
        let full = blocking ?? Array(Set(routes.flatMap { route in
            space.expand(route, from: source, to: destination).flatMap { $0.path.links.filter { saturated[$0] } }
        })).sorted()
        let names = full.prefix(3).map { setup.topology.links[$0].name }
        let more = full.count > 3 ? " and \(full.count - 3) more" : ""
        let detail = names.isEmpty ? "fabric capacity went to demands of higher value or priority" : "saturated links on its paths: \(names.joined(separator: ", "))\(more)"
        return Shortfall(kind: .capacity, message: detail)
    }

    /// What the route space says about one endpoint pair's shortfall.
    private enum PairCut {
        case disconnected
        /// `RouteSpace.blockingLinks`: the saturated cut, or nil when some route has none saturated.
        case blocking([Int]?)
    }
}
