import Foundation
import Optimizer
import TaasPlanner
import Testing
import Topology
@testable import WhatIf

/// Every shipped scenario runs, and every number in its report is what the solvers compute on
/// the same inputs when called directly.
@Suite(.serialized) struct ScenarioRunnerTests {
    static let scenarios = ShippedScenarios.files.map { URL(fileURLWithPath: $0).lastPathComponent }
    /// Shipped scenarios whose full comparison is run on a smaller copy (`hostMatricesOnAK4FatTree…`):
    /// the k=8 one takes minutes in a debug build, and k=4 goes through the same code.
    static let comparedSmaller: Set<String> = ["fat-tree-k8-host-matrices.yaml"]

    @Test func atLeastFourScenariosShip() {
        #expect(Self.scenarios.count >= 4)
        #expect(Self.scenarios.contains("spine-failure-under-load.yaml"))
        #expect(Self.scenarios.contains("twelve-taps-one-monitor.yaml"))
    }

    @Test(arguments: scenarios.filter { !comparedSmaller.contains($0) })
    func reportMatchesTheOptimizerOnTheSameInputs(_ name: String) throws {
        try expectReportMatchesTheOptimizer(ShippedScenarios.prepared(ShippedScenarios.directory.appendingPathComponent(name).path))
    }

    /// `fat-tree-k8-host-matrices.yaml` as shipped: it prepares, with every ordered host pair in each of
    /// its three matrices and one state per event.
    @Test func theK8HostMatrixScenarioPreparesEveryHostPair() throws {
        let prepared = try ShippedScenarios.prepared(ShippedScenarios.directory.appendingPathComponent("fat-tree-k8-host-matrices.yaml").path)
        #expect(prepared.demands(atStep: 0).count == 3 * 128 * 127)
        #expect(prepared.stepCount == 4)
    }

    /// The k8 host-matrix scenario's structure on a k=4 fat tree (16 hosts): three host matrices under
    /// priority-maxmin, a core and an aggregation switch failing, a class scaled — compared in full.
    @Test func hostMatricesOnAK4FatTreeMatchTheOptimizer() throws {
        let prepared = try Self.prepared("""
        name: fat-tree-k4-host-matrices
        topology: {generate: fat-tree, k: 4, uplink: 40G, downlink: 25G}
        classes:
          - {name: gold, weight: 4, priority: 0}
          - {name: silver, weight: 2, priority: 1}
          - {name: bronze, weight: 1, priority: 2}
        demands:
          - {generate: gravity, endpoints: hosts, class: gold, total: 150G, seed: 8}
          - {generate: hotspot, endpoints: hosts, class: silver, total: 175G, hotspots: [h4-2-2, h1-1-1], hotspot_share: 0.3, seed: 9}
          - {generate: uniform, endpoints: hosts, class: bronze, per_pair: 400M}
        objective: priority-maxmin
        events:
          - label: core switch c1 fails
            actions: [{fail_switch: c1}]
          - label: aggregation switch a4-2 fails
            actions: [{fail_switch: a4-2}]
          - label: gold doubles
            actions: [{scale_demand: {class: gold, factor: 2}}]
        """)
        #expect(prepared.demands(atStep: 0).count == 3 * 16 * 15)
        try expectReportMatchesTheOptimizer(prepared)
    }

    /// A scenario written to a temporary file and prepared as `weft whatif` would.
    private static func prepared(_ yaml: String) throws -> PreparedScenario {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("weft-scenario-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("scenario.yaml").path
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return try ShippedScenarios.prepared(path)
    }

    private func expectReportMatchesTheOptimizer(_ prepared: PreparedScenario) throws {
        let report = try ScenarioRunner().run(prepared)
        #expect(report.steps.count == prepared.scenario.events.count + 1)
        let options = OptimizerOptions(objective: prepared.scenario.objective, headroom: prepared.scenario.options.headroom)
        for (index, step) in report.steps.enumerated() {
            let state = prepared.states[index]
            let direct = try TrafficOptimizer(topology: state.topology).optimize(prepared.demands(atStep: index), options: options)
            #expect(close(step.servedBps, direct.totalThroughputBps), "step \(index) served")
            #expect(close(step.offeredBps, direct.demands.reduce(0) { $0 + $1.demand.rateBps }), "step \(index) offered")
            #expect(close(step.solver.objectiveValue, direct.objectiveValue), "step \(index) objective")
            #expect(step.solver.status == direct.solverStatus.rawValue)
            for summary in direct.classes {
                let outcome = try #require(step.classes.first { $0.name == summary.qosClass.name })
                #expect(close(outcome.servedBps, summary.servedBps), "step \(index) class \(summary.qosClass.name)")
                #expect(close(outcome.offeredBps, summary.requestedBps))
                #expect(outcome.demands == summary.demandCount)
            }
            for load in direct.links {
                #expect(close(step.links[load.linkIndex].loadBps, load.loadBps), "step \(index) link \(load.name)")
            }
            let tenantMLU = direct.maxLinkUtilization
            let mirrorFree = step.links.allSatisfy { $0.mirrorBps == 0 }
            if mirrorFree { #expect(close(step.mlu, tenantMLU), "step \(index) MLU") }
            for bottleneck in step.bottlenecks {
                let cut = try MaxFlow.compute(in: state.topology, from: bottleneck.source, to: bottleneck.destination)
                #expect(close(bottleneck.minCutBps, cut.valueBps))
                #expect(bottleneck.cutLinks == cut.cut.map(\.name))
            }
            let cuts = try #require(step.minCuts, "step \(index) has no all-pairs min-cut")
            for pair in cuts.weakest {
                let flow = try MaxFlow.compute(in: state.topology, from: pair.source, to: pair.destination)
                #expect(close(pair.minCutBps, flow.valueBps), "step \(index) weakest \(pair.source)–\(pair.destination)")
            }
            for drop in cuts.fellMost {
                let now = try MaxFlow.compute(in: state.topology, from: drop.source, to: drop.destination)
                let before = try MaxFlow.compute(in: prepared.states[0].topology, from: drop.source, to: drop.destination)
                #expect(close(drop.stepBps, now.valueBps) && close(drop.baselineBps, before.valueBps), "step \(index) fell \(drop.source)–\(drop.destination)")
                #expect(drop.stepBps < drop.baselineBps)
            }
            #expect(cuts.cells.count == cuts.labels.count)
            if state.taps.flows.isEmpty {
                #expect(step.mirrors == nil)
            } else {
                let plan = try MirrorPlanner(topology: state.topology, options: MirrorPlannerOptions(mirrorCapFraction: prepared.scenario.options.mirrorCap))
                    .plan(state.taps, around: direct, traffic: .allocation(direct))
                let mirrors = try #require(step.mirrors)
                #expect(close(mirrors.mirroredBps, plan.mirroredBps))
                #expect(mirrors.flows.map(\.flow) == plan.placements.map(\.flowName))
            }
        }
    }

    @Test func tapsNeverChangeTenantThroughput() throws {
        let prepared = try ShippedScenarios.prepared(ShippedScenarios.directory.appendingPathComponent("twelve-taps-one-monitor.yaml").path)
        let report = try ScenarioRunner().run(prepared)
        let options = OptimizerOptions(objective: prepared.scenario.objective, headroom: prepared.scenario.options.headroom)
        for (index, step) in report.steps.enumerated() {
            let withoutTaps = try TrafficOptimizer(topology: prepared.states[index].topology).optimize(prepared.demands(atStep: index), options: options)
            #expect(close(step.servedBps, withoutTaps.totalThroughputBps))
            let mirrors = try #require(step.mirrors)
            #expect(mirrors.coverage < 1, "twelve taps onto one 10G port must be sampled")
            #expect(mirrors.flows.allSatisfy { $0.samplingFraction < 1 && $0.reason != nil })
            for link in step.links where link.state == .up {
                #expect(link.loadBps + link.mirrorBps <= link.capacityBps * (1 + 1e-9), "\(link.name) over capacity")
                #expect(link.mirrorBps <= link.capacityBps * prepared.scenario.options.mirrorCap * (1 + 1e-9), "\(link.name) over mirror cap")
            }
        }
    }

    @Test func progressReportsEveryStepStartAndEnd() throws {
        let prepared = try ShippedScenarios.prepared(ShippedScenarios.directory.appendingPathComponent("spine-failure-under-load.yaml").path)
        var seen: [StepProgress] = []
        _ = try ScenarioRunner().run(prepared) { seen.append($0) }
        #expect(seen.count == 2 * prepared.stepCount)
        #expect(seen.map(\.index) == (0..<prepared.stepCount).flatMap { [$0, $0] })
        #expect(seen.first?.label == "Baseline")
        #expect(seen.allSatisfy { $0.count == prepared.stepCount })
    }

    @Test func maxWeightedThroughputThatStarvesDemandsSaysSoAndShowsPriorityMaxmin() throws {
        // One spine, three leaves, 100G up each; every leaf offers 2 × 100G: a vertex optimum serves
        // some pairs fully and others not at all.
        let prepared = try Self.prepared("""
        name: starve
        topology: {generate: spine-leaf, spines: 1, leaves: 3, hosts_per_leaf: 1, uplink: 100G, downlink: 100G}
        demands:
          - {generate: uniform, class: default, endpoints: leaves, per_pair: 100G}
        objective: max-weighted-throughput
        events: []
        """)
        let report = try ScenarioRunner().run(prepared)
        let baseline = try #require(report.steps.first)
        let note = try #require(baseline.starvation, "served: \(baseline.servedFraction)")
        #expect(note.unservedDemands > 0 && note.fullyServedDemands > 0)
        let fair = try #require(note.priorityMaxMin)
        #expect(fair.unservedDemands == 0)
        #expect(fair.lowestDemandFraction > 0.4)
        #expect(ReportPage().html(report).contains("Some demands get 0 %, others 100 % — by design."))
    }

    @Test func runsAreDeterministic() throws {
        let path = ShippedScenarios.directory.appendingPathComponent("wan-abilene-link-cut.yaml").path
        var first = try ScenarioRunner().run(ShippedScenarios.prepared(path))
        var second = try ScenarioRunner().run(ShippedScenarios.prepared(path))
        for index in first.steps.indices {
            first.steps[index].solver.solveSeconds = 0
            second.steps[index].solver.solveSeconds = 0
            first.steps[index].minCuts?.seconds = 0
            second.steps[index].minCuts?.seconds = 0
        }
        #expect(first == second)
    }

    @Test func reportJSONRoundTrips() throws {
        let report = try ScenarioRunner().run(ShippedScenarios.prepared(ShippedScenarios.directory.appendingPathComponent("wan-abilene-link-cut.yaml").path))
        let writer = ReportWriter()
        let data = try writer.json(report)
        #expect(try writer.decode(data) == report)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["schema"] as? String == "weft.whatif.v1")
        let steps = try #require(object["steps"] as? [[String: Any]])
        #expect(steps.first?["served_fraction"] != nil)
        #expect(steps.first?["hot_links"] != nil)
    }
}

func close(_ a: Double, _ b: Double) -> Bool {
    abs(a - b) <= 1e-6 * max(1, abs(a), abs(b))
}
