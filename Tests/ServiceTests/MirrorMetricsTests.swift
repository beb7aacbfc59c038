import Testing
import TaasPlanner

@testable import Service

/// The per-tap-flow mirror gauges of `/metrics`.
@Suite("Mirror metrics per tap flow")
struct MirrorMetricsTests {
    @Test("every counter of a tap flow is exported under its id, sampled-out and meter-dropped bytes included")
    func countersAreExported() {
        let metrics = ServiceMetrics()
        metrics.refresh(from: [MirrorCounters(tapFlowID: "a", copiedPackets: 10, copiedBytes: 10_000, sourceSkippedBytes: 4_000,
                                              meterInputBytes: 6_000, meterDroppedBytes: 1_500)])
        let text = metrics.registry.emitToString()
        for line in ["weft_mirror_copied_packets{tap_flow=\"a\"} 10.0", "weft_mirror_copied_bytes{tap_flow=\"a\"} 10000.0",
                     "weft_mirror_sampled_out_bytes{tap_flow=\"a\"} 4000.0", "weft_mirror_mirrored_bytes{tap_flow=\"a\"} 4500.0",
                     "weft_mirror_meter_dropped_bytes{tap_flow=\"a\"} 1500.0"] {
            #expect(text.contains(line), "missing \(line) in:\n\(text)")
        }
    }

    @Test("a tap flow that is no longer installed disappears from the next scrape; the others stay")
    func goneTapFlowsAreUnregistered() {
        let metrics = ServiceMetrics()
        metrics.refresh(from: [MirrorCounters(tapFlowID: "a", copiedBytes: 1, meterDroppedBytes: 0), MirrorCounters(tapFlowID: "b", copiedBytes: 2)])
        #expect(metrics.registry.emitToString().contains("tap_flow=\"b\""))
        metrics.refresh(from: [MirrorCounters(tapFlowID: "a", copiedBytes: 3, meterDroppedBytes: 0)])
        let text = metrics.registry.emitToString()
        #expect(!text.contains("tap_flow=\"b\""), "tap flow b is still exported:\n\(text)")
        #expect(text.contains("weft_mirror_copied_bytes{tap_flow=\"a\"} 3.0") && text.contains("weft_mirror_meter_dropped_bytes{tap_flow=\"a\"}"))
        metrics.refresh(from: [])
        #expect(!metrics.registry.emitToString().contains("weft_mirror_"))
    }
}
