import Testing
import Topology
@testable import Optimizer
import TopologyFormats

@Suite struct OptimizerSessionTests {
    @Test func sessionReOptimizesFromAsyncCodeOnItsOwnThread() async throws {
        let fabric = SpineLeafGenerator(spines: 2, leaves: 4, hostsPerLeaf: 1).generate()
        let demands = TestFabrics.randomDemands(DemandGenerator.defaultEndpoints(in: fabric), seed: 2, range: 20e9...90e9)
        let session = OptimizerSession()
        let first = try await session.start(topology: fabric, demands: demands)
        var failed = fabric
        failed.links[failed.links.firstIndex { $0.source.node == "leaf1" }!].isUp = false
        let second = try await session.update(topology: failed)
        let scratch = try TrafficOptimizer(topology: failed).optimize(demands)
        #expect(second.objectiveValue <= first.objectiveValue + 1)
        #expect(TestFabrics.relativeGap(second.objectiveValue, scratch.objectiveValue) <= 1e-6)
        #expect(await session.lastUpdateKind != .rebuilt)
    }

    @Test func updateBeforeStartIsATypedError() async {
        await #expect(throws: OptimizerError.self) {
            try await OptimizerSession().update(topology: Topology(name: "empty"))
        }
    }
}
