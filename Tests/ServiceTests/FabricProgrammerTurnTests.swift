import Controller
import Testing
import Topology

@testable import Service

/// `FabricProgrammer` hands one program at a time to the controller even though it suspends while
/// reading port rates and while the switches install.
@Suite("Fabric programming calls take turns")
struct FabricProgrammerTurnTests {
    @Test("two overlapping calls (a tap change, a store change) reach the controller one after the other")
    func overlappingCallsTakeTurns() async throws {
        try await ServiceFixture.with(topology: Fabrics.spineLeaf()) { fixture in
            let configuration = ControllerConfiguration(listen: .tcp(host: "127.0.0.1", port: 0), statsIntervalSeconds: 0, restartGraceSeconds: 0)
            let controller = FabricController(inventory: try fixture.store.loadLatest().topology, configuration: configuration)
            try await controller.start()
            let programmer = FabricProgrammer(controller: controller, engine: fixture.engine)
            let probe = ReoptimizerTurnTests.SolveProbe()
            await programmer.setBeforeHandover {
                await probe.enter()
                await probe.leave()
            }
            async let first: Void = programmer.tapsChanged()
            while await probe.entered == 0 { try? await Task.sleep(for: .milliseconds(5)) }
            async let second: Void = programmer.storeChanged()
            // Had the calls overlapped, the second would be at the hand-over by now, next to the held first.
            try? await Task.sleep(for: .milliseconds(200))
            let enteredWhileFirstHeld = await probe.entered
            await probe.release()
            var failure: (any Error)?
            do { try await first } catch { failure = error }
            do { try await second } catch { failure = failure ?? error }
            await controller.stop()
            if let failure { throw failure }
            #expect(enteredWhileFirstHeld == 1, "the second call reached the controller while the first was still handing over")
            #expect(await probe.maxActive == 1)
            #expect(await probe.entered == 2)
        }
    }
}
