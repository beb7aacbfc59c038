import Foundation
import Optimizer
import Topology

/// Builds each step's `MinCutOutcome` from a Gomory–Hu tree of the step's fabric and compares it
/// with the baseline's min-cuts, pair by pair.
struct MinCutAnalysis {
    /// At most this many heat-map rows of one endpoint each; larger endpoint sets are drawn in groups.
    var maxCells = 96
    /// How many rows a grouped heat map has at most: 48 × 48 cells keep a step's map near 300 KB
    /// (Kdl's 754 nodes one per row would be 568,516 cells, 95 groups still 1.2 MB).
    var maxGroups = 48
    var listed = 10

    /// The endpoints' full min-cut matrix, kept from the baseline to find the pairs that fell.
    struct Matrix {
        var names: [String]
        var values: [[Double]]
    }

    /// The outcome for `topology` (minus `reservations` when given), and its matrix; nil when the
    /// fabric has fewer than two endpoints.
    func analyse(_ topology: Topology, reservations: CapacityReservations? = nil, baseline: Matrix?,
                 progress: ((Int, Int) -> Void)? = nil) -> (outcome: MinCutOutcome, matrix: Matrix)? {
        let kind = MinCutEndpoints.defaultChoice(for: topology)
        guard let names = try? kind.names(in: topology) else { return nil }
        let started = Date()
        let tree = GomoryHuTree(topology: topology, reservations: reservations, includeHosts: false, progress: progress)
        let summary = MinCutSummary(tree: tree, endpoints: names, weakest: listed, weakSpots: listed)
        let indices = names.compactMap(tree.index(of:))
        let values = tree.matrix(among: indices)
        let matrix = Matrix(names: names, values: values)
        let block = names.count <= maxCells ? 1 : (names.count + maxGroups - 1) / maxGroups
        let order = block == 1 ? Array(names.indices) : Self.treeOrder(tree, endpoints: indices)
        let groups = stride(from: 0, to: order.count, by: block).map { Array(order[$0..<min($0 + block, order.count)]) }
        let cells: [[Double?]] = groups.map { rows in
            groups.map { columns in
                var lowest: Double?
                for row in rows {
                    for column in columns where row != column {
                        lowest = min(lowest ?? .infinity, values[row][column])
                    }
                }
                return lowest
            }
        }
        let labels = groups.map { $0.count == 1 ? names[$0[0]] : "\(names[$0[0]]) +\($0.count - 1)" }
        let outcome = MinCutOutcome(
            between: kind.rawValue, endpoints: names.count, pairs: summary.pairCount, disconnectedPairs: summary.disconnectedPairs,
            lowestBps: summary.distribution.first?.valueBps ?? 0, medianBps: Self.median(summary.distribution, pairs: summary.pairCount),
            highestBps: summary.distribution.last?.valueBps ?? 0,
            blockSize: block, labels: labels, groups: block == 1 ? [] : groups.map { $0.map { names[$0] } }, cells: cells,
            weakest: summary.weakest.map { MinCutOutcome.Pair(source: $0.source, destination: $0.destination, minCutBps: $0.valueBps, cutCables: $0.cut.map(\.name)) },
            fellMost: baseline.map { fell(from: $0, to: matrix) } ?? [],
            weakSpots: summary.weakSpots.map { MinCutOutcome.WeakSpot(cable: $0.cable.name, capacityBps: $0.cable.capacityBps, pairs: $0.pairs) },
            notes: tree.notes.map(\.description), seconds: Date().timeIntervalSince(started)
        )
        return (outcome, matrix)
    }

    /// Positions of `endpoints` (node indices) in a depth-first walk of the cut tree that takes the
    /// strongest tree edge first. Every subtree (nodes one cut separates from the rest) is then one run,
    /// so consecutive endpoints are well connected to each other and a heat-map block groups
    /// neighbours, not nodes that happen to be adjacent in the file.
    static func treeOrder(_ tree: GomoryHuTree, endpoints: [Int]) -> [Int] {
        var children = Array(repeating: [Int](), count: tree.parent.count)
        var roots: [Int] = []
        for node in tree.parent.indices {
            if tree.parent[node] >= 0 { children[tree.parent[node]].append(node) } else { roots.append(node) }
        }
        var rank = Array(repeating: 0, count: tree.parent.count)
        var next = 0
        var stack = Array(roots.reversed())
        while let node = stack.popLast() {
            rank[node] = next
            next += 1
            // Pushed weakest first, so the strongest child is walked next.
            stack += children[node].sorted { (tree.cutBps[$0], $1) < (tree.cutBps[$1], $0) }
        }
        return endpoints.indices.sorted { rank[endpoints[$0]] < rank[endpoints[$1]] }
    }

    private static func median(_ distribution: [MinCutSummary.Bucket], pairs: Int) -> Double {
        var seen = 0
        for bucket in distribution {
            seen += bucket.pairs
            if seen * 2 >= pairs { return bucket.valueBps }
        }
        return distribution.last?.valueBps ?? 0
    }

    /// The pairs (by name, so a changed endpoint set still compares) whose min-cut fell most.
    private func fell(from baseline: Matrix, to step: Matrix) -> [MinCutOutcome.Drop] {
        let position = Dictionary(baseline.names.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        var drops: [(fall: Double, drop: MinCutOutcome.Drop)] = []
        for (row, source) in step.names.enumerated() {
            guard let before = position[source] else { continue }
            for column in (row + 1)..<step.names.count {
                guard let after = position[step.names[column]] else { continue }
                let was = baseline.values[before][after]
                let now = step.values[row][column]
                guard was - now > max(1, was * 1e-9) else { continue }
                drops.append((was - now, MinCutOutcome.Drop(source: source, destination: step.names[column], baselineBps: was, stepBps: now)))
            }
        }
        return drops.sorted { ($0.fall, $1.drop.source, $1.drop.destination) > ($1.fall, $0.drop.source, $0.drop.destination) }
            .prefix(listed).map(\.drop)
    }
}
