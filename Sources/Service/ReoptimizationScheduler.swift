import Logging
import ServiceLifecycle
import Topology
import TopologyStore

/// Runs the ``Reoptimizer`` once at start, every `interval`, whenever a new topology version appears
/// in the store (saved by the embedded controller's discovery or by another process: a link going
/// down, a capacity change), when path reservations take or free capacity, when the declared demands
/// change, and — with measured demand — when a newly stored measured matrix moved more than the
/// ``DemandPolicy``'s threshold from the one last solved. Runs never overlap; the hysteresis policy
/// decides whether a run changes anything. Stops on graceful shutdown.
public struct ReoptimizationScheduler: Service {
    public let reoptimizer: Reoptimizer
    /// `nil` for no timer (events only).
    public let interval: Duration?
    /// How often the store is checked for a new topology version.
    public let pollInterval: Duration
    /// Whether this instance may re-optimize now (the leader, with several instances); a follower's
    /// runs are skipped, and becoming active triggers one.
    public let isActive: @Sendable () -> Bool
    let logger: Logger

    /// Runs `reoptimizer` every `interval` (`nil`: only on events) and on the events above, looking for a
    /// new topology version every `pollInterval`; nothing runs while `isActive` is false (a follower).
    public init(reoptimizer: Reoptimizer, interval: Duration?, pollInterval: Duration = .milliseconds(200), logger: Logger = Logger(label: "weft.scheduler"),
                isActive: @escaping @Sendable () -> Bool = { true }) {
        self.reoptimizer = reoptimizer
        self.interval = interval
        self.pollInterval = pollInterval
        self.logger = logger
        self.isActive = isActive
    }

    public func run() async throws {
        let engine = reoptimizer.engine
        let topology = try? engine.latestTopology()
        let reservations = engine.reservationGeneration
        try await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await runOnce(trigger: "startup") }
                if let interval {
                    group.addTask {
                        while (try? await Task.sleep(for: interval)) != nil {
                            await runOnce(trigger: "schedule")
                        }
                    }
                }
                group.addTask { await watch(from: topology, reservations: reservations) }
                await group.waitForAll()
            }
        }
    }

    /// Polls the newest topology version, the reservations, the declared demands and the measured
    /// matrix, starting from what they were when the scheduler started; a change triggers a run named
    /// after it.
    private func watch(from topology: StoredTopology?, reservations initial: Int) async {
        let engine = reoptimizer.engine
        var known = topology
        var reservations = initial
        var demands = engine.demandGeneration
        var matrix = engine.matrixGeneration
        var active = isActive()
        while (try? await Task.sleep(for: pollInterval)) != nil {
            let wasActive = active
            active = isActive()
            if active, !wasActive {
                await runOnce(trigger: "became leader")
            } else if let current = try? engine.latestTopology(), current.version.number != known?.version.number {
                let change = known.map { TopologyChange(from: $0.topology, to: current.topology).description } ?? "first topology"
                known = current
                reservations = engine.reservationGeneration
                await runOnce(trigger: "topology v\(current.version.number): \(change)")
            } else if engine.reservationGeneration != reservations {
                reservations = engine.reservationGeneration
                await runOnce(trigger: "reservations changed")
            } else if engine.demandGeneration != demands {
                demands = engine.demandGeneration
                await runOnce(trigger: "demands changed")
            } else if engine.matrixGeneration != matrix {
                matrix = engine.matrixGeneration
                if let snapshot = try? engine.latestMatrix(), let move = await reoptimizer.moveCallingForRun(snapshot) {
                    await runOnce(trigger: String(format: "measured matrix moved %.1f%% (snapshot #%d)", move * 100, snapshot.id))
                }
            }
        }
    }

    private func runOnce(trigger: String) async {
        guard await reoptimizer.hasDemands, isActive() else { return }
        do {
            _ = try await reoptimizer.run(trigger: trigger)
        } catch {
            logger.warning("re-optimization did not complete", metadata: ["trigger": "\(trigger)", "error": "\(error)"])
        }
    }
}
