import Foundation
import Testing
import Topology
@testable import Optimizer
import TopologyFormats

@Suite struct LinearProgramTests {
    @Test func infeasibleModelIsATypedError() {
        let lp = LinearProgram(direction: .maximize)
        lp.addRows([.lower(1)])
        lp.addColumns([LinearProgram.Column(bound: .range(0, 0.5), objective: 1, rows: [0], values: [1])])
        #expect(throws: OptimizerError.infeasible(stage: "test")) { try lp.simplex(.primal, stage: "test") }
    }

    @Test func unboundedModelIsATypedError() {
        let lp = LinearProgram(direction: .maximize)
        lp.addRows([.upper(1)])
        lp.addColumns([LinearProgram.Column(bound: .lower(0), objective: 1, rows: [0], values: [1]),
                       LinearProgram.Column(bound: .lower(0), objective: 1, rows: [0], values: [-1])])
        #expect(throws: OptimizerError.unbounded(stage: "test")) { try lp.simplex(.primal, stage: "test") }
    }

    @Test func warmStartAfterAddingAColumnReusesTheBasis() throws {
        let lp = LinearProgram(direction: .maximize)
        lp.addRows([.upper(4), .upper(6)])
        lp.addColumns([LinearProgram.Column(bound: .lower(0), objective: 1, rows: [0], values: [1])])
        _ = try lp.simplex(.primal, stage: "first")
        #expect(lp.objectiveValue == 4)
        lp.addColumns([LinearProgram.Column(bound: .lower(0), objective: 2, rows: [1], values: [1])])
        _ = try lp.simplex(.primal, stage: "second")
        #expect(lp.objectiveValue == 16)
        #expect(lp.rowDuals() == [1, 2])
    }

    @Test func writtenModelIsReadByGlpsol() throws {
        let directory = try TestFabrics.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let lp = LinearProgram(direction: .maximize)
        lp.addRows([.upper(3), .upper(5)])
        lp.addColumns([LinearProgram.Column(bound: .lower(0), objective: 3, rows: [0, 1], values: [1, 1]),
                       LinearProgram.Column(bound: .range(0, 2), objective: 1, rows: [1], values: [1])])
        let path = directory.appendingPathComponent("tiny.lp").path
        try lp.writeCPLEX(to: path)
        _ = try lp.simplex(.primal, stage: "tiny")
        #expect(try GLPSolOracle().solve(modelPath: path, method: .simplex).objective == lp.objectiveValue)
    }

    @Test func kShortestPathSpaceReachesItsAllCandidatesOptimum() throws {
        let abilene = try TopologyImporter().importFile(atPath: TestFabrics.scenarioTopologies.appendingPathComponent("abilene.sndlib").path).topology
        let demands = TestFabrics.randomDemands(abilene.switches.map(\.name), seed: 6, range: 2e9...12e9, keep: 0.4)
        let optimizer = TrafficOptimizer(topology: abilene)
        let generated = try optimizer.optimize(demands, options: OptimizerOptions(pathSpace: .kShortest(3)))
        let all = try optimizer.optimize(demands, options: OptimizerOptions(pathSpace: .kShortest(3), method: .allPaths))
        let unrestricted = try optimizer.optimize(demands)
        #expect(TestFabrics.relativeGap(generated.objectiveValue, all.objectiveValue) <= 1e-6)
        #expect(all.objectiveValue <= unrestricted.objectiveValue * (1 + 1e-9))
    }
}
