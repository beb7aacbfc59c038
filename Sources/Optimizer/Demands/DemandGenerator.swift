import Topology

/// Generates a traffic matrix over a set of endpoints, reproducibly from a seed.
///
/// - `uniform`: every ordered pair, the same rate (optionally spread by ± `spread` at random).
/// - `gravity`: rate(s,t) ∝ mass(s) · mass(t), masses drawn from [0.1, 1].
/// - `hotspot`: uniform background plus `hotspotShare` of the volume aimed at a few destinations.
///
/// Each demand's class is drawn from `classes` (one class means all demands get it).
public struct DemandGenerator: Hashable, Sendable {
    public enum Model: String, Hashable, Sendable, Codable, CaseIterable {
        case uniform, gravity, hotspot
    }

    /// How much traffic to generate.
    public enum Volume: Hashable, Sendable {
        /// The sum over all pairs, in bit/s.
        case totalBps(Double)
        /// The average per ordered pair, in bit/s.
        case perPairBps(Double)
    }

    public var model: Model
    /// Host or switch names; every ordered pair of distinct endpoints gets a demand.
    public var endpoints: [String]
    public var volume: Volume
    public var classes: [QoSClass]
    public var seed: UInt64
    /// For `uniform`: each rate is drawn from rate · [1 − spread, 1 + spread]; 0 makes them equal.
    public var spread: Double
    /// For `hotspot`: the destinations drawing the extra traffic; empty picks one in eight at random.
    public var hotspots: [String]
    /// For `hotspot`: share of the volume aimed at the hotspots.
    public var hotspotShare: Double

    public init(model: Model, endpoints: [String], volume: Volume, classes: [QoSClass] = [.bronze], seed: UInt64 = 1,
                spread: Double = 0, hotspots: [String] = [], hotspotShare: Double = 0.5) {
        self.model = model
        self.endpoints = endpoints
        self.volume = volume
        self.classes = classes
        self.seed = seed
        self.spread = spread
        self.hotspots = hotspots
        self.hotspotShare = hotspotShare
    }

    /// Leaves on a spine-leaf fabric; otherwise switches with hosts; otherwise every switch.
    public static func defaultEndpoints(in topology: Topology) -> [String] {
        let leaves = topology.switches.filter { $0.role == .leaf }.map(\.name)
        if !leaves.isEmpty { return leaves }
        let withHosts = topology.switches.map(\.name).filter { !topology.hosts(attachedTo: $0).isEmpty }
        return withHosts.isEmpty ? topology.switches.map(\.name) : withHosts
    }

    /// The `limit` endpoints with the most up capacity attached (links leaving a switch, or a host's
    /// port speed), in their original order; ties go to the earlier one.
    public static func bestConnected(_ names: [String], limit: Int, in topology: Topology) -> [String] {
        func attached(_ name: String) -> Double {
            if let host = topology.hostNamed(name) {
                return topology.switchNamed(host.attachment.node)?.port(host.attachment.port)?.speedBps ?? 0
            }
            return topology.outgoingLinkIndices(of: name).lazy.map { topology.links[$0] }.filter(\.isUp).reduce(0) { $0 + $1.capacityBps }
        }
        let kept = Set(names.enumerated().sorted { (attached($0.element), -$0.offset) > (attached($1.element), -$1.offset) }
            .prefix(limit).map(\.offset))
        return names.enumerated().filter { kept.contains($0.offset) }.map(\.element)
    }

    /// The demands, ordered by source then destination in `endpoints` order, ids `src->dst/class`.
    public func generate() throws(OptimizerError) -> [Demand] {
        try validate()
        var random = SeededGenerator(seed: seed)
        let count = endpoints.count
        let pairs = Double(count * (count - 1))
        let total: Double
        switch volume {
        case .totalBps(let value): total = value
        case .perPairBps(let value): total = value * pairs
        }
        var rate: (Int, Int) -> Double
        switch model {
        case .uniform:
            let factors = (0..<(count * count)).map { _ in spread > 0 ? Double.random(in: (1 - spread)...(1 + spread), using: &random) : 1 }
            rate = { s, t in total / pairs * factors[s * count + t] }
        case .gravity:
            let masses = (0..<count).map { _ in Double.random(in: 0.1...1, using: &random) }
            let sum = masses.reduce(0, +)
            let norm = sum * sum - masses.reduce(0) { $0 + $1 * $1 }
            rate = { s, t in total * masses[s] * masses[t] / norm }
        case .hotspot:
            var chosen = Set(hotspots.compactMap { endpoints.firstIndex(of: $0) })
            if chosen.isEmpty {
                let picks = max(1, count / 8)
                chosen = Set(Array(endpoints.indices).shuffled(using: &random).prefix(picks))
            }
            let hotPairs = Double(chosen.count * (count - 1))
            let share = hotspotShare
            rate = { s, t in total * (1 - share) / pairs + (chosen.contains(t) ? total * share / hotPairs : 0) }
        }
        var demands: [Demand] = []
        for s in 0..<count {
            for t in 0..<count where s != t {
                let qosClass = classes.count == 1 ? classes[0] : classes[Int.random(in: 0..<classes.count, using: &random)]
                demands.append(Demand(source: endpoints[s], destination: endpoints[t], rateBps: rate(s, t), qosClass: qosClass))
            }
        }
        return demands
    }

    private func validate() throws(OptimizerError) {
        guard Set(endpoints).count == endpoints.count else {
            throw .invalidOption(name: "endpoints", message: "endpoint names repeat")
        }
        guard endpoints.count >= 2 else {
            throw .invalidOption(name: "endpoints", message: "need at least two endpoints (got \(endpoints.count))")
        }
        guard !classes.isEmpty else { throw .invalidOption(name: "classes", message: "need at least one class") }
        switch volume {
        case .totalBps(let value), .perPairBps(let value):
            guard value.isFinite, value >= 0 else { throw .invalidOption(name: "volume", message: "\(value) bit/s must be finite and non-negative") }
        }
        guard spread >= 0, spread <= 1 else { throw .invalidOption(name: "spread", message: "\(spread) must be within 0...1") }
        guard hotspotShare >= 0, hotspotShare <= 1 else { throw .invalidOption(name: "hotspot-share", message: "\(hotspotShare) must be within 0...1") }
        if let unknown = hotspots.first(where: { !endpoints.contains($0) }) {
            throw .invalidOption(name: "hotspots", message: "'\(unknown)' is not one of the endpoints")
        }
    }
}
