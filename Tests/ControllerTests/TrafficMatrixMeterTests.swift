import Controller
import FlowCompiler
import Foundation
import OpenFlow
import Optimizer
import Testing
import Topology
import TopologyFormats

@Suite("Measured traffic matrix from class-aggregate meter counters")
struct TrafficMatrixMeterTests {
    let fabric = SpineLeafGenerator(spines: 2, leaves: 3, hostsPerLeaf: 2).generate()

    func setup() throws -> (TrafficMatrixMeter, FlowRule) {
        let demands = [Demand(source: "leaf1", destination: "leaf3", rateBps: 1e9, qosClass: .gold)]
        let plan = try RoutingPlan(allocation: try TrafficOptimizer(topology: fabric).optimize(demands), topology: fabric, version: 1, classes: .defaults)
            .adapted(to: fabric)
        let program = try FlowCompiler().compile(plan, for: fabric)
        var meter = TrafficMatrixMeter(window: .seconds(2), smoothing: 0.5)
        meter.follow(plan, program: program, topology: fabric)
        let rule = try #require(program.switches["leaf1"]?.flows.first {
            $0.cookie.purpose == .classAggregate && $0.match.metadata == 1 && $0.match.ipv4Destination == FlowCompiler.prefixes(of: "leaf3", in: fabric).first
        })
        return (meter, rule)
    }

    /// The meter statistics OVS reports for `rule`'s meter: `bytes` reached it, `dropped` of them the band dropped.
    func stats(_ rule: FlowRule, bytes: UInt64, dropped: UInt64 = 0) -> [MeterStats] {
        [MeterStats(meterID: rule.meter ?? 0, flowCount: 1, byteInCount: bytes, bandStats: [.init(packetCount: 0, byteCount: dropped)])]
    }

    @Test("a rate appears once a window has passed, then is smoothed")
    func rateAfterOneWindowThenSmoothed() throws {
        var (meter, rule) = try setup()
        let start = ContinuousClock.now
        meter.record(switchName: "leaf1", stats: stats(rule, bytes: 0), at: start)
        meter.record(switchName: "leaf1", stats: stats(rule, bytes: 1_000_000), at: start + .seconds(1))
        #expect(meter.matrix.isEmpty, "a rate before the window completed")
        meter.record(switchName: "leaf1", stats: stats(rule, bytes: 2_500_000), at: start + .seconds(2))
        let first = try #require(meter.matrix.first)
        #expect(first.source == "leaf1" && first.destination == "leaf3" && first.className == "gold")
        #expect(first.rateBps == 10e6 && first.smoothedBps == 10e6)
        meter.record(switchName: "leaf1", stats: stats(rule, bytes: 7_500_000), at: start + .seconds(4))
        let second = try #require(meter.matrix.first)
        #expect(second.rateBps == 20e6)
        #expect(second.smoothedBps == 15e6)
    }

    @Test("the rate is what reached the meter, including what its band dropped (offered load)")
    func rateCountsWhatTheMeterDropped() throws {
        var (meter, rule) = try setup()
        let start = ContinuousClock.now
        meter.record(switchName: "leaf1", stats: stats(rule, bytes: 0), at: start)
        meter.record(switchName: "leaf1", stats: stats(rule, bytes: 2_000_000, dropped: 1_500_000), at: start + .seconds(2))
        #expect(meter.matrix.first?.rateBps == 8e6)
    }

    @Test("a new version's meter (other id) restarts the window even when its counter is higher")
    func newMeterRestartsTheWindow() throws {
        var (meter, rule) = try setup()
        var renewed = rule
        renewed.meter = (rule.meter ?? 0) ^ 1 << 14
        let start = ContinuousClock.now
        meter.record(switchName: "leaf1", stats: stats(rule, bytes: 1_000), at: start)
        meter.record(switchName: "leaf1", stats: stats(renewed, bytes: 0), at: start + .seconds(1))
        #expect(meter.matrix.isEmpty, "the new meter is unknown until the controller follows its program")
    }

    @Test("unplanned aggregates are counted too, and one that never carried traffic is left out")
    func unplannedAggregatesAreCounted() throws {
        let (meter, _) = try setup()
        let demands = [Demand(source: "leaf1", destination: "leaf3", rateBps: 1e9, qosClass: .gold)]
        let plan = try RoutingPlan(allocation: try TrafficOptimizer(topology: fabric).optimize(demands), topology: fabric, version: 1, classes: .defaults)
            .adapted(to: fabric)
        let program = try FlowCompiler().compile(plan, for: fabric)
        let bronze = try #require(program.switches["leaf2"]?.flows.first {
            $0.cookie.purpose == .classAggregate && $0.match.metadata == 3 && $0.match.ipv4Destination == FlowCompiler.prefixes(of: "leaf1", in: fabric).first
        })
        var counting = meter
        let start = ContinuousClock.now
        counting.record(switchName: "leaf2", stats: stats(bronze, bytes: 0), at: start)
        counting.record(switchName: "leaf2", stats: stats(bronze, bytes: 0), at: start + .seconds(2))
        #expect(counting.matrix.isEmpty)
        counting.record(switchName: "leaf2", stats: stats(bronze, bytes: 500_000), at: start + .seconds(4))
        let entry = try #require(counting.matrix.first)
        #expect(entry.source == "leaf2" && entry.destination == "leaf1" && entry.className == "bronze" && entry.rateBps == 2e6)
    }

    @Test("a counter that went backwards (entry re-installed) restarts the window instead of a negative rate")
    func counterResetRestartsTheWindow() throws {
        var (meter, rule) = try setup()
        let start = ContinuousClock.now
        meter.record(switchName: "leaf1", stats: stats(rule, bytes: 9_000_000), at: start)
        meter.record(switchName: "leaf1", stats: stats(rule, bytes: 100), at: start + .seconds(3))
        #expect(meter.matrix.isEmpty)
        meter.record(switchName: "leaf1", stats: stats(rule, bytes: 1_250_100), at: start + .seconds(5))
        #expect(meter.matrix.first?.rateBps == 5e6)
    }

    @Test("meters of other purposes and switches without aggregates (spines) are ignored")
    func foreignMetersAreIgnored() throws {
        var (meter, rule) = try setup()
        var other = rule
        other.meter = 1
        let start = ContinuousClock.now
        for (offset, bytes) in [(0, UInt64(0)), (3, 3_000_000)] {
            meter.record(switchName: "leaf1", stats: stats(other, bytes: bytes), at: start + .seconds(offset))
            meter.record(switchName: "spine1", stats: stats(rule, bytes: bytes), at: start + .seconds(offset))
        }
        #expect(meter.matrix.isEmpty)
        #expect(!meter.measures("spine1") && meter.measures("leaf1"))
    }
}
