@testable import Controller
import FlowCompiler
import Logging
import NIOCore
import Testing
import Topology
import WeftTestSupport

/// Runs a `FabricController` against an `OVSFabric`: listening on the fabric namespace's loopback,
/// every bridge pointed at it.
enum ControllerHarness {
    /// Settings for tests: fast LLDP rounds and short timeouts so the suite stays quick. The dead-peer
    /// timeout is OVS's own (two missed 5 s inactivity probes): a userspace datapath forwarding iperf3
    /// traffic on a loaded 2-core machine was seen silent for just over 4 s.
    static func configuration(socket: NamespaceSocket) -> ControllerConfiguration {
        ControllerConfiguration(listen: .boundSocket(NIOBSDSocket.Handle(socket.descriptor)), instanceName: "weft-test",
                                lldpIntervalSeconds: 0.5, echoIntervalSeconds: 1, deadPeerSeconds: 10,
                                statsIntervalSeconds: 0.5, requestTimeoutSeconds: 3)
    }

    static var logger: Logger {
        var logger = Logger(label: "weft.controller.test")
        logger.logLevel = .info
        return logger
    }

    /// Starts a controller with `inventory` on a new socket at `port` and, when `port` is 0 (a new
    /// port) and `connect` holds, points the fabric's bridges at it.
    static func start(on fabric: OVSFabric, inventory: Topology, port: UInt16 = 0, connect: Bool = true) async throws -> (FabricController, UInt16) {
        let socket = try fabric.controllerSocket(port: port)
        let controller = FabricController(inventory: inventory, configuration: configuration(socket: socket), logger: logger)
        try await controller.start()
        if port == 0, connect {
            try await fabric.connectControllers(port: socket.port)
        }
        return (controller, socket.port)
    }

    /// Waits until the controller installed a program covering every built link; returns it.
    @discardableResult
    static func waitForFullProgram(_ controller: FabricController, fabric: OVSFabric) async throws -> FabricProgram {
        let expected = fabric.topology.linkNames
        let took = await waitUntil(seconds: 8) {
            guard await controller.topology.linkNames == expected else { return false }
            await controller.reprogramAndWait()
            return await controller.installedProgram != nil
        }
        try #require(took != nil, "the controller never discovered and programmed the whole fabric")
        return try #require(await controller.installedProgram)
    }

    /// Polls `condition` every 20 ms until it holds or `seconds` pass; returns the seconds it took, or `nil`.
    static func waitUntil(seconds: Double, _ condition: () async throws -> Bool) async rethrows -> Double? {
        let clock = ContinuousClock()
        let start = clock.now
        let deadline = start + .seconds(seconds)
        while clock.now < deadline {
            if try await condition() {
                let elapsed = start.duration(to: clock.now)
                return elapsed.seconds
            }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return nil
    }
}

extension Topology {
    /// The same switches and hosts without links: what a controller must discover.
    var withoutLinks: Topology {
        var copy = self
        copy.links = []
        return copy
    }

    /// Link names, e.g. `leaf1:3->spine1:1`.
    var linkNames: Set<String> { Set(links.map(\.name)) }
}
