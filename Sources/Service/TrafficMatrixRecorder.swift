import Controller
import Foundation
import Logging
import ServiceLifecycle

/// Samples the embedded controller's measured traffic matrix every `interval` and stores each non-empty
/// sample as a ``MatrixSnapshot`` with its time, deleting samples older than `retention` in the same
/// transaction. The ``ReoptimizationScheduler`` watches the stored samples. Only the active instance
/// (the leader, with several) samples; stops on graceful shutdown.
public struct TrafficMatrixRecorder: Service {
    public let controller: FabricController
    public let engine: ServiceEngine
    public let interval: Duration
    public let retention: Duration
    public let isActive: @Sendable () -> Bool
    let logger: Logger

    /// Samples `controller`'s measured matrix every `interval` into `engine`'s store and prunes samples older
    /// than `retention`; nothing is written while `isActive` is false (a follower).
    public init(controller: FabricController, engine: ServiceEngine, interval: Duration, retention: Duration,
                logger: Logger = Logger(label: "weft.matrix"), isActive: @escaping @Sendable () -> Bool = { true }) {
        self.controller = controller
        self.engine = engine
        self.interval = interval
        self.retention = retention
        self.logger = logger
        self.isActive = isActive
    }

    public func run() async throws {
        try await cancelWhenGracefulShutdown {
            while (try? await Task.sleep(for: interval)) != nil {
                guard isActive() else { continue }
                _ = await sampleOnce()
            }
        }
    }

    /// Reads the matrix from the switches and stores it when it holds any aggregate; returns what was stored.
    public func sampleOnce(at date: Date = Date()) async -> MatrixSnapshot? {
        let entries = await controller.sampleTrafficMatrix()
        guard !entries.isEmpty else { return nil }
        do {
            return try await engine.recordMatrix(MatrixSnapshot(sampledAt: date, entries: entries), retention: retention)
        } catch {
            logger.warning("cannot store the measured traffic matrix", metadata: ["error": "\(error)"])
            return nil
        }
    }
}
