import Foundation
import Topology

/// One demand set on one topology, ready for an LP: resolved demands, the route space, commodities
/// (connected demands with a positive rate) and the LP unit.
struct ProblemSetup {
    var topology: Topology
    let options: OptimizerOptions
    let resolved: ResolvedDemands
    var space: any RouteSpace
    let commodities: [Commodity]
    /// Entries (indices into `resolved.entries`) that have no route at all.
    let disconnected: Set<Int>
    /// Bit/s per LP unit: a power of ten near the largest link capacity, so capacities are O(1).
    let scale: Double
    /// Whether every commodity has exactly one route in the space, so rates can be column bounds.
    var singleRoutePerCommodity: Bool {
        (space as? SpineLeafRouteSpace)?.groups.count == 1 || space is FatTreePodRouteSpace
    }

    init(topology: Topology, demands: [Demand], options: OptimizerOptions, spineGrouping: SpineLeafRouteSpace.Grouping? = nil) throws(OptimizerError) {
        let options = try options.validated()
        self.topology = topology
        self.options = options
        let resolved = try ResolvedDemands.resolve(demands, in: topology)
        self.resolved = resolved
        let space = try Self.makeSpace(topology: topology, resolved: resolved, options: options, spineGrouping: spineGrouping)
        self.space = space
        let largest = topology.links.lazy.filter { $0.isUp && $0.capacityBps.isFinite && $0.capacityBps > 0 }.map(\.capacityBps).max() ?? 1e9
        scale = pow(10, floor(log10(largest)))

        var commodities: [Commodity] = []
        var disconnected = Set<Int>()
        for (index, entry) in resolved.entries.enumerated() where entry.demand.rateBps > 0 {
            guard let source = space.endpoint(of: entry.sourceSwitch), let destination = space.endpoint(of: entry.destinationSwitch),
                  space.initialRoute(from: source, to: destination) != nil else {
                disconnected.insert(index)
                continue
            }
            commodities.append(Commodity(entry: index, source: source, destination: destination, rate: entry.demand.rateBps / scale,
                                         weight: entry.demand.qosClass.weight, priority: entry.demand.qosClass.priority, access: entry.access))
        }
        self.commodities = commodities
        self.disconnected = disconnected
    }

    /// Access capacities in LP units.
    var accessCapacities: [Double] { resolved.access.map { $0.capacityBps / scale } }

    /// Fabric capacities in LP units.
    var fabricCapacities: [Double] { space.capacities.map { $0 / scale } }

    private static func makeSpace(topology: Topology, resolved: ResolvedDemands, options: OptimizerOptions,
                                  spineGrouping: SpineLeafRouteSpace.Grouping?) throws(OptimizerError) -> any RouteSpace {
        let grouping = spineGrouping ?? (options.symmetryReduction ? .identicalCapacities : .individual)
        let endpoints = Set(resolved.entries.flatMap { [$0.sourceSwitch, $0.destinationSwitch] })
        func spineLeaf() -> SpineLeafRouteSpace? {
            guard let layers = ClosLayers.of(topology, endpoints: endpoints),
                  let space = SpineLeafRouteSpace(topology: topology, layers: layers, grouping: grouping) else { return nil }
            let onLeaves = resolved.entries.allSatisfy { space.endpoint(of: $0.sourceSwitch) != nil && space.endpoint(of: $0.destinationSwitch) != nil }
            return onLeaves ? space : nil
        }
        func fatTree() -> FatTreeRouteSpace? {
            guard let levels = FatTreeLevels.recognised(topology, endpoints: endpoints) else { return nil }
            let space = FatTreeRouteSpace(topology: topology, levels: levels)
            return endpoints.allSatisfy { space.endpoint(of: $0) != nil } ? space : nil
        }
        switch options.pathSpace {
        case .automatic:
            if let space = spineLeaf() { return space }
            if let space = fatTree() { return space }
            return SimplePathRouteSpace(topology: topology)
        case .spineLeaf:
            guard let space = spineLeaf() else {
                let offender = resolved.entries.first { topology.switchNamed($0.sourceSwitch)?.role != .leaf || topology.switchNamed($0.destinationSwitch)?.role != .leaf }
                let detail = offender.map { "demand \($0.demand.id) has an endpoint that is not on a leaf" } ?? "the topology has no spine and leaf switches"
                throw .invalidOption(name: "path-space", message: "spine-leaf paths need leaf endpoints: \(detail)")
            }
            return space
        case .simplePaths:
            return SimplePathRouteSpace(topology: topology)
        case .kShortest(let k):
            let graph = FabricGraph(topology: topology)
            let pairs = resolved.entries.compactMap { entry -> (Int, Int)? in
                guard let source = graph.nodeIndex[entry.sourceSwitch], let destination = graph.nodeIndex[entry.destinationSwitch] else { return nil }
                return (source, destination)
            }
            return SimplePathRouteSpace(topology: topology, kShortest: k, pairs: pairs)
        }
    }
}
