import CGLPK
import Foundation
import Testing
import Topology
@testable import Optimizer
import TopologyFormats

/// GLPK faults and invalid models end in typed errors, never in the end of the process.
@Suite struct NeverAbortTests {
    /// Runs `body` on a thread of its own, so a GLPK fault frees no other test's GLPK environment.
    private func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () -> T) -> T {
        let box = ResultBox<T>()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            box.value = body()
            done.signal()
        }
        thread.start()
        done.wait()
        return box.value!
    }

    @Test func goldDemandAboveItsHostPortWithABronzeDemandSolvesUnderPriorityMaxMin() throws {
        let fabric = SpineLeafGenerator(spines: 2, leaves: 3, hostsPerLeaf: 1).generate()
        let demands = [
            Demand(source: "h1-1", destination: "h2-1", rateBps: 30e9, qosClass: .gold),
            Demand(source: "h2-1", destination: "h3-1", rateBps: 1e9, qosClass: .bronze),
        ]
        let allocation = try TrafficOptimizer(topology: fabric).optimize(demands, options: OptimizerOptions(objective: .priorityMaxMin))
        #expect(abs(allocation.demands[0].servedBps - 25e9) < 1e3)
        #expect(abs(allocation.demands[1].servedBps - 1e9) < 1e3)
    }

    @Test func replacingTheEntriesOfABasicColumnKeepsTheBasisUsable() throws {
        let lp = LinearProgram(direction: .maximize)
        lp.addRows([.upper(4), .upper(6)])
        lp.addColumns([LinearProgram.Column(bound: .lower(0), objective: 1, rows: [0, 1], values: [1, 1]),
                       LinearProgram.Column(bound: .lower(0), objective: 1, rows: [1], values: [1])])
        _ = try lp.simplex(.primal, stage: "first")
        #expect(lp.objectiveValue == 6)
        lp.setColumnEntries(0, rows: [], values: [])
        lp.setColumnBound(0, .range(0, 2))
        _ = try lp.simplex(.dual, stage: "second")
        #expect(lp.objectiveValue == 8)
    }

    @Test func aGLPKFatalErrorIsATypedFaultAndTheThreadSolvesAgain() {
        let outcome = onOwnThread { () -> (code: Int32, text: String, earlier: String, later: Double) in
            let earlier = LinearProgram(direction: .maximize, name: "earlier")
            earlier.addRows([.upper(1)])
            earlier.addColumns([LinearProgram.Column(bound: .lower(0), objective: 1, rows: [0], values: [1])])
            var raw: OpaquePointer?
            _ = weft_glp_create_prob(&raw)
            let code = weft_glp_set_row_bnds(raw, 5, GLP_UP, 0, 1)
            let text = String(cString: weft_glp_last_fault())
            var earlierError = ""
            do {
                _ = try earlier.simplex(.primal, stage: "after the fault")
            } catch let error as OptimizerError {
                earlierError = error.description
            } catch {
                earlierError = "\(error)"
            }
            let later = LinearProgram(direction: .maximize, name: "later")
            later.addRows([.upper(3)])
            later.addColumns([LinearProgram.Column(bound: .lower(0), objective: 2, rows: [0], values: [1])])
            _ = try? later.simplex(.primal, stage: "after the fault")
            return (code, text, earlierError, later.objectiveValue)
        }
        #expect(outcome.code == WEFT_GLP_FAULT)
        #expect(outcome.text.contains("out of range"))
        #expect(outcome.earlier.contains("GLPK fault on earlier in after the fault"))
        #expect(outcome.later == 6)
    }

    @Test func crossedBoundsAreATypedErrorBeforeGLPKSeesThem() {
        let lp = LinearProgram(direction: .maximize, name: "crossed")
        lp.addRows([.range(2, 1)])
        lp.addColumns([LinearProgram.Column(bound: .lower(0), objective: 1, rows: [0], values: [1])])
        #expect(throws: OptimizerError.invalidModel(model: "crossed", message: "row 1 has crossed bounds 2.0 > 1.0")) {
            try lp.simplex(.primal, stage: "test")
        }
    }

    @Test func aNaNBoundIsATypedErrorBeforeGLPKSeesIt() {
        let lp = LinearProgram(direction: .maximize, name: "nan")
        lp.addRows([.upper(1)])
        lp.addColumns([LinearProgram.Column(bound: .range(0, .nan), objective: 1, rows: [0], values: [1])])
        #expect(throws: (any Error).self) { try lp.simplex(.primal, stage: "test") }
    }
}

/// Carries a result from the thread `onOwnThread` starts back to the test.
private final class ResultBox<T>: @unchecked Sendable {
    var value: T?
}
