/// Dinic's maximum-flow algorithm on a residual graph with real capacities.
///
/// Capacities below `epsilon` count as saturated, which keeps the algorithm finite under floating
/// point; saturating pushes subtract the exact residual, so a saturated arc is exactly zero.
struct Dinic {
    private var head: [Int]
    private var next: [Int] = []
    private var to: [Int] = []
    private var residual: [Double] = []
    private(set) var capacity: [Double] = []
    private var level: [Int]
    private var cursor: [Int]
    let epsilon: Double

    init(nodeCount: Int, epsilon: Double) {
        head = Array(repeating: -1, count: nodeCount)
        level = Array(repeating: -1, count: nodeCount)
        cursor = Array(repeating: -1, count: nodeCount)
        self.epsilon = epsilon
    }

    var nodeCount: Int { head.count }

    /// Adds an arc and its reverse; returns the arc id (the reverse is `id ^ 1`).
    @discardableResult
    mutating func addArc(from: Int, to target: Int, capacity arcCapacity: Double) -> Int {
        let id = to.count
        for (source, destination, value) in [(from, target, arcCapacity), (target, from, 0.0)] {
            to.append(destination)
            residual.append(value)
            capacity.append(value)
            next.append(head[source])
            head[source] = to.count - 1
        }
        return id
    }

    /// Tail and head of an arc.
    func endpoints(ofArc id: Int) -> (from: Int, to: Int) {
        (to[id ^ 1], to[id])
    }

    /// Flow on an arc (capacity minus residual).
    func flow(onArc id: Int) -> Double {
        max(0, capacity[id] - residual[id])
    }

    /// Pushes as much flow as possible from `source` to `sink`; returns the amount added.
    mutating func maximize(from source: Int, to sink: Int) -> Double {
        guard source != sink else { return 0 }
        var total = 0.0
        while buildLevels(from: source, to: sink) {
            cursor = head
            while true {
                let pushed = push(source, sink, .infinity)
                if pushed <= epsilon { break }
                total += pushed
            }
        }
        return total
    }

    /// Nodes reachable from `source` over arcs with residual capacity: the source side of a minimum cut.
    func reachable(from source: Int) -> [Bool] {
        var seen = Array(repeating: false, count: head.count)
        seen[source] = true
        var stack = [source]
        while let node = stack.popLast() {
            var arc = head[node]
            while arc >= 0 {
                if residual[arc] > epsilon, !seen[to[arc]] {
                    seen[to[arc]] = true
                    stack.append(to[arc])
                }
                arc = next[arc]
            }
        }
        return seen
    }

    private mutating func buildLevels(from source: Int, to sink: Int) -> Bool {
        for index in level.indices { level[index] = -1 }
        level[source] = 0
        var queue = [source]
        var position = 0
        while position < queue.count {
            let node = queue[position]
            position += 1
            var arc = head[node]
            while arc >= 0 {
                if residual[arc] > epsilon, level[to[arc]] < 0 {
                    level[to[arc]] = level[node] + 1
                    queue.append(to[arc])
                }
                arc = next[arc]
            }
        }
        return level[sink] >= 0
    }

    private mutating func push(_ node: Int, _ sink: Int, _ limit: Double) -> Double {
        if node == sink { return limit }
        while cursor[node] >= 0 {
            let arc = cursor[node]
            let target = to[arc]
            if residual[arc] > epsilon, level[target] == level[node] + 1 {
                let pushed = push(target, sink, min(limit, residual[arc]))
                if pushed > epsilon {
                    if pushed >= residual[arc] {
                        residual[arc ^ 1] += residual[arc]
                        residual[arc] = 0
                    } else {
                        residual[arc] -= pushed
                        residual[arc ^ 1] += pushed
                    }
                    return pushed
                }
            }
            cursor[node] = next[arc]
        }
        return 0
    }
}
