import Controller
import FlowCompiler
import Foundation
import OpenFlow
import Optimizer
import Testing
import Topology
import TopologyFormats

@Suite("Measured traffic matrix from class-aggregate counters")
struct TrafficMatrixMeterTests {
    let fabric = SpineLeafGenerator(spines: 2, leaves: 3, hostsPerLeaf: 2).generate()

    func setup() throws -> (TrafficMatrixMeter, FlowRule) {
        let demands = [Demand(source: "leaf1", destination: "leaf3", rateBps: 1e9, qosClass: .gold)]
        let plan = try RoutingPlan(allocation: try TrafficOptimizer(topology: fabric).optimize(demands), topology: fabric, version: 1, classes: .defaults)
        let program = try FlowCompiler().compile(plan, for: fabric)
        var meter = TrafficMatrixMeter(window: .seconds(2), smoothing: 0.5)
        meter.follow(plan, program: program, topology: fabric)
        let rule = try #require(program.switches["leaf1"]?.flows.first { $0.cookie.purpose == .classAggregate })
        return (meter, rule)
    }

    func stats(_ rule: FlowRule, bytes: UInt64) -> [FlowStats] {
        [FlowStats(tableID: rule.table, priority: rule.priority, cookie: rule.cookie.value, byteCount: bytes,
                   match: rule.match.openFlowMatch, instructions: rule.instructions)]
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

    @Test("entries of other purposes and unknown switches are ignored")
    func foreignEntriesAreIgnored() throws {
        var (meter, rule) = try setup()
        var other = rule
        other.priority = 200
        let start = ContinuousClock.now
        for (offset, bytes) in [(0, UInt64(0)), (3, 3_000_000)] {
            meter.record(switchName: "leaf1", stats: stats(other, bytes: bytes), at: start + .seconds(offset))
            meter.record(switchName: "leaf2", stats: stats(rule, bytes: bytes), at: start + .seconds(offset))
        }
        #expect(meter.matrix.isEmpty)
    }
}
