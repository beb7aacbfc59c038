/// Dinic's maximum-flow algorithm on a residual graph with real capacities.
///
/// Capacities below `epsilon` count as saturated, which keeps the algorithm finite under floating
/// point; saturating pushes subtract the exact residual, so a saturated arc is exactly zero.
///
/// One network serves many maximum flows: `reset()` restores every residual to its capacity without
/// rebuilding anything, which is what the Gomory–Hu tree's `n − 1` flows on the same graph need.
/// An undirected edge is one arc pair whose two arcs both carry the capacity (`addArc(… reverseCapacity:)`).
struct Dinic {
    private var head: [Int]
    private var next: [Int] = []
    private var to: [Int] = []
    private var residual: [Double] = []
    private(set) var capacity: [Double] = []
    private var level: [Int]
    private var cursor: [Int]
    private var queue: [Int]
    let epsilon: Double

    init(nodeCount: Int, epsilon: Double) {
        head = Array(repeating: -1, count: nodeCount)
        level = Array(repeating: -1, count: nodeCount)
        cursor = Array(repeating: -1, count: nodeCount)
        queue = Array(repeating: 0, count: nodeCount)
        self.epsilon = epsilon
    }

    var nodeCount: Int { head.count }

    /// Adds an arc and its reverse; returns the arc id (the reverse is `id ^ 1`). The reverse arc
    /// starts with `reverseCapacity`: 0 for a directed arc, the same capacity for an undirected edge.
    @discardableResult
    mutating func addArc(from: Int, to target: Int, capacity arcCapacity: Double, reverseCapacity: Double = 0) -> Int {
        let id = to.count
        for (source, destination, value) in [(from, target, arcCapacity), (target, from, reverseCapacity)] {
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

    /// Forgets every flow: each residual goes back to its capacity.
    mutating func reset() {
        let count = capacity.count
        capacity.withUnsafeBufferPointer { capacity in
            residual.withUnsafeMutableBufferPointer { residual in
                guard let from = capacity.baseAddress, let into = residual.baseAddress else { return }
                into.update(from: from, count: count)
            }
        }
    }

    /// Whether `node` was reachable from the source in the residual graph when the last
    /// `maximize` finished: the source side of a minimum cut, read without another search.
    func endsOnSourceSide(_ node: Int) -> Bool {
        level[node] >= 0
    }

    /// Pushes as much flow as possible from `source` to `sink`; returns the amount added.
    /// Afterwards `endsOnSourceSide(_:)` tells the source side of a minimum cut.
    mutating func maximize(from source: Int, to sink: Int) -> Double {
        guard source != sink else {
            for index in level.indices { level[index] = index == source ? 0 : -1 }
            return 0
        }
        let epsilon = epsilon
        return head.withUnsafeBufferPointer { head in
            next.withUnsafeBufferPointer { next in
                to.withUnsafeBufferPointer { to in
                    residual.withUnsafeMutableBufferPointer { residual in
                        level.withUnsafeMutableBufferPointer { level in
                            cursor.withUnsafeMutableBufferPointer { cursor in
                                queue.withUnsafeMutableBufferPointer { queue in
                                    var kernel = Kernel(head: head.baseAddress!, next: next.baseAddress!, to: to.baseAddress!,
                                                        residual: residual.baseAddress!, level: level.baseAddress!,
                                                        cursor: cursor.baseAddress!, queue: queue.baseAddress!,
                                                        nodeCount: head.count, sink: sink, epsilon: epsilon)
                                    return kernel.maximize(from: source)
                                }
                            }
                        }
                    }
                }
            }
        }
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

    /// The level-graph search and blocking-flow pushes over raw buffers (no copy-on-write or bounds
    /// checks in the inner loops; the buffers belong to the enclosing `maximize` call).
    private struct Kernel {
        let head: UnsafePointer<Int>
        let next: UnsafePointer<Int>
        let to: UnsafePointer<Int>
        let residual: UnsafeMutablePointer<Double>
        let level: UnsafeMutablePointer<Int>
        let cursor: UnsafeMutablePointer<Int>
        let queue: UnsafeMutablePointer<Int>
        let nodeCount: Int
        let sink: Int
        let epsilon: Double

        mutating func maximize(from source: Int) -> Double {
            var total = 0.0
            while buildLevels(from: source) {
                cursor.update(from: head, count: nodeCount)
                while true {
                    let pushed = push(source, .infinity)
                    if pushed <= epsilon { break }
                    total += pushed
                }
            }
            return total
        }

        /// Breadth-first levels from `source`; stops expanding past the sink's level. When the sink is
        /// unreachable the search is complete, so `level >= 0` marks exactly the residual-reachable nodes.
        private func buildLevels(from source: Int) -> Bool {
            level.update(repeating: -1, count: nodeCount)
            level[source] = 0
            queue[0] = source
            var position = 0
            var end = 1
            while position < end {
                let node = queue[position]
                position += 1
                let nextLevel = level[node] + 1
                if level[sink] >= 0, nextLevel > level[sink] { break }
                var arc = head[node]
                while arc >= 0 {
                    let target = to[arc]
                    if level[target] < 0, residual[arc] > epsilon {
                        level[target] = nextLevel
                        queue[end] = target
                        end += 1
                    }
                    arc = next[arc]
                }
            }
            return level[sink] >= 0
        }

        /// Sends up to `limit` from `node` towards the sink along level-increasing arcs; nodes that
        /// can send nothing more are cut out of the level graph for the rest of the phase.
        private func push(_ node: Int, _ limit: Double) -> Double {
            if node == sink { return limit }
            var sent = 0.0
            while cursor[node] >= 0 {
                let arc = cursor[node]
                let target = to[arc]
                if residual[arc] > epsilon, level[target] == level[node] + 1 {
                    let pushed = push(target, min(limit - sent, residual[arc]))
                    if pushed > epsilon {
                        if pushed >= residual[arc] {
                            residual[arc ^ 1] += residual[arc]
                            residual[arc] = 0
                        } else {
                            residual[arc] -= pushed
                            residual[arc ^ 1] += pushed
                        }
                        sent += pushed
                        if limit - sent <= epsilon { return sent }
                    }
                }
                cursor[node] = next[arc]
            }
            level[node] = -1
            return sent
        }
    }
}
