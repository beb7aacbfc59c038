import Topology

/// An actor that owns an `IncrementalOptimizer` on a dedicated GLPK thread, for async callers such
/// as `weft serve`'s scheduler.
///
/// Its executor is a `GLPKThreadExecutor`, so every method body runs on the same OS thread and the
/// GLPK problem inside never meets another thread's environment — not even when the session is
/// released: the optimizer is handed back to that thread to be deleted.
public actor OptimizerSession {
    private let executor: GLPKThreadExecutor
    private var optimizer: IncrementalOptimizer?

    public nonisolated var unownedExecutor: UnownedSerialExecutor {
        executor.asUnownedSerialExecutor()
    }

    public init() {
        executor = GLPKThreadExecutor()
    }

    /// Runs on the GLPK thread (an isolated deinit), so the optimizer's GLPK problem is deleted there;
    /// then lets the thread exit.
    isolated deinit {
        optimizer = nil
        executor.shutdown()
    }

    /// Solves from scratch and keeps the model for later updates.
    public func start(topology: Topology, demands: [Demand], options: OptimizerOptions = OptimizerOptions()) throws(OptimizerError) -> Allocation {
        let created = try IncrementalOptimizer(topology: topology, demands: demands, options: options)
        optimizer = created
        return created.allocation
    }

    /// Re-optimizes for a changed topology; starts from scratch if `start` was never called.
    public func update(topology: Topology) throws(OptimizerError) -> Allocation {
        guard let optimizer else {
            throw .invalidOption(name: "session", message: "call start(topology:demands:options:) before update(topology:)")
        }
        return try optimizer.update(topology: topology)
    }

    /// Re-optimizes warm for `topology` when `demands` and `options` are those of the running
    /// optimizer (the usual case for a service re-optimizing fixed demands as the fabric changes);
    /// otherwise, or after a failed update, solves from scratch and keeps that model.
    public func optimize(topology: Topology, demands: [Demand], options: OptimizerOptions = OptimizerOptions()) throws(OptimizerError) -> Allocation {
        if let optimizer, optimizer.demands == demands, optimizer.options == options {
            do {
                return try optimizer.update(topology: topology)
            } catch {
                self.optimizer = nil
            }
        }
        return try start(topology: topology, demands: demands, options: options)
    }

    /// The latest allocation, if any.
    public var allocation: Allocation? { optimizer?.allocation }

    /// How the latest update was solved.
    public var lastUpdateKind: IncrementalOptimizer.UpdateKind? { optimizer?.lastUpdateKind }
}
