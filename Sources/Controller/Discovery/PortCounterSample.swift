import OpenFlow
import Topology

/// One port's cumulative counters at one instant; two samples give a `PortRate`.
struct PortCounterSample: Sendable {
    var rxBytes: UInt64
    var txBytes: UInt64
    var rxPackets: UInt64
    var txPackets: UInt64
    var takenAt: ContinuousClock.Instant

    init(_ stats: PortStats, at instant: ContinuousClock.Instant) {
        rxBytes = stats.rxBytes
        txBytes = stats.txBytes
        rxPackets = stats.rxPackets
        txPackets = stats.txPackets
        takenAt = instant
    }

    /// Rates since `earlier`; `nil` when no time passed. A counter that went backwards (port reset)
    /// or is unsupported (all ones) counts as zero.
    func rate(since earlier: PortCounterSample) -> PortRate? {
        let elapsed = earlier.takenAt.duration(to: takenAt)
        let seconds = elapsed.seconds
        guard seconds > 0 else { return nil }
        func delta(_ now: UInt64, _ before: UInt64) -> Double {
            now == UInt64.max || now < before ? 0 : Double(now - before) / seconds
        }
        return PortRate(receivedBps: 8 * delta(rxBytes, earlier.rxBytes), transmittedBps: 8 * delta(txBytes, earlier.txBytes),
                        receivedPps: delta(rxPackets, earlier.rxPackets), transmittedPps: delta(txPackets, earlier.txPackets))
    }
}
