import Topology

/// One edge of a minimum cut: a fabric link, or a host's access port.
public struct CutEdge: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Link name (`a:1->b:2`), or `host->switch:port` / `switch:port->host` for an access port.
    public var name: String
    /// Index into `Topology.links`; nil for a host access port.
    public var linkIndex: Int?
    public var capacityBps: Double

    public init(name: String, linkIndex: Int?, capacityBps: Double) {
        self.name = name
        self.linkIndex = linkIndex
        self.capacityBps = capacityBps
    }

    public var description: String { name }

    enum CodingKeys: String, CodingKey {
        case name
        case linkIndex = "link_index"
        case capacityBps = "capacity_bps"
    }
}

/// The maximum flow between two nodes and a minimum cut that proves it.
public struct MaxFlowResult: Hashable, Sendable, Codable {
    public var source: String
    public var destination: String
    /// Maximum flow in bit/s; equals the summed capacity of `cut`.
    public var valueBps: Double
    /// Flow on each link, indexed like `Topology.links` (0 on links that are down).
    public var linkFlowsBps: [Double]
    /// Saturated edges from the source side to the sink side, in link order (access ports first).
    /// When several cuts are minimum, this is the one with the smallest source side.
    public var cut: [CutEdge]
    /// Switches (and host endpoints) reachable from the source in the residual graph, sorted.
    public var sourceSide: [String]

    enum CodingKeys: String, CodingKey {
        case source, destination
        case valueBps = "value_bps"
        case linkFlowsBps = "link_flows_bps"
        case cut
        case sourceSide = "source_side"
    }
}

/// Exact maximum flow and minimum cut over the up links of a topology (Dinic's algorithm).
///
/// Endpoints may be switches or hosts; a host is joined to its switch by its access port, whose speed
/// can itself be the bottleneck.
public enum MaxFlow {
    /// The maximum flow from `source` to `destination`.
    public static func compute(in topology: Topology, from source: String, to destination: String) throws(OptimizerError) -> MaxFlowResult {
        var network = try Network(topology: topology, source: source, destination: destination)
        return network.solve()
    }

    /// For each demand, the min-cut capacity between its endpoints and the links forming the cut.
    /// Pairs are solved once however many demands share them.
    public static func bottlenecks(for demands: [Demand], in topology: Topology) throws(OptimizerError) -> [PairBottleneck] {
        var cache: [String: MaxFlowResult] = [:]
        var report: [PairBottleneck] = []
        for demand in demands {
            let key = "\(demand.source)\u{0}\(demand.destination)"
            let result: MaxFlowResult
            if let cached = cache[key] {
                result = cached
            } else {
                result = try compute(in: topology, from: demand.source, to: demand.destination)
                cache[key] = result
            }
            report.append(PairBottleneck(demandID: demand.id, source: demand.source, destination: demand.destination,
                                         requestedBps: demand.rateBps, minCutBps: result.valueBps, cut: result.cut))
        }
        return report
    }

    /// The Dinic network for one source/destination pair: fabric edges plus access-port edges for host endpoints.
    private struct Network {
        let topology: Topology
        let source: String
        let destination: String
        var dinic: Dinic
        var sourceNode: Int
        var sinkNode: Int
        /// Arc id of each usable link.
        var linkArcs: [(link: Int, arc: Int)] = []
        /// Access arcs with their cut names.
        var accessArcs: [(name: String, arc: Int)] = []
        var names: [String]

        init(topology: Topology, source: String, destination: String) throws(OptimizerError) {
            guard source != destination else {
                throw .invalidOption(name: "destination", message: "source and destination are both '\(source)'")
            }
            let graph = FabricGraph(topology: topology)
            self.topology = topology
            self.source = source
            self.destination = destination
            names = graph.nodeNames
            let maxCapacity = graph.edges.map(\.capacity).max() ?? 1
            dinic = Dinic(nodeCount: graph.nodeCount + 2, epsilon: maxCapacity * 1e-12)
            for edge in graph.edges {
                linkArcs.append((edge.linkIndex, dinic.addArc(from: edge.from, to: edge.to, capacity: edge.capacity)))
            }
            sourceNode = -1
            sinkNode = -1
            sourceNode = try attach(source, graph: graph, extraNode: graph.nodeCount, outgoing: true)
            sinkNode = try attach(destination, graph: graph, extraNode: graph.nodeCount + 1, outgoing: false)
        }

        /// The Dinic node for an endpoint: the switch itself, or an extra node joined by the host's access port.
        private mutating func attach(_ name: String, graph: FabricGraph, extraNode: Int, outgoing: Bool) throws(OptimizerError) -> Int {
            if let host = topology.hostNamed(name) {
                guard let switchNode = graph.nodeIndex[host.attachment.node] else { throw .unknownNode(host.attachment.node) }
                let port = topology.switchNamed(host.attachment.node)?.port(host.attachment.port)
                let speed = port.map { $0.isUp && $0.speedBps.isFinite ? max(0, $0.speedBps) : 0 } ?? .infinity
                names.append(name)
                if outgoing {
                    accessArcs.append(("\(name)->\(host.attachment)", dinic.addArc(from: extraNode, to: switchNode, capacity: speed)))
                } else {
                    accessArcs.append(("\(host.attachment)->\(name)", dinic.addArc(from: switchNode, to: extraNode, capacity: speed)))
                }
                return extraNode
            }
            guard topology.switchNamed(name) != nil, let index = graph.nodeIndex[name] else { throw .unknownNode(name) }
            names.append(name)
            return index
        }

        mutating func solve() -> MaxFlowResult {
            let value = dinic.maximize(from: sourceNode, to: sinkNode)
            let side = dinic.reachable(from: sourceNode)
            var flows = Array(repeating: 0.0, count: topology.links.count)
            var cut: [CutEdge] = []
            for (name, arc) in accessArcs where crosses(arc, side) {
                cut.append(CutEdge(name: name, linkIndex: nil, capacityBps: dinic.capacity[arc]))
            }
            for (link, arc) in linkArcs {
                flows[link] = dinic.flow(onArc: arc)
                if crosses(arc, side) {
                    cut.append(CutEdge(name: topology.links[link].name, linkIndex: link, capacityBps: dinic.capacity[arc]))
                }
            }
            let sourceSide = side.indices.filter { side[$0] && $0 < names.count }.map { names[$0] }
            return MaxFlowResult(source: source, destination: destination, valueBps: value, linkFlowsBps: flows,
                                 cut: cut, sourceSide: Array(Set(sourceSide)).sorted())
        }

        private func crosses(_ arc: Int, _ side: [Bool]) -> Bool {
            side[arcSource(arc)] && !side[arcTarget(arc)]
        }

        private func arcSource(_ arc: Int) -> Int { dinic.endpoints(ofArc: arc).from }
        private func arcTarget(_ arc: Int) -> Int { dinic.endpoints(ofArc: arc).to }
    }
}

/// A demand's best possible rate through the fabric alone and the cut that limits it.
public struct PairBottleneck: Hashable, Sendable, Codable {
    public var demandID: String
    public var source: String
    public var destination: String
    public var requestedBps: Double
    /// Min-cut (= max-flow) capacity between the endpoints in bit/s.
    public var minCutBps: Double
    public var cut: [CutEdge]

    /// Whether the fabric cannot carry the demand even when it has the fabric to itself.
    public var isLimitedByCut: Bool { minCutBps < requestedBps }

    enum CodingKeys: String, CodingKey {
        case demandID = "demand"
        case source, destination
        case requestedBps = "requested_bps"
        case minCutBps = "min_cut_bps"
        case cut
    }
}
