import Foundation
import Optimizer
import Topology

/// Builds each step's `MinCutOutcome` from a Gomory–Hu tree of the step's fabric and compares it
/// with the baseline's min-cuts, pair by pair.
struct MinCutAnalysis {
    /// At most this many heat-map rows; larger endpoint sets are drawn in groups.
    var maxCells = 96
    var listed = 10

    /// The endpoints' full min-cut matrix, kept from the baseline to find the pairs that fell.
    struct Matrix {
        var names: [String]
        var values: [[Double]]
    }

    /// The outcome for `topology`, and its matrix; nil when the fabric has fewer than two endpoints.
    func analyse(_ topology: Topology, baseline: Matrix?) -> (outcome: MinCutOutcome, matrix: Matrix)? {
        let kind = MinCutEndpoints.defaultChoice(for: topology)
        guard let names = try? kind.names(in: topology) else { return nil }
        let started = Date()
        let tree = GomoryHuTree(topology: topology, includeHosts: false)
        let summary = MinCutSummary(tree: tree, endpoints: names, weakest: listed, weakSpots: listed)
        let indices = names.compactMap(tree.index(of:))
        let values = tree.matrix(among: indices)
        let matrix = Matrix(names: names, values: values)
        let block = max(1, (names.count + maxCells - 1) / maxCells)
        let groups = stride(from: 0, to: names.count, by: block).map { $0..<min($0 + block, names.count) }
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
        let labels = groups.map { $0.count == 1 ? names[$0.lowerBound] : "\(names[$0.lowerBound]) … \(names[$0.upperBound - 1])" }
        let outcome = MinCutOutcome(
            between: kind.rawValue, endpoints: names.count, pairs: summary.pairCount, disconnectedPairs: summary.disconnectedPairs,
            lowestBps: summary.distribution.first?.valueBps ?? 0, medianBps: Self.median(summary.distribution, pairs: summary.pairCount),
            highestBps: summary.distribution.last?.valueBps ?? 0,
            blockSize: block, labels: labels, cells: cells,
            weakest: summary.weakest.map { MinCutOutcome.Pair(source: $0.source, destination: $0.destination, minCutBps: $0.valueBps, cutCables: $0.cut.map(\.name)) },
            fellMost: baseline.map { fell(from: $0, to: matrix) } ?? [],
            weakSpots: summary.weakSpots.map { MinCutOutcome.WeakSpot(cable: $0.cable.name, capacityBps: $0.cable.capacityBps, pairs: $0.pairs) },
            notes: tree.notes.map(\.description), seconds: Date().timeIntervalSince(started)
        )
        return (outcome, matrix)
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
