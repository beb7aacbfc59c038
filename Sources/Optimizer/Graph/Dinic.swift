/// Dinic's maximum-flow algorithm on a residual graph with real capacities.
///
/// Capacities below `epsilon` count as saturated, which keeps the algorithm finite under floating
/// point; saturating pushes subtract the exact residual, so a saturated arc is exactly zero.
///
/// Arcs are added one by one (each with its reverse, ids `id` and `id ^ 1`) and laid out per node in
/// one compact block (compressed sparse rows) before the first flow, so the searches read memory in
/// order. One network serves many maximum flows: `reset()` restores every residual to its capacity
/// without rebuilding anything, which is what the Gomory–Hu tree's `n − 1` flows on the same graph
/// need. An undirected edge is one arc pair whose two arcs both carry the capacity
/// (`addArc(… reverseCapacity:)`).
struct Dinic {
    /// Tail and head of each arc, by arc id.
    private var tails: [Int32] = []
    private var heads: [Int32] = []
    /// Capacity of each arc, by arc id.
    private(set) var capacity: [Double] = []
    /// Compressed layout: node `v`'s arcs are positions `first[v] ..< first[v + 1]`.
    private var first: [Int32]
    private var to: [Int32] = []
    private var reverse: [Int32] = []
    private var residual: [Double] = []
    private var full: [Double] = []
    /// Position of each arc id in the compressed layout.
    private var position: [Int32] = []
    private var level: [Int32]
    private var cursor: [Int32]
    private var queue: [Int32]
    let epsilon: Double

    init(nodeCount: Int, epsilon: Double) {
        first = Array(repeating: 0, count: nodeCount + 1)
        level = Array(repeating: -1, count: nodeCount)
        cursor = Array(repeating: 0, count: nodeCount)
        queue = Array(repeating: 0, count: nodeCount)
        self.epsilon = epsilon
    }

    var nodeCount: Int { level.count }

    /// Adds an arc and its reverse; returns the arc id (the reverse is `id ^ 1`). The reverse arc
    /// starts with `reverseCapacity`: 0 for a directed arc, the same capacity for an undirected edge.
    /// Flows already pushed are kept.
    @discardableResult
    mutating func addArc(from: Int, to target: Int, capacity arcCapacity: Double, reverseCapacity: Double = 0) -> Int {
        let id = tails.count
        tails.append(contentsOf: [Int32(from), Int32(target)])
        heads.append(contentsOf: [Int32(target), Int32(from)])
        capacity.append(contentsOf: [arcCapacity, reverseCapacity])
        return id
    }

    /// Tail and head of an arc.
    func endpoints(ofArc id: Int) -> (from: Int, to: Int) {
        (Int(tails[id]), Int(heads[id]))
    }

    /// Flow on an arc (capacity minus residual).
    func flow(onArc id: Int) -> Double {
        id < position.count ? max(0, capacity[id] - residual[Int(position[id])]) : 0
    }

    /// Forgets every flow: each residual goes back to its capacity.
    mutating func reset() {
        layOut()
        let count = full.count
        full.withUnsafeBufferPointer { full in
            residual.withUnsafeMutableBufferPointer { residual in
                guard let from = full.baseAddress, let into = residual.baseAddress else { return }
                into.update(from: from, count: count)
            }
        }
    }

    /// Whether `node` was on the source side of the minimum cut the last `maximize` found.
    func endsOnSourceSide(_ node: Int) -> Bool {
        level[node] >= 0
    }

    /// Pushes as much flow as possible from `source` to `sink`; returns the amount added.
    /// Afterwards `endsOnSourceSide(_:)` tells the source side of a minimum cut (the residual-reachable
    /// set, or a trivial cut when the flow filled everything the source can send or the sink receive).
    mutating func maximize(from source: Int, to sink: Int) -> Double {
        layOut()
        guard source != sink else {
            for index in level.indices { level[index] = index == source ? 0 : -1 }
            return 0
        }
        let epsilon = epsilon
        let nodeCount = nodeCount
        return first.withUnsafeBufferPointer { first in
            to.withUnsafeBufferPointer { to in
                reverse.withUnsafeBufferPointer { reverse in
                    residual.withUnsafeMutableBufferPointer { residual in
                        level.withUnsafeMutableBufferPointer { level in
                            cursor.withUnsafeMutableBufferPointer { cursor in
                                queue.withUnsafeMutableBufferPointer { queue in
                                    var kernel = Kernel(first: first.baseAddress!, to: to.baseAddress!, reverse: reverse.baseAddress!,
                                                        residual: residual.baseAddress!, level: level.baseAddress!,
                                                        cursor: cursor.baseAddress!, queue: queue.baseAddress!,
                                                        nodeCount: nodeCount, sink: Int32(sink), epsilon: epsilon)
                                    return kernel.maximize(from: Int32(source))
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
        var seen = Array(repeating: false, count: nodeCount)
        seen[source] = true
        var stack = [source]
        while let node = stack.popLast() {
            for arc in Int(first[node])..<Int(first[node + 1]) where residual[arc] > epsilon && !seen[Int(to[arc])] {
                seen[Int(to[arc])] = true
                stack.append(Int(to[arc]))
            }
        }
        return seen
    }

    /// Builds the compressed layout for arcs added since the last one, keeping the flows on the others.
    private mutating func layOut() {
        guard position.count != tails.count else { return }
        var residualByArc = capacity
        for (id, spot) in position.enumerated() { residualByArc[id] = residual[Int(spot)] }
        let nodes = nodeCount
        var count = Array(repeating: Int32(0), count: nodes + 1)
        for tail in tails { count[Int(tail) + 1] += 1 }
        for node in 0..<nodes { count[node + 1] += count[node] }
        first = count
        var next = Array(count.dropLast())
        position = Array(repeating: 0, count: tails.count)
        for id in tails.indices {
            let tail = Int(tails[id])
            position[id] = next[tail]
            next[tail] += 1
        }
        to = Array(repeating: 0, count: tails.count)
        reverse = Array(repeating: 0, count: tails.count)
        residual = Array(repeating: 0, count: tails.count)
        full = Array(repeating: 0, count: tails.count)
        for id in tails.indices {
            let spot = Int(position[id])
            to[spot] = heads[id]
            reverse[spot] = position[id ^ 1]
            residual[spot] = residualByArc[id]
            full[spot] = capacity[id]
        }
    }

    /// The level-graph search and blocking-flow pushes over raw buffers (no copy-on-write or bounds
    /// checks in the inner loops; the buffers belong to the enclosing `maximize` call).
    private struct Kernel {
        let first: UnsafePointer<Int32>
        let to: UnsafePointer<Int32>
        let reverse: UnsafePointer<Int32>
        let residual: UnsafeMutablePointer<Double>
        let level: UnsafeMutablePointer<Int32>
        let cursor: UnsafeMutablePointer<Int32>
        let queue: UnsafeMutablePointer<Int32>
        let nodeCount: Int
        let sink: Int32
        let epsilon: Double

        /// Stops as soon as the flow reaches the smaller of what can leave the source and what can
        /// enter the sink: no cut is smaller, so one of those two trivial cuts is minimum and its
        /// source side is marked without the last, complete search.
        mutating func maximize(from source: Int32) -> Double {
            var outOfSource = 0.0
            for arc in Int(first[Int(source)])..<Int(first[Int(source) + 1]) { outOfSource += residual[arc] }
            var intoSink = 0.0
            for arc in Int(first[Int(sink)])..<Int(first[Int(sink) + 1]) { intoSink += residual[Int(reverse[arc])] }
            let bound = min(outOfSource, intoSink)
            var total = 0.0
            while buildLevels(from: source) {
                cursor.update(from: first, count: nodeCount)
                while true {
                    let pushed = push(source, bound - total)
                    if pushed <= epsilon { break }
                    total += pushed
                    if total >= bound - epsilon {
                        markTrivialCut(source: source, sourceAlone: total >= outOfSource - epsilon)
                        return total
                    }
                }
            }
            return total
        }

        /// Marks the source side of the trivial cut the flow has reached: the source alone, or
        /// everything but the sink.
        private func markTrivialCut(source: Int32, sourceAlone: Bool) {
            level.update(repeating: sourceAlone ? -1 : 0, count: nodeCount)
            if sourceAlone { level[Int(source)] = 0 } else { level[Int(sink)] = -1 }
        }

        /// Breadth-first levels from `source`; stops expanding past the sink's level. When the sink is
        /// unreachable the search is complete, so `level >= 0` marks exactly the residual-reachable nodes.
        private func buildLevels(from source: Int32) -> Bool {
            level.update(repeating: -1, count: nodeCount)
            level[Int(source)] = 0
            queue[0] = source
            var position = 0
            var end = 1
            while position < end {
                let node = Int(queue[position])
                position += 1
                let nextLevel = level[node] + 1
                if level[Int(sink)] >= 0, nextLevel > level[Int(sink)] { break }
                for arc in Int(first[node])..<Int(first[node + 1]) {
                    let target = Int(to[arc])
                    if level[target] < 0, residual[arc] > epsilon {
                        level[target] = nextLevel
                        queue[end] = Int32(target)
                        end += 1
                    }
                }
            }
            return level[Int(sink)] >= 0
        }

        /// Sends up to `limit` from `node` towards the sink along level-increasing arcs; nodes that
        /// can send nothing more are cut out of the level graph for the rest of the phase.
        private func push(_ node: Int32, _ limit: Double) -> Double {
            if node == sink { return limit }
            let index = Int(node)
            let end = first[index + 1]
            var sent = 0.0
            while cursor[index] < end {
                let arc = Int(cursor[index])
                let target = to[arc]
                if residual[arc] > epsilon, level[Int(target)] == level[index] + 1 {
                    let pushed = push(target, min(limit - sent, residual[arc]))
                    if pushed > epsilon {
                        let back = Int(reverse[arc])
                        if pushed >= residual[arc] {
                            residual[back] += residual[arc]
                            residual[arc] = 0
                        } else {
                            residual[arc] -= pushed
                            residual[back] += pushed
                        }
                        sent += pushed
                        if limit - sent <= epsilon { return sent }
                    }
                }
                cursor[index] += 1
            }
            level[index] = -1
            return sent
        }
    }
}
