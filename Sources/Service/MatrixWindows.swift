import Controller
import FlowCompiler
import Foundation

/// The last two measurement windows of every aggregate of the measured matrix, to tell whether a move
/// has settled.
///
/// A traffic pattern that changes in the middle of a window gives one mixed window between the old
/// and the new rates. Re-optimizing on it would install an allocation for rates nobody sends and call
/// for a second run one window later; so a move calls for a run only once the newest window of every
/// aggregate agrees with the one before it (within the move threshold): one run per pattern change,
/// two to three windows after it. Traffic that never settles still gets a run after
/// `maxUnsettledWindows` new windows in a row that disagree with the one before.
struct MatrixWindows: Sendable {
    /// New windows in a row that disagree with the one before, after which a move runs anyway.
    static let maxUnsettledWindows = 3

    private var newest: [RoutingPlan.ClassPair: TrafficMatrixMeter.Entry] = [:]
    private var before: [RoutingPlan.ClassPair: Double] = [:]
    private var unsettledWindows = 0

    /// Takes the windows of `snapshot` that completed since the last one observed; returns whether the
    /// matrix has settled under `threshold` (or stayed unsettled too long).
    mutating func observe(_ snapshot: MatrixSnapshot, threshold: Double) -> Bool {
        var fresh = false
        let present = Set(snapshot.entries.map { RoutingPlan.ClassPair(source: $0.source, destination: $0.destination, className: $0.className) })
        newest = newest.filter { present.contains($0.key) }
        before = before.filter { present.contains($0.key) }
        for entry in snapshot.entries {
            let key = RoutingPlan.ClassPair(source: entry.source, destination: entry.destination, className: entry.className)
            guard newest[key]?.sampledAt != entry.sampledAt else { continue }
            before[key] = newest[key]?.smoothedBps
            newest[key] = entry
            fresh = true
        }
        guard move > threshold else {
            unsettledWindows = 0
            return true
        }
        if fresh, !before.isEmpty { unsettledWindows += 1 }
        return unsettledWindows >= Self.maxUnsettledWindows
    }

    /// The sum of the absolute changes from every aggregate's window before to its newest, over the
    /// total before (an aggregate with one window only moved from 0).
    private var move: Double {
        let change = newest.reduce(0.0) { $0 + abs($1.value.smoothedBps - (before[$1.key] ?? 0)) }
        let base = before.values.reduce(0, +)
        guard base > 0 else { return change > 0 ? 1 : 0 }
        return change / base
    }

    /// Forgets the streak of unsettled windows (after a run solved the matrix).
    mutating func solved() {
        unsettledWindows = 0
    }
}
