import FlowCompiler
import Foundation
import OpenFlow
import Topology

/// Builds the measured leaf-to-leaf × class traffic matrix from the byte counters of the ingress leaves'
/// class-aggregate entries (table 2, one per (egress leaf, class), see ``FlowCompiler``).
///
/// Each call to ``record(switchName:stats:at:)`` with an ingress leaf's flow statistics updates that
/// leaf's aggregates: the rate is the byte delta over the elapsed time once at least `window` has passed
/// since the previous sample, smoothed by an exponentially weighted moving average (`smoothing` is the
/// weight of the newest window; 1 keeps no history). A counter that went backwards (entry re-installed
/// by a new version) restarts that aggregate's window instead of producing a negative rate.
public struct TrafficMatrixMeter: Sendable {
    /// One measured (ingress, egress, class) aggregate.
    public struct Entry: Hashable, Sendable, Codable {
        public var source: String
        public var destination: String
        public var className: String
        /// Rate over the last complete window, in bit/s.
        public var rateBps: Double
        /// Exponentially smoothed rate, in bit/s.
        public var smoothedBps: Double
        /// When the last window ended.
        public var sampledAt: Date
        /// Length of the last window, in seconds.
        public var windowSeconds: Double

        public init(source: String, destination: String, className: String, rateBps: Double, smoothedBps: Double, sampledAt: Date, windowSeconds: Double) {
            self.source = source
            self.destination = destination
            self.className = className
            self.rateBps = rateBps
            self.smoothedBps = smoothedBps
            self.sampledAt = sampledAt
            self.windowSeconds = windowSeconds
        }

        enum CodingKeys: String, CodingKey {
            case source = "src"
            case destination = "dst"
            case className = "class"
            case rateBps = "rate_bps"
            case smoothedBps = "smoothed_bps"
            case sampledAt = "sampled_at"
            case windowSeconds = "window_seconds"
        }
    }

    private struct Counter: Sendable {
        var bytes: UInt64
        var at: ContinuousClock.Instant
    }

    /// Minimum time between two counter samples that form a window.
    public var window: Duration
    /// Weight of the newest window in the smoothed rate, in (0, 1].
    public var smoothing: Double
    /// Flow entry key (switch, table, priority, match) → the aggregate it carries.
    private var aggregates: [String: [FlowRule.Key: RoutingPlan.ClassPair]] = [:]
    private var counters: [RoutingPlan.ClassPair: Counter] = [:]
    public private(set) var entries: [RoutingPlan.ClassPair: Entry] = [:]

    public init(window: Duration = .seconds(5), smoothing: Double = 0.5) {
        self.window = window
        self.smoothing = min(1, max(smoothing, 0.01))
    }

    /// Learns which entries of `program` carry which aggregate of `plan` (call after each new version).
    /// Aggregates no longer planned are forgotten; the others keep their history.
    public mutating func follow(_ plan: RoutingPlan, program: FabricProgram, topology: Topology) {
        var byPrefix: [String: [IPv4Prefix: String]] = [:]
        for pair in plan.classRoutes.keys {
            for prefix in FlowCompiler.prefixes(of: pair.destination, in: topology) {
                byPrefix[pair.source, default: [:]][prefix] = pair.destination
            }
        }
        var learned: [String: [FlowRule.Key: RoutingPlan.ClassPair]] = [:]
        for (name, switchProgram) in program.switches {
            for rule in switchProgram.flows where rule.cookie.purpose == .classAggregate {
                guard let metadata = rule.match.metadata, metadata >= 1, Int(metadata) <= plan.classes.count,
                      let prefix = rule.match.ipv4Destination, let destination = byPrefix[name]?[prefix] else { continue }
                learned[name, default: [:]][rule.key] = RoutingPlan.ClassPair(
                    source: name, destination: destination, className: plan.classes[Int(metadata) - 1].name)
            }
        }
        aggregates = learned
        let planned = Set(learned.values.flatMap(\.values))
        counters = counters.filter { planned.contains($0.key) }
        entries = entries.filter { planned.contains($0.key) }
    }

    /// The flow-stats request that returns only class-aggregate entries (by cookie purpose).
    public static var statsRequest: FlowStatsRequest {
        FlowStatsRequest(tableID: FlowCompiler.Table.forwarding,
                         cookie: FlowCookie.owner << 48 | UInt64(FlowCookie.Purpose.classAggregate.rawValue) << 40,
                         cookieMask: 0xFFFF_FF00_0000_0000)
    }

    /// Folds one ingress leaf's flow statistics, read at `now` (`date` for the record), into the matrix.
    public mutating func record(switchName: String, stats: [FlowStats], at now: ContinuousClock.Instant, date: Date = Date()) {
        guard let known = aggregates[switchName] else { return }
        var bytes: [RoutingPlan.ClassPair: UInt64] = [:]
        for stat in stats {
            guard let rule = FlowRule(stats: stat), let pair = known[rule.key] else { continue }
            bytes[pair, default: 0] += stat.byteCount
        }
        for (pair, count) in bytes {
            guard let previous = counters[pair], count >= previous.bytes else {
                counters[pair] = Counter(bytes: count, at: now)
                continue
            }
            let elapsed = previous.at.duration(to: now)
            guard elapsed >= window else { continue }
            let seconds = elapsed.seconds
            let rate = Double(count - previous.bytes) * 8 / seconds
            let smoothed = entries[pair].map { smoothing * rate + (1 - smoothing) * $0.smoothedBps } ?? rate
            entries[pair] = Entry(source: pair.source, destination: pair.destination, className: pair.className,
                                  rateBps: rate, smoothedBps: smoothed, sampledAt: date, windowSeconds: seconds)
            counters[pair] = Counter(bytes: count, at: now)
        }
    }

    /// The measured matrix, sorted by (source, destination, class).
    public var matrix: [Entry] {
        entries.keys.sorted().compactMap { entries[$0] }
    }
}
