@testable import Controller
import FlowCompiler
import Testing
import Topology
import TopologyFormats

/// A programming pass whose inputs did not change compiles nothing (a store write that changes neither
/// the topology, the applied plan nor the taps wakes the runtime too).
@Suite("Programming passes without changes")
struct UnchangedProgrammingTests {
    @Test("passes with the same topology, plan and taps do not compile; a new plan does")
    func unchangedInputsSkipTheCompile() async throws {
        let fabric = SpineLeafGenerator(spines: 2, leaves: 3, hostsPerLeaf: 1).generate()
        let configuration = ControllerConfiguration(listen: .tcp(host: "127.0.0.1", port: 0), statsIntervalSeconds: 0, restartGraceSeconds: 3600)
        let controller = FabricController(inventory: fabric, configuration: configuration, logger: ControllerHarness.logger)
        try await controller.start()
        await controller.reprogramAndWait()
        let first = await controller.statistics.programsCompiled
        let program = try #require(await controller.installedProgram)
        for _ in 0..<5 { await controller.applyShortestPaths(mirror: nil) }
        let afterNoOps = await controller.statistics.programsCompiled
        var plan = RoutingPlan.shortestPaths(in: fabric, version: 0)
        let pair = try #require(plan.routes.keys.sorted().first)
        plan.routes[pair] = Array(plan.routes[pair]?.prefix(1) ?? [])
        await controller.apply(plan)
        let afterPlan = await controller.statistics.programsCompiled
        let replanned = await controller.installedProgram
        await controller.stop()
        #expect(first >= 1)
        #expect(afterNoOps == first, "\(afterNoOps - first) passes compiled although nothing changed")
        #expect(afterPlan == first + 1)
        #expect(replanned?.version == program.version + 1, "the new plan was not installed as a new version")
    }
}
