import Foundation
import Optimizer
import Topology

/// Runs a prepared scenario: the baseline, then every event in order (cumulatively). Each step
/// re-optimizes with the scenario's objective, places mirror copies in what tenant traffic left,
/// and analyses the min-cut of the worst-served pairs. The result is a `WhatIfReport`.
public struct ScenarioRunner: Sendable {
    public init() {}

    /// Runs every step; `progress` hears of each step as it starts and ends.
    public func run(_ prepared: PreparedScenario, progress: (StepProgress) -> Void = { _ in }) throws(ScenarioRunError) -> WhatIfReport {
        let scenario = prepared.scenario
        let options = scenario.options
        let solver = StepSolver(objective: scenario.objective, headroom: options.headroom, mirrorCap: options.mirrorCap)
        let builder = StepReportBuilder(classOrder: scenario.classes.map(\.name), hotLinkCount: options.hotLinks)
        var steps: [StepReport] = []
        for index in 0..<prepared.stepCount {
            let label = prepared.label(ofStep: index)
            progress(StepProgress(index: index, count: prepared.stepCount, label: label, phase: .solving))
            let state = prepared.states[index]
            let step: StepReport
            do {
                let allocation = try solver.allocate(prepared.demands(atStep: index), on: state.topology)
                let mirrors = try solver.placeMirrors(state.taps, allocation: allocation, on: state.topology)
                let bottlenecks = try StepReportBuilder.worstServed(allocation, count: options.bottlenecks).map { result throws(OptimizerError) in
                    try solver.bottleneck(of: result, on: state.topology)
                }
                step = builder.report(
                    index: index, label: label,
                    actions: index == 0 ? [] : scenario.events[index - 1].actions.map(\.description),
                    state: state, allocation: allocation, bottlenecks: bottlenecks,
                    mirrors: mirrors?.outcome, mirrorLoadBps: mirrors?.loadByLink ?? [:]
                )
            } catch {
                throw ScenarioRunError(step: index, label: label, message: "\(error)")
            }
            steps.append(step)
            progress(StepProgress(index: index, count: prepared.stepCount, label: label, phase: .finished(
                solveSeconds: step.solver.solveSeconds, servedFraction: step.servedFraction, mlu: step.mlu)))
        }
        return WhatIfReport(scenario: summary(of: prepared), fabric: fabric(of: prepared), steps: steps)
    }

    private func summary(of prepared: PreparedScenario) -> WhatIfReport.ScenarioSummary {
        let scenario = prepared.scenario
        return WhatIfReport.ScenarioSummary(
            name: scenario.name, description: scenario.description, file: prepared.file,
            objective: scenario.objective.rawValue, headroom: scenario.options.headroom, mirrorCap: scenario.options.mirrorCap,
            classes: scenario.classes.map { WhatIfReport.ClassInfo(name: $0.name, weight: $0.qosClass.weight, priority: $0.qosClass.priority) }
        )
    }

    private func fabric(of prepared: PreparedScenario) -> WhatIfReport.FabricSummary {
        let topology = prepared.topology
        let layout = FabricLayout()
        return WhatIfReport.FabricSummary(
            name: topology.name, kind: layout.kind(of: topology), switches: topology.switches.count,
            links: topology.links.count, hosts: topology.hosts.count, capacityBps: topology.totalCapacityBps,
            nodes: layout.place(topology, coordinates: prepared.coordinates), notes: prepared.topologyNotes
        )
    }
}
