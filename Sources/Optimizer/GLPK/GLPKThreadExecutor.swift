import Foundation

/// A serial executor that runs every job on one dedicated thread.
///
/// GLPK keeps its environment in thread-local storage, so a `glp_prob` must live and die on one
/// thread; Swift tasks, even inside one actor, may resume on any thread of the cooperative pool. An
/// actor whose `unownedExecutor` is this executor runs all of its code on the same OS thread, which
/// makes it the safe owner of a long-lived GLPK problem (`OptimizerSession` is one).
public final class GLPKThreadExecutor: SerialExecutor, @unchecked Sendable {
    /// Jobs and the stop flag, shared with the thread; guarded by `condition`.
    private final class Queue: @unchecked Sendable {
        let condition = NSCondition()
        var jobs: [UnownedJob] = []
        var stopping = false
        /// Unowned reference to the executor, for `runSynchronously(on:)`.
        var executor: UnownedSerialExecutor?
    }

    private let queue = Queue()

    public init(name: String = "weft-glpk") {
        let queue = self.queue
        queue.executor = UnownedSerialExecutor(ordinary: self)
        let thread = Thread { [queue] in
            Self.drain(queue)
        }
        thread.name = name
        thread.start()
    }

    deinit {
        shutdown()
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let unowned = UnownedJob(job)
        queue.condition.lock()
        queue.jobs.append(unowned)
        queue.condition.signal()
        queue.condition.unlock()
    }

    public func asUnownedSerialExecutor() -> UnownedSerialExecutor {
        UnownedSerialExecutor(ordinary: self)
    }

    /// Lets the thread finish the queued work and exit.
    public func shutdown() {
        queue.condition.lock()
        queue.stopping = true
        queue.condition.signal()
        queue.condition.unlock()
    }

    private static func drain(_ queue: Queue) {
        while true {
            queue.condition.lock()
            while queue.jobs.isEmpty && !queue.stopping {
                queue.condition.wait()
            }
            if queue.jobs.isEmpty {
                queue.condition.unlock()
                return
            }
            let jobs = queue.jobs
            queue.jobs.removeAll()
            queue.condition.unlock()
            if let executor = queue.executor {
                for job in jobs { job.runSynchronously(on: executor) }
            }
        }
    }
}
