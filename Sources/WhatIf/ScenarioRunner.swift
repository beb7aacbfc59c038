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
        let analysis = MinCutAnalysis()
        var baselineCuts: MinCutAnalysis.Matrix?
        var steps: [StepReport] = []
        for index in 0..<prepared.stepCount {
            let label = prepared.label(ofStep: index)
            progress(StepProgress(index: index, count: prepared.stepCount, label: label, phase: .solving))
            let state = prepared.states[index]
            // Tenant traffic and mirror copies get what the store's path reservations leave, as in weft serve.
            let usable = prepared.heldCapacity?.subtracted(from: state.topology) ?? state.topology
            let step: StepReport
            do {
                let allocation = try solver.allocate(prepared.demands(atStep: index), on: usable) { round in
                    progress(StepProgress(index: index, count: prepared.stepCount, label: label,
                                          phase: .pricing(round: round.round, pathsAdded: round.pathsAdded)))
                }
                let mirrors = try solver.placeMirrors(state.taps, allocation: allocation, on: usable)
                let bottlenecks = try StepReportBuilder.worstServed(allocation, count: options.bottlenecks).map { result throws(OptimizerError) in
                    try solver.bottleneck(of: result, on: usable)
                }
                var report = builder.report(
                    index: index, label: label,
                    actions: index == 0 ? [] : scenario.events[index - 1].actions.map(\.description),
                    state: state, allocation: allocation, bottlenecks: bottlenecks,
                    mirrors: mirrors?.outcome, mirrorLoadBps: mirrors?.loadByLink ?? [:], held: prepared.heldCapacity
                )
                if prepared.heldCapacity != nil {
                    report.reservations = prepared.storedReservations.map { stored in
                        var outcome = stored.outcome(in: state)
                        if outcome.status != .reserved { outcome.reroute = prepared.reroute?(stored.id, state.topology) }
                        return outcome
                    }
                }
                report.impacts = StepImpactFinder(state: state).impacts(mirrors: report.mirrors, before: steps.last, reservations: report.reservations)
                var shownPercent = -1
                let cuts = withoutActuallyEscaping(progress) { progress in
                    analysis.analyse(state.topology, reservations: prepared.minCutReservations, baseline: baselineCuts) { done, total in
                        // The tree takes one max-flow per node; say so about once per percent.
                        guard total >= 200, done * 100 / total != shownPercent else { return }
                        shownPercent = done * 100 / total
                        progress(StepProgress(index: index, count: prepared.stepCount, label: label, phase: .minCut(flowsDone: done, flowsTotal: total)))
                    }
                }
                if let cuts {
                    report.minCuts = cuts.outcome
                    if index == 0 { baselineCuts = cuts.matrix }
                }
                if scenario.objective == .maxWeightedThroughput {
                    report.starvation = starvation(in: allocation, demands: prepared.demands(atStep: index), on: usable, scenario: scenario)
                }
                step = report
            } catch {
                throw ScenarioRunError(step: index, label: label, message: "\(error)")
            }
            steps.append(step)
            progress(StepProgress(index: index, count: prepared.stepCount, label: label, phase: .finished(
                solveSeconds: step.solver.solveSeconds, servedFraction: step.servedFraction, mlu: step.mlu)))
        }
        return WhatIfReport(scenario: summary(of: prepared), fabric: fabric(of: prepared), steps: steps, live: prepared.live)
    }

    /// The note for a max-weighted-throughput step that serves some demands 0 % and others 100 %,
    /// with priority-maxmin solved on the same step for comparison; nil when there is no such split.
    private func starvation(in allocation: Allocation, demands: [Demand], on topology: Topology, scenario: Scenario) -> StarvationNote? {
        func counts(_ allocation: Allocation) -> (unserved: Int, full: Int) {
            (allocation.demands.filter { $0.demand.rateBps > 0 && $0.servedFraction < StarvationNote.unserved }.count,
             allocation.demands.filter { $0.servedFraction >= StepReportBuilder.fullyServed }.count)
        }
        let (unserved, full) = counts(allocation)
        guard unserved > 0, full > 0 else { return nil }
        var message = "max-weighted-throughput serves \(unserved) of \(allocation.demands.count) demands 0 % while \(full) get 100 %: "
            + "it maximizes the weighted total, not fairness, so starving some pairs is allowed — not a bug."
        var alternative: StarvationNote.Alternative?
        do {
            let fair = try StepSolver(objective: .priorityMaxMin, headroom: scenario.options.headroom, mirrorCap: scenario.options.mirrorCap)
                .allocate(demands, on: topology)
            let (fairUnserved, fairFull) = counts(fair)
            let offered = demands.reduce(0) { $0 + $1.rateBps }
            alternative = StarvationNote.Alternative(
                objective: Objective.priorityMaxMin.rawValue, servedBps: fair.totalThroughputBps,
                servedFraction: offered > 0 ? fair.totalThroughputBps / offered : 1,
                lowestDemandFraction: fair.demands.map(\.servedFraction).min() ?? 1,
                unservedDemands: fairUnserved, fullyServedDemands: fairFull, solveSeconds: fair.solveSeconds)
        } catch {
            message += " (priority-maxmin on the same step failed: \(error))"
        }
        return StarvationNote(demands: allocation.demands.count, unservedDemands: unserved, fullyServedDemands: full,
                              message: message, priorityMaxMin: alternative)
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
