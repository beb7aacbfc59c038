@testable import Controller
import NIOConcurrencyHelpers
import OpenFlow
import ServiceLifecycle
import Testing
import Topology
import TopologyStore
import WeftTestSupport

/// The controller as a swift-service-lifecycle `Service`: `run()` owns its loops, ends them on
/// cancellation and graceful shutdown, reports why it could not listen, and publishes topology changes.
@Suite("Controller lifecycle", .serialized)
struct ControllerLifecycleTests {
    static func configuration(port: Int = 0) -> ControllerConfiguration {
        ControllerConfiguration(listen: .tcp(host: "127.0.0.1", port: port), lldpIntervalSeconds: 0.2, statsIntervalSeconds: 0.2,
                                requestTimeoutSeconds: 1, restartGraceSeconds: 0, admission: .everySwitch)
    }

    /// Connects a scripted switch, waits until the controller counts it, then runs `body` and keeps the
    /// connection open until `body` returns; returns whether the controller closed the connection.
    static func withConnectedSwitch(port: Int, controller: FabricController, _ body: @Sendable () async throws -> Void) async throws -> Bool {
        let closed = NIOLockedValueBox(false)
        try await FakeSwitch.connect(port: port) { fake in
            try await fake.send(.hello(Hello()))
            let connected = try await ControllerHarness.waitUntil(seconds: 5) { await controller.statistics.connectedSwitches == 1 }
            try #require(connected != nil, "the scripted switch never became ready")
            try await body()
            let observed = await fake.waitForClose(seconds: 5)
            closed.withLockedValue { $0 = observed }
        }
        return closed.withLockedValue { $0 }
    }

    @Test("cancelling run() ends every loop and disconnects every switch")
    func cancellationEndsRun() async throws {
        let controller = FabricController(inventory: Topology(name: "empty"), configuration: Self.configuration(), logger: ControllerHarness.logger)
        let running = Task { try await controller.run() }
        let port = try await controller.listeningPort()
        let disconnected = try await Self.withConnectedSwitch(port: port, controller: controller) {
            running.cancel()
            let ended = await withTaskGroup(of: Bool.self) { group in
                group.addTask {
                    do {
                        try await running.value
                    } catch {
                        Issue.record("run() ended with \(error) when cancelled")
                    }
                    return true
                }
                group.addTask {
                    try? await Task.sleep(for: .seconds(5))
                    return false
                }
                let first = await group.next() ?? false
                group.cancelAll()
                return first
            }
            #expect(ended, "run() did not return within 5 s of being cancelled")
        }
        #expect(disconnected, "the switch connection stayed open after run() ended")
        await #expect(throws: ControllerError.notRunning) { try await controller.listeningPort() }
    }

    @Test("graceful shutdown of the service group ends run() without an error")
    func gracefulShutdownEndsRun() async throws {
        let controller = FabricController(inventory: Topology(name: "empty"), configuration: Self.configuration(), logger: ControllerHarness.logger)
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(services: [controller], logger: ControllerHarness.logger))
        let running = Task { try await group.run() }
        let port = try await controller.listeningPort()
        let disconnected = try await Self.withConnectedSwitch(port: port, controller: controller) {
            await group.triggerGracefulShutdown()
            try await running.value
        }
        #expect(disconnected)
        #expect(await controller.statistics.connectedSwitches == 0)
    }

    @Test("run() throws the listen error, and start() reports it instead of a port")
    func listenErrorPropagates() async throws {
        let holder = FabricController(inventory: Topology(name: "empty"), configuration: Self.configuration(), logger: ControllerHarness.logger)
        let taken = try await holder.start()
        let second = FabricController(inventory: Topology(name: "empty"), configuration: Self.configuration(port: taken), logger: ControllerHarness.logger)
        let third = FabricController(inventory: Topology(name: "empty"), configuration: Self.configuration(port: taken), logger: ControllerHarness.logger)
        var runError: (any Error)?
        do {
            try await second.run()
        } catch {
            runError = error
        }
        let startError = await #expect(throws: ControllerError.self) { try await third.start() }
        await holder.stop()
        guard case let .cannotListen(address, _)? = runError as? ControllerError else {
            Issue.record("run() on a taken port ended with \(String(describing: runError)), not cannotListen")
            return
        }
        #expect(address == "127.0.0.1:\(taken)")
        #expect(startError == runError as? ControllerError)
    }

    @Test("a second run() of the same controller is refused")
    func runsOnce() async throws {
        let controller = FabricController(inventory: Topology(name: "empty"), configuration: Self.configuration(), logger: ControllerHarness.logger)
        try await controller.start()
        await #expect(throws: ControllerError.notRunning) { try await controller.run() }
        await controller.stop()
    }

    @Test("topology changes arrive on the stream (a switch connects, then leaves) and the store saves the last one")
    func topologyChangesAreStreamed() async throws {
        let scratch = try ScratchDirectory()
        let store = try TopologyStore(path: scratch.path("weft.sqlite"))
        let controller = FabricController(inventory: Topology(name: "streamed"), configuration: Self.configuration(), store: store,
                                          logger: ControllerHarness.logger)
        let changes = await controller.topologyChanges()
        let port = try await controller.start()
        let seen = NIOLockedValueBox<[Topology]>([])
        let reader = Task {
            for await topology in changes {
                seen.withLockedValue { $0.append(topology) }
            }
        }
        try await FakeSwitch.connect(port: port) { fake in
            try await fake.send(.hello(Hello()))
            let arrived = await ControllerHarness.waitUntil(seconds: 5) { seen.withLockedValue { $0.last?.switches.count == 1 } }
            #expect(arrived != nil, "no topology with the connected switch on the stream")
        }
        let left = await ControllerHarness.waitUntil(seconds: 5) { seen.withLockedValue { $0.count >= 2 && $0.last?.switches.isEmpty == true } }
        #expect(left != nil, "the switch leaving was not published")
        let saved = await ControllerHarness.waitUntil(seconds: 5) { (try? store.latest()?.topology.switches.isEmpty) == true }
        #expect(saved != nil, "the store never got the topology without the switch")
        await controller.stop()
        await reader.value
        let connected = try #require(seen.withLockedValue { $0 }.first { !$0.switches.isEmpty })
        #expect(connected.switches.map(\.datapathID) == [DatapathID(0x42)])
        #expect(connected.switches.first?.ports.map(\.number) == [1])
        #expect(try store.versions().count >= 2, "the store holds no version with the switch")
    }
}
