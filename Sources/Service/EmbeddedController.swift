import Controller
import ServiceLifecycle

/// Runs the OpenFlow controller (`weft serve --openflow`) for as long as the service group runs:
/// started with the HTTP server, stopped on graceful shutdown. Its discovery saves topology changes to
/// the shared store, where the ``ReoptimizationScheduler`` sees them (a link down triggers a run), and
/// the ``Reoptimizer`` installs allocations through it.
///
/// With several instances (`passiveUntilElected`), it connects to the switches as SLAVE and only
/// becomes MASTER when this instance is elected leader.
public struct EmbeddedController: Service {
    public let controller: FabricController
    public let passiveUntilElected: Bool

    public init(controller: FabricController, passiveUntilElected: Bool = false) {
        self.controller = controller
        self.passiveUntilElected = passiveUntilElected
    }

    public func run() async throws {
        if passiveUntilElected {
            await controller.claim(.slave, generationID: 0)
        }
        try await controller.start()
        try? await gracefulShutdown()
        await controller.stop()
    }
}

/// What `/healthz` says about the embedded controller.
struct ControllerHealth: Encodable {
    var connectedSwitches: Int
    var programVersion: UInt32
    var flowsInstalled: Int

    init(_ controller: FabricController) async {
        let statistics = await controller.statistics
        connectedSwitches = statistics.connectedSwitches
        programVersion = statistics.programVersion
        flowsInstalled = await controller.installedProgram?.totalFlows ?? 0
    }

    enum CodingKeys: String, CodingKey {
        case connectedSwitches = "connected_switches"
        case programVersion = "program_version"
        case flowsInstalled = "flows_installed"
    }
}
