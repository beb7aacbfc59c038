import Controller
import FlowCompiler
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
        metrics.refresh(from: [MirrorCounters]())
        #expect(!metrics.registry.emitToString().contains("weft_mirror_"))
    }

    @Test("every metered class aggregate exports its meter's input and dropped bytes; an aggregate no longer metered disappears")
    func aggregateMeterCountersAreExported() {
        let metrics = ServiceMetrics()
        let bronze = RoutingPlan.ClassPair(source: "leaf1", destination: "leaf3", className: "bronze")
        let gold = RoutingPlan.ClassPair(source: "leaf1", destination: "leaf3", className: "gold")
        metrics.refresh(from: [AggregateMeterCounters(aggregate: bronze, meterID: 3, inputBytes: 30_000, droppedBytes: 20_000),
                               AggregateMeterCounters(aggregate: gold, meterID: 1, inputBytes: 5_000, droppedBytes: 0)])
        let text = metrics.registry.emitToString()
        for line in ["weft_aggregate_meter_input_bytes{src=\"leaf1\",dst=\"leaf3\",class=\"bronze\"} 30000.0",
                     "weft_aggregate_meter_dropped_bytes{src=\"leaf1\",dst=\"leaf3\",class=\"bronze\"} 20000.0",
                     "weft_aggregate_meter_dropped_bytes{src=\"leaf1\",dst=\"leaf3\",class=\"gold\"} 0.0"] {
            #expect(text.contains(line), "missing \(line) in:\n\(text)")
        }
        metrics.refresh(from: [AggregateMeterCounters(aggregate: bronze, meterID: 4, inputBytes: 10, droppedBytes: 0)])
        let after = metrics.registry.emitToString()
        #expect(!after.contains("class=\"gold\""), "the gold aggregate is still exported:\n\(after)")
        #expect(after.contains("weft_aggregate_meter_input_bytes{src=\"leaf1\",dst=\"leaf3\",class=\"bronze\"} 10.0"))
    }
}
