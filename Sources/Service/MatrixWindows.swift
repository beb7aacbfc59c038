import Controller
import FlowCompiler
import Foundation

/// The last two measurement windows of every aggregate of the measured matrix, to tell whether a move
/// has settled.
///
/// A traffic pattern that changes in the middle of a window gives one mixed window between the old
/// and the new rates. Re-optimizing on it would install an allocation for rates nobody sends and call
/// for a second run one window later; so a move calls for a run only once
/// - the newest raw window of every aggregate agrees with the one before it (within the move threshold:
///   the sum of the absolute changes over the total before), and
/// - the smoothed rates have followed the raw ones (the sum of |raw − smoothed| over the smoothed total
///   is within the threshold).
///
/// The second rule is what makes a pattern change with smoothing (`--matrix-smoothing` below 1) one run:
/// after a step the smoothed rate closes the gap to the new raw rate by the smoothing weight per window,
/// and a run on a smoothed rate still far from it would be followed by another run each time the smoothed
/// series moved on by the threshold. Once the gap is within the threshold, the smoothed series can only
/// move on by less than the threshold (while the traffic stays), so the run it calls for is the only one.
/// With smoothing 1 the smoothed rate is the raw one: one run two to three windows after a change.
///
/// Traffic that never settles still gets a run after `maxUnsettledWindows` rounds of new windows (every
/// aggregate completed one) in a row that fail either rule, plus the windows the smoothed series needs to follow a step to within the threshold
/// (``windowsToFollow(smoothing:threshold:)``).
struct MatrixWindows: Sendable {
    /// New windows in a row that disagree with the one before, after which a move runs anyway (on top of
    /// the windows the smoothing needs to follow a step).
    static let maxUnsettledWindows = 3

    /// Weight of the newest window in the smoothed rates (as the matrix is sampled), in (0, 1].
    let smoothing: Double
    private var newest: [RoutingPlan.ClassPair: TrafficMatrixMeter.Entry] = [:]
    private var before: [RoutingPlan.ClassPair: Double] = [:]
    private var unsettledWindows = 0
    /// Aggregates with a new window since the unsettled streak last grew: the streak counts rounds in
    /// which every aggregate completed a window, not snapshots (on a loaded machine the leaves' windows
    /// end in different samples, and counting each snapshot with any new window ran after one window).
    private var freshInRound: Set<RoutingPlan.ClassPair> = []

    init(smoothing: Double = 1) {
        self.smoothing = min(1, max(smoothing, 0.01))
    }

    /// Windows an exponentially smoothed series with weight `smoothing` needs after a step until its gap
    /// to the new level is at most `threshold` of the step: the smallest n with (1 − smoothing)ⁿ ≤ threshold.
    static func windowsToFollow(smoothing: Double, threshold: Double) -> Int {
        guard smoothing < 1, threshold > 0, threshold < 1 else { return 0 }
        return Int((log(threshold) / log(1 - smoothing)).rounded(.up))
    }

    /// Takes the windows of `snapshot` that completed since the last one observed; returns whether the
    /// matrix has settled under `threshold` (or stayed unsettled too long).
    mutating func observe(_ snapshot: MatrixSnapshot, threshold: Double) -> Bool {
        var fresh = false
        let present = Set(snapshot.entries.map { RoutingPlan.ClassPair(source: $0.source, destination: $0.destination, className: $0.className) })
        newest = newest.filter { present.contains($0.key) }
        before = before.filter { present.contains($0.key) }
        freshInRound.formIntersection(present)
        for entry in snapshot.entries {
            let key = RoutingPlan.ClassPair(source: entry.source, destination: entry.destination, className: entry.className)
            guard newest[key]?.sampledAt != entry.sampledAt else { continue }
            before[key] = newest[key]?.rateBps
            newest[key] = entry
            freshInRound.insert(key)
            fresh = true
        }
        guard rawMove > threshold || smoothingGap > threshold else {
            unsettledWindows = 0
            freshInRound = []
            return true
        }
        if fresh, !before.isEmpty, freshInRound.isSuperset(of: present) {
            unsettledWindows += 1
            freshInRound = []
        }
        return unsettledWindows >= Self.maxUnsettledWindows + Self.windowsToFollow(smoothing: smoothing, threshold: threshold)
    }

    /// The sum of the absolute changes from every aggregate's raw window before to its newest, over the
    /// total before (an aggregate with one window only moved from 0).
    private var rawMove: Double {
        let change = newest.reduce(0.0) { $0 + abs($1.value.rateBps - (before[$1.key] ?? 0)) }
        return Self.relative(change, of: before.values.reduce(0, +))
    }

    /// How far the smoothed rates are behind the newest raw windows: the sum of |raw − smoothed| over the
    /// smoothed total.
    private var smoothingGap: Double {
        let gap = newest.values.reduce(0.0) { $0 + abs($1.rateBps - $1.smoothedBps) }
        return Self.relative(gap, of: newest.values.reduce(0.0) { $0 + $1.smoothedBps })
    }

    private static func relative(_ change: Double, of base: Double) -> Double {
        guard base > 0 else { return change > 0 ? 1 : 0 }
        return change / base
    }

    /// Forgets the streak of unsettled windows (after a run solved the matrix).
    mutating func solved() {
        unsettledWindows = 0
        freshInRound = []
    }
}
