import Optimizer
import Topology

/// The allocation currently installed, with its paths remembered by link name so it can be replayed
/// on a later topology version (link indices change when links come and go).
public struct AppliedAllocation: Hashable, Sendable {
    public var allocation: Allocation
    /// Per demand, per split: the link names of the split's path.
    var pathNames: [[[String]]]

    /// Records `allocation` with its paths as link names of `topology`, so it can be replayed on a later
    /// version of the fabric.
    public init(_ allocation: Allocation, on topology: Topology) {
        self.allocation = allocation
        pathNames = allocation.demands.map { demand in demand.splits.map { $0.path.linkNames(in: topology) } }
    }

    /// The allocation as it stands on `topology`.
    struct Replay {
        /// The same routing on the new topology, without splits that lost a link.
        var allocation: Allocation
        /// Demand id → the down or missing links that broke its splits.
        var brokenDemands: [String: [String]]
        /// Up links whose load exceeds their usable capacity, by name.
        var overloadedLinks: [String]
    }

    /// Replays the routing on `topology`: splits crossing a link that is gone or down are dropped and
    /// their demands reported broken; links left carrying more than capacity × (1 − headroom) are
    /// reported overloaded. With `demands` (the demands being solved now, e.g. measured rates), the
    /// routing is scored against them: a demand whose rate fell has its splits scaled down to it, one no
    /// longer asked for is left out.
    func replay(on topology: Topology, headroom: Double, demands current: [Demand]? = nil) -> Replay {
        var broken: [String: [String]] = [:]
        let now = current.map { Dictionary($0.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first }) }
        let demands = zip(allocation.demands, pathNames).compactMap { demand, names -> DemandAllocation? in
            var request = demand.demand
            if let now {
                guard let asked = now[request.id] else { return nil }
                request = asked
            }
            let served = demand.splits.reduce(0) { $0 + $1.rateBps }
            let scale = served > request.rateBps && served > 0 ? request.rateBps / served : 1
            var splits: [PathSplit] = []
            for (split, links) in zip(demand.splits, names) {
                let indices = links.map { topology.linkIndex(named: $0) }
                let lost = zip(links, indices).filter { name, index in index.map { !topology.links[$0].isUp } ?? true }.map(\.0)
                if lost.isEmpty {
                    splits.append(PathSplit(path: Path(links: indices.compactMap { $0 }), rateBps: split.rateBps * scale))
                } else {
                    broken[demand.demand.id, default: []].append(contentsOf: lost)
                }
            }
            return DemandAllocation(demand: request, splits: splits, shortfall: demand.shortfall)
        }
        let replayed = Allocation(
            topology: topology, objective: allocation.objective, objectiveValue: allocation.objectiveValue, headroom: headroom,
            demands: demands, solveSeconds: 0, solverStatus: allocation.solverStatus, statistics: allocation.statistics)
        let overloaded = replayed.links.filter { $0.isUp && $0.loadBps > Self.usable($0.capacityBps, headroom: headroom) }.map(\.name)
        return Replay(allocation: replayed, brokenDemands: broken.mapValues { Array(Set($0)).sorted() }, overloadedLinks: overloaded)
    }

    /// Capacity × (1 − headroom), with a tolerance for LP round-off.
    static func usable(_ capacity: Double, headroom: Double) -> Double {
        capacity * (1 - headroom) * (1 + 1e-9) + 1e-3
    }
}
