import Controller
import ServiceLifecycle

/// Runs the OpenFlow controller (`weft serve --openflow`) for as long as the service group runs:
/// started with the HTTP server, stopped on graceful shutdown. Its discovery saves topology changes to
/// the shared store, where the ``ReoptimizationScheduler`` sees them (a link down triggers a run), and
/// the ``Reoptimizer`` installs allocations through it.
public struct EmbeddedController: Service {
    public let controller: FabricController

    public init(controller: FabricController) {
        self.controller = controller
    }

    public func run() async throws {
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
