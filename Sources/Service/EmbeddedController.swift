import Controller
import Logging
import ServiceLifecycle

/// The controller runtime of `weft controller` and `weft serve --openflow`: runs the OpenFlow
/// controller for as long as the service group runs (stopped on graceful shutdown) and keeps the fabric
/// at what the store says through the ``FabricProgrammer``: at start, and after every change the store
/// reports (a tap created with the CLI, an allocation applied by another process) — no polling. Its
/// discovery saves topology changes to the shared store, where the ``ReoptimizationScheduler`` sees
/// them (a link down triggers a run).
///
/// With several instances (`passiveUntilElected`), it connects to the switches as SLAVE and only
/// becomes MASTER when this instance is elected leader.
public struct EmbeddedController: Service {
    public let controller: FabricController
    public let programmer: FabricProgrammer?
    public let passiveUntilElected: Bool
    let logger: Logger

    /// Runs `controller` inside `weft serve`; `programmer` installs applied allocations, and with
    /// `passiveUntilElected` nothing is programmed until this instance leads.
    public init(controller: FabricController, programmer: FabricProgrammer? = nil, passiveUntilElected: Bool = false,
                logger: Logger = Logger(label: "weft.controller")) {
        self.controller = controller
        self.programmer = programmer
        self.passiveUntilElected = passiveUntilElected
        self.logger = logger
    }

    /// Runs the controller and, with a programmer, the store watch as two child tasks; both end on
    /// graceful shutdown, and an error of the controller (it cannot listen) ends the service with it.
    public func run() async throws {
        if passiveUntilElected {
            await controller.claim(.slave, generationID: 0)
        }
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask { try await controller.run() }
            if let programmer {
                group.addTask {
                    _ = try await controller.listeningPort()
                    let changes = programmer.engine.store.changes()
                    await cancelWhenGracefulShutdown {
                        // The first element comes once the watch is in place: the start-up programming.
                        for await _ in changes {
                            await programFromStore(programmer)
                        }
                    }
                }
            }
        }
    }

    private func programFromStore(_ programmer: FabricProgrammer) async {
        do {
            try await programmer.storeChanged()
        } catch {
            logger.error("cannot program what the store holds", metadata: ["error": "\(error)"])
        }
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
