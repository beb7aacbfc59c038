/// Feasibility of a flow with lower and upper bounds on arcs, by the standard reduction to one
/// maximum flow (Dinic) from a super source to a super sink.
struct BoundedFlow {
    private var dinic: Dinic
    private var excess: [Double]
    private var lowerBounds: [Double] = []
    private var arcs: [Int] = []
    private let tolerance: Double

    init(nodeCount: Int, tolerance: Double) {
        dinic = Dinic(nodeCount: nodeCount + 2, epsilon: tolerance * 1e-3)
        excess = Array(repeating: 0, count: nodeCount + 2)
        self.tolerance = tolerance
    }

    /// Adds an arc carrying between `lower` and `upper`; returns its id for `flow(onEdge:)`.
    @discardableResult
    mutating func addEdge(from: Int, to: Int, lower: Double, upper: Double) -> Int {
        arcs.append(dinic.addArc(from: from, to: to, capacity: max(0, upper - lower)))
        lowerBounds.append(lower)
        excess[to] += lower
        excess[from] -= lower
        return arcs.count - 1
    }

    /// Whether every lower bound can be met; afterwards `flow(onEdge:)` gives a feasible flow.
    mutating func solve() -> Bool {
        let superSource = excess.count - 2
        let superSink = excess.count - 1
        var required = 0.0
        for node in 0..<superSource {
            if excess[node] > 0 {
                dinic.addArc(from: superSource, to: node, capacity: excess[node])
                required += excess[node]
            } else if excess[node] < 0 {
                dinic.addArc(from: node, to: superSink, capacity: -excess[node])
            }
        }
        let pushed = dinic.maximize(from: superSource, to: superSink)
        return pushed >= required - tolerance
    }

    func flow(onEdge edge: Int) -> Double {
        lowerBounds[edge] + dinic.flow(onArc: arcs[edge])
    }
}
