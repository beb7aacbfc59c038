import Topology

/// Makes a fabric look like one in production, reproducibly from a seed: some cables run at reduced
/// capacity, some are down, some spines are drained.
///
/// A cable is a pair of opposite links between two switch ports; both directions change together.
/// Spines are the switches with role `spine`; when no switch has a role (an imported file), they are
/// the switches with the most links. Used by `weft bench optimize` and the differential tests.
public struct FabricDegradation: Hashable, Sendable {
    /// Fraction of the cables (0...1) whose capacity is multiplied by `degradedCapacity`.
    public var degradedFraction: Double
    /// Capacity a degraded cable keeps, as a fraction of its own (0.4 = 40 %).
    public var degradedCapacity: Double
    /// Fraction of the cables (0...1) that are down; drawn from the cables not degraded.
    public var failedFraction: Double
    /// Spines whose every link is down.
    public var failedSpines: Int
    public var seed: UInt64

    public init(degradedFraction: Double = 0, degradedCapacity: Double = 0.4, failedFraction: Double = 0, failedSpines: Int = 0, seed: UInt64 = 1) {
        self.degradedFraction = degradedFraction
        self.degradedCapacity = degradedCapacity
        self.failedFraction = failedFraction
        self.failedSpines = failedSpines
        self.seed = seed
    }

    /// What is wrong with the parameters, if anything.
    public func problems() -> [String] {
        var found: [String] = []
        if !(0...1).contains(degradedFraction) { found.append("degraded fraction must be within 0...1 (got \(degradedFraction))") }
        if !(0...1).contains(degradedCapacity) { found.append("degraded capacity must be within 0...1 (got \(degradedCapacity))") }
        if !(0...1).contains(failedFraction) { found.append("failed fraction must be within 0...1 (got \(failedFraction))") }
        if degradedFraction + failedFraction > 1 { found.append("degraded and failed fractions add up to more than 1") }
        if failedSpines < 0 { found.append("failed spines must be at least 0 (got \(failedSpines))") }
        return found
    }

    /// `topology` with the changes applied; the names of the changed cables and spines describe them.
    public func apply(to topology: Topology) -> (topology: Topology, degraded: [String], failed: [String], drained: [String]) {
        var random = SeededGenerator(seed: seed)
        var result = topology
        let cables = Self.cables(of: topology)
        var order = Array(cables.indices)
        order.shuffle(using: &random)
        let degradedCount = Int((degradedFraction * Double(cables.count)).rounded())
        let failedCount = min(cables.count - degradedCount, Int((failedFraction * Double(cables.count)).rounded()))
        var degraded: [String] = []
        var failed: [String] = []
        var links = result.links
        for (position, cable) in order.enumerated() where position < degradedCount + failedCount {
            let isDegraded = position < degradedCount
            for link in cables[cable] {
                if isDegraded { links[link].capacityBps *= degradedCapacity } else { links[link].isUp = false }
            }
            let name = links[cables[cable][0]].name
            if isDegraded { degraded.append(name) } else { failed.append(name) }
        }
        let drained = Array(Self.spines(of: topology).shuffled(using: &random).prefix(failedSpines)).sorted()
        let drainedSet = Set(drained)
        for index in links.indices where drainedSet.contains(links[index].source.node) || drainedSet.contains(links[index].target.node) {
            links[index].isUp = false
        }
        result.links = links
        return (result, degraded.sorted(), failed.sorted(), drained)
    }

    /// Link indices per cable (one or two links), in link order.
    static func cables(of topology: Topology) -> [[Int]] {
        var reverse: [String: Int] = [:]
        var cables: [[Int]] = []
        var cableOfLink: [Int: Int] = [:]
        for (index, link) in topology.links.enumerated() {
            let key = "\(link.target)|\(link.source)"
            if let opposite = reverse[key], let cable = cableOfLink[opposite], cables[cable].count == 1 {
                cables[cable].append(index)
                reverse[key] = nil
                continue
            }
            reverse["\(link.source)|\(link.target)"] = index
            cableOfLink[index] = cables.count
            cables.append([index])
        }
        return cables
    }

    private static func spines(of topology: Topology) -> [String] {
        let byRole = topology.switches.filter { $0.role == .spine }.map(\.name)
        if !byRole.isEmpty { return byRole }
        var degree: [String: Int] = [:]
        for link in topology.links { degree[link.source.node, default: 0] += 1 }
        let most = degree.values.max() ?? 0
        return topology.switches.map(\.name).filter { degree[$0] == most && most > 0 }
    }
}
