import Logging
import ServiceLifecycle
import Topology

/// Runs the ``Reoptimizer`` once at start, every `interval`, and whenever a new topology version
/// appears in the store (saved by the embedded controller's discovery or by another process: a link
/// going down, a capacity change). Runs never overlap; the hysteresis policy decides whether a run
/// changes anything. Stops on graceful shutdown.
public struct ReoptimizationScheduler: Service {
    public let reoptimizer: Reoptimizer
    /// `nil` for no timer (events only).
    public let interval: Duration?
    /// How often the store is checked for a new topology version.
    public let pollInterval: Duration
    let logger: Logger

    public init(reoptimizer: Reoptimizer, interval: Duration?, pollInterval: Duration = .milliseconds(200), logger: Logger = Logger(label: "weft.scheduler")) {
        self.reoptimizer = reoptimizer
        self.interval = interval
        self.pollInterval = pollInterval
        self.logger = logger
    }

    public func run() async throws {
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
                group.addTask { await watchTopology() }
                await group.waitForAll()
            }
        }
    }

    /// Polls the newest topology version; a new one triggers a run named after what changed.
    private func watchTopology() async {
        var known = try? reoptimizer.engine.latestTopology()
        while (try? await Task.sleep(for: pollInterval)) != nil {
            guard let current = try? reoptimizer.engine.latestTopology(), current.version.number != known?.version.number else { continue }
            let change = known.map { TopologyChange(from: $0.topology, to: current.topology).description } ?? "first topology"
            known = current
            await runOnce(trigger: "topology v\(current.version.number): \(change)")
        }
    }

    private func runOnce(trigger: String) async {
        guard !reoptimizer.demands.isEmpty else { return }
        do {
            _ = try await reoptimizer.run(trigger: trigger)
        } catch {
            logger.warning("re-optimization did not complete", metadata: ["trigger": "\(trigger)", "error": "\(error)"])
        }
    }
}
