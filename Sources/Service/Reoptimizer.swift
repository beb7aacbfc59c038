import Foundation
import Logging
import Optimizer
import Topology

/// Re-optimizes the demands on the current topology and decides, with a ``HysteresisPolicy``, whether
/// to install the result. One run at a time: runs take turns in arrival order, so a run that suspends
/// (solving, installing) finishes before the next one reads what it applied — an actor alone would
/// admit a second run at every `await` of the first. Every run is logged, counted in the metrics and
/// stored as a ``ReoptimizationDecision``, which names the demand matrix it solved (``DemandPolicy``:
/// the declared demands, the newest stored measured matrix × a growth margin, or the larger of both
/// per aggregate).
///
/// The optimizer sees the fabric minus what path reservations hold: every link's capacity and every
/// host port's speed are reduced by the rate reserved on them through `/v1/paths`.
public actor Reoptimizer {
    /// Computes an allocation; `WeftServer.Reoptimization.optimizer` keeps a warm model on its own
    /// GLPK thread between calls.
    public typealias Solve = @Sendable (Topology, [Demand]) async throws -> Allocation
    /// Installs an allocation computed on a topology and returns when the switches acknowledged it.
    public typealias Install = @Sendable (Allocation, Topology) async throws -> Void
    /// Counts the flow entries that change from one allocation (on its topology) to the next.
    public typealias RuleCounter = @Sendable ((Allocation, Topology)?, Allocation, Topology) -> Int?

    public let engine: ServiceEngine
    /// The declared demands (`--demands`, `PUT /v1/demands`).
    public private(set) var demands: [Demand]
    public let policy: HysteresisPolicy
    public let demandPolicy: DemandPolicy
    let solve: Solve
    let install: Install?
    let countRules: RuleCounter?
    let metrics: ServiceMetrics
    let logger: Logger
    private var applied: (allocation: AppliedAllocation, topology: Topology)?
    private var latestDecision: ReoptimizationDecision?
    /// The measured snapshot the newest run solved (`nil` when it used none).
    private var solvedMatrix: MatrixSnapshot?
    /// The measured matrix's last two windows per aggregate, to run only on a settled move.
    private var windows: MatrixWindows
    /// Whether `restore()` takes the declared demands stored in the database.
    let followsStoredDemands: Bool
    private let turns = TurnQueue()

    /// A re-optimizer over `engine`'s store: `solve` computes a candidate for `demands` (or the stored
    /// declared demands when `followsStoredDemands`), `policy` decides whether to apply it, `install`
    /// programs what was applied and `countRules` sizes the change.
    ///
    /// `matrixSmoothing` is the measured matrix's smoothing weight (`--matrix-smoothing`), so a move
    /// calls for a run only once the smoothed rates have followed it (``MatrixWindows``).
    public init(
        engine: ServiceEngine, demands: [Demand], policy: HysteresisPolicy, demandPolicy: DemandPolicy = DemandPolicy(), metrics: ServiceMetrics,
        logger: Logger = Logger(label: "weft.reoptimizer"), solve: @escaping Solve, install: Install? = nil, countRules: RuleCounter? = nil,
        followsStoredDemands: Bool = true, matrixSmoothing: Double = 1
    ) {
        self.followsStoredDemands = followsStoredDemands
        windows = MatrixWindows(smoothing: matrixSmoothing)
        self.engine = engine
        self.demands = demands
        self.policy = policy
        self.demandPolicy = demandPolicy
        self.solve = solve
        self.install = install
        self.countRules = countRules
        self.metrics = metrics
        self.logger = logger
    }

    /// Replaces the declared demands (after `PUT /v1/demands` stored them).
    public func declare(_ demands: [Demand]) {
        self.demands = demands
    }

    /// Whether a run has anything to solve: declared demands, or a measured matrix when the policy uses one.
    public var hasDemands: Bool {
        if !demands.isEmpty { return true }
        guard demandPolicy.basis != .declared else { return false }
        return !((try? engine.latestMatrix())??.entries.isEmpty ?? true)
    }

    /// How far `snapshot` moved from the measured matrix the newest run solved, when the policy uses
    /// measured demand, the move exceeds its threshold and the matrix has settled (a run is due; see
    /// ``MatrixWindows``: a window that straddles a change of the traffic pattern does not call for a run);
    /// otherwise `nil`. Call with every stored snapshot, in order.
    public func moveCallingForRun(_ snapshot: MatrixSnapshot) -> Double? {
        guard demandPolicy.basis != .declared else { return nil }
        let settled = windows.observe(snapshot, threshold: demandPolicy.moveThreshold)
        let move = solvedMatrix.map { snapshot.relativeMove(from: $0) } ?? (snapshot.entries.isEmpty ? 0 : 1)
        return move > demandPolicy.moveThreshold && settled ? move : nil
    }

    /// The allocation in force and the last decision, restored from the store after a restart (or on
    /// becoming leader); unless told not to follow them, the declared demands stored in the database
    /// replace the configured ones when there are any.
    public func restore() throws(APIError) {
        let store = engine.store
        if followsStoredDemands {
            let stored = try engine.declaredDemands()
            if !stored.isEmpty { demands = stored }
        }
        do {
            latestDecision = try store.read(DecisionRecords.latest(in:))
            if let (allocation, version) = try store.read(DecisionRecords.latestApplied(in:)) {
                let topology = try effective(store.load(version: version).topology)
                applied = (AppliedAllocation(allocation, on: topology), topology)
                publish(allocation)
            }
        } catch {
            throw APIError(.internalServerError, code: "store_error", message: "cannot restore the applied allocation: \(error)")
        }
    }

    /// The installed allocation, if any.
    public var appliedAllocation: Allocation? { applied?.allocation.allocation }

    /// The newest decision, if any run happened.
    public var latest: ReoptimizationDecision? { latestDecision }

    /// Solves, decides, installs when the policy says so, records and returns the decision. Waits for a
    /// run in progress to finish first.
    public func run(trigger: String) async throws(APIError) -> ReoptimizationDecision {
        try await turns.run { () throws(APIError) in try await self.runAlone(trigger: trigger) }
    }

    private func runAlone(trigger: String) async throws(APIError) -> ReoptimizationDecision {
        let stored = try engine.latestTopology()
        let snapshot = demandPolicy.basis == .declared ? nil : try engine.latestMatrix()
        let (solved, used) = demandPolicy.demands(declared: demands, measured: snapshot, topology: stored.topology, classes: engine.classes)
        var matrix = used
        guard !solved.isEmpty else {
            throw APIError.conflict("no_demands", "there are no demands to optimize: start weft serve with --demands, PUT /v1/demands, or measure traffic with --demand-basis measured")
        }
        let topology = effective(stored.topology, reserved: try engine.reservedUsage())
        let clock = ContinuousClock()
        let started = clock.now
        let candidate: Allocation
        do {
            candidate = try await solve(topology, solved)
        } catch {
            metrics.reoptimizations("failed").increment()
            logger.error("re-optimization failed", metadata: ["trigger": "\(trigger)", "error": "\(error)"])
            throw APIError.conflict("optimization_failed", "the optimizer failed on topology version \(stored.version.number): \(error)")
        }
        let solveTime = clock.now - started
        metrics.solveSeconds.record(solveTime)

        let outcome = policy.decide(applied: applied?.allocation, candidate: candidate, on: topology)
        var rulesChanged: Int?
        if let install = outcome.install {
            rulesChanged = countRules?(applied.map { ($0.allocation.allocation, $0.topology) }, install, topology)
            if let installer = self.install {
                do {
                    try await installer(install, topology)
                } catch {
                    metrics.reoptimizations("failed").increment()
                    logger.error("installing the allocation failed", metadata: ["trigger": "\(trigger)", "error": "\(error)"])
                    throw APIError.internalFailure(code: "install_failed", message: "installing the allocation failed", logDetail: "\(error)")
                }
            }
        }
        let decidedAt = Date()
        if let snapshot, matrix.snapshotID != nil {
            matrix.sampleAgeSeconds = decidedAt.timeIntervalSince(snapshot.sampledAt)
        }
        var decision = ReoptimizationDecision(
            id: 0, decidedAt: decidedAt, trigger: trigger, topologyVersion: stored.version.number, objective: policy.objective,
            applied: outcome.install != nil, reason: outcome.reason, improvement: outcome.improvement,
            minImprovement: policy.minImprovement, violations: outcome.violations,
            churn: .init(pathsChanged: outcome.pathsChanged, pathsDeferred: outcome.pathsDeferred, maxPathChanges: policy.maxPathChanges,
                         boundExceeded: outcome.boundExceeded, rulesChanged: rulesChanged),
            candidate: AllocationScore(candidate),
            held: applied.map { AllocationScore($0.allocation.replay(on: topology, headroom: policy.headroom, demands: solved).allocation) },
            solveSeconds: solveTime.seconds, demandMatrix: matrix)
        solvedMatrix = matrix.snapshotID == nil ? nil : snapshot
        windows.solved()
        let recorded = outcome.install ?? candidate
        do {
            decision.id = try engine.store.write { db in try DecisionRecords.insert(decision, allocation: recorded, in: db) }
        } catch {
            logger.error("cannot record the decision", metadata: ["error": "\(error)"])
        }
        if let install = outcome.install {
            applied = (AppliedAllocation(install, on: topology), topology)
            publish(install)
        }
        latestDecision = decision
        record(decision)
        return decision
    }

    // MARK: Helpers

    /// The topology with what reservations hold taken off every link's capacity and host port's speed.
    func effective(_ topology: Topology, reserved: [String: Double] = [:]) -> Topology {
        CapacityReservations(byResource: reserved).subtracted(from: topology)
    }

    private func publish(_ allocation: Allocation) {
        metrics.mlu.set(allocation.maxLinkUtilization)
        for summary in allocation.classes {
            metrics.throughput(of: summary.qosClass.name).set(summary.servedBps)
        }
    }

    private func record(_ decision: ReoptimizationDecision) {
        metrics.reoptimizations(decision.applied ? "applied" : "held").increment()
        metrics.lastImprovement.set(decision.improvement ?? 0)
        metrics.lastPathsChanged.set(Double(decision.churn.pathsChanged))
        metrics.lastPathsDeferred.set(Double(decision.churn.pathsDeferred))
        if decision.applied {
            metrics.pathsChanged.increment(by: Int64(decision.churn.pathsChanged))
        }
        if let rules = decision.churn.rulesChanged {
            metrics.rulesChanged.increment(by: Int64(rules))
        }
        logger.info("re-optimization \(decision.applied ? "applied" : "held"): \(decision.reason)", metadata: [
            "trigger": "\(decision.trigger)",
            "demand_matrix": "\(decision.demandMatrix?.summary ?? "declared")",
            "topology_version": "\(decision.topologyVersion)",
            "improvement": "\(decision.improvement.map { String(format: "%.4f", $0) } ?? "-")",
            "paths_changed": "\(decision.churn.pathsChanged)",
            "paths_deferred": "\(decision.churn.pathsDeferred)",
            "rules_changed": "\(decision.churn.rulesChanged.map(String.init) ?? "-")",
            "violations": "\(decision.violations.count)",
            "solve_seconds": "\(String(format: "%.4f", decision.solveSeconds))",
        ])
    }
}
