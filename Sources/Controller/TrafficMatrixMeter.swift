import FlowCompiler
import Foundation
import OpenFlow
import Topology

/// Builds the measured leaf-to-leaf × class traffic matrix from the input counters of the ingress leaves'
/// class-aggregate meters (one per (egress leaf, class), see ``FlowCompiler``): a meter counts every packet
/// that reaches it before its band drops any, so the matrix is the offered load, not what passed the meter.
/// On userspace OVS the meter counters are kept by the datapath per packet, while flow entry counters
/// are pushed by the revalidators about every 0.5 s, so a window read from flow counters jitters by up to
/// half a second of traffic.
///
/// Each call to ``record(switchName:stats:at:date:)`` with an ingress leaf's meter statistics updates that
/// leaf's aggregates: the rate is the byte delta over the elapsed time once at least `window` has passed
/// since the previous sample, smoothed by an exponentially weighted moving average (`smoothing` is the
/// weight of the newest window; 1 keeps no history). A new version's aggregates have new meters (ids
/// alternate with the version's parity): a meter id that changed, or a counter that went backwards,
/// restarts that aggregate's window instead of producing a wrong rate.
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
        var meterID: UInt32
        var bytes: UInt64
        var at: ContinuousClock.Instant
    }

    /// Minimum time between two counter samples that form a window.
    public var window: Duration
    /// Weight of the newest window in the smoothed rate, in (0, 1].
    public var smoothing: Double
    /// Switch → meter id → the aggregate it meters.
    private var aggregates: [String: [UInt32: RoutingPlan.ClassPair]] = [:]
    private var counters: [RoutingPlan.ClassPair: Counter] = [:]
    public private(set) var entries: [RoutingPlan.ClassPair: Entry] = [:]

    public init(window: Duration = .seconds(5), smoothing: Double = 0.5) {
        self.window = window
        self.smoothing = min(1, max(smoothing, 0.01))
    }

    /// Learns which meters of `program` carry which aggregate of `plan` (call after each new version).
    /// Aggregates no longer programmed are forgotten; the others keep their history.
    public mutating func follow(_ plan: RoutingPlan, program: FabricProgram, topology: Topology) {
        var byPrefix: [IPv4Prefix: String] = [:]
        for edge in Set(topology.hosts.map(\.attachment.node)) {
            for prefix in FlowCompiler.prefixes(of: edge, in: topology) { byPrefix[prefix] = edge }
        }
        var learned: [String: [UInt32: RoutingPlan.ClassPair]] = [:]
        for (name, switchProgram) in program.switches {
            for rule in switchProgram.flows where rule.cookie.purpose == .classAggregate {
                guard let meter = rule.meter, let metadata = rule.match.metadata, metadata >= 1, Int(metadata) <= plan.classes.count,
                      let prefix = rule.match.ipv4Destination, let destination = byPrefix[prefix] else { continue }
                learned[name, default: [:]][meter] = RoutingPlan.ClassPair(
                    source: name, destination: destination, className: plan.classes[Int(metadata) - 1].name)
            }
        }
        aggregates = learned
        let programmed = Set(learned.values.flatMap(\.values))
        counters = counters.filter { programmed.contains($0.key) }
        entries = entries.filter { programmed.contains($0.key) }
    }

    /// Whether `switchName` holds aggregates of the followed program (an ingress leaf).
    public func measures(_ switchName: String) -> Bool {
        aggregates[switchName] != nil
    }

    /// The aggregate the meter `meterID` of `switchName` carries in the followed program, if any.
    public func aggregate(on switchName: String, meter meterID: UInt32) -> RoutingPlan.ClassPair? {
        aggregates[switchName]?[meterID]
    }

    /// Folds one ingress leaf's meter statistics (an `OFPMP_METER` reply for all meters), read at `now`
    /// (`date` for the record), into the matrix.
    public mutating func record(switchName: String, stats: [MeterStats], at now: ContinuousClock.Instant, date: Date = Date()) {
        guard let known = aggregates[switchName] else { return }
        for stat in stats {
            guard let pair = known[stat.meterID] else { continue }
            let count = stat.byteInCount
            guard let previous = counters[pair], previous.meterID == stat.meterID, count >= previous.bytes else {
                counters[pair] = Counter(meterID: stat.meterID, bytes: count, at: now)
                continue
            }
            let elapsed = previous.at.duration(to: now)
            guard elapsed >= window else { continue }
            let seconds = elapsed.seconds
            let rate = Double(count - previous.bytes) * 8 / seconds
            counters[pair] = Counter(meterID: stat.meterID, bytes: count, at: now)
            guard rate > 0 || entries[pair] != nil else { continue }
            let smoothed = entries[pair].map { smoothing * rate + (1 - smoothing) * $0.smoothedBps } ?? rate
            entries[pair] = Entry(source: pair.source, destination: pair.destination, className: pair.className,
                                  rateBps: rate, smoothedBps: smoothed, sampledAt: date, windowSeconds: seconds)
        }
    }

    /// The measured matrix, sorted by (source, destination, class): every aggregate whose window completed
    /// since it first carried traffic (an aggregate that never did is left out; one that stopped reads 0).
    public var matrix: [Entry] {
        entries.keys.sorted().compactMap { entries[$0] }
    }
}
