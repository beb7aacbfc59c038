/// The outcome of one step: the solver's result on the fabric and demands of that step.
public struct StepReport: Hashable, Sendable, Codable {
    /// 0 for the baseline.
    public var index: Int
    public var label: String
    /// The actions of this step's event, in words (empty for the baseline).
    public var actions: [String]
    public var solver: SolverInfo
    public var offeredBps: Double
    public var servedBps: Double
    /// servedBps / offeredBps (1 when nothing is offered).
    public var servedFraction: Double
    /// Maximum link utilization, tenant traffic plus mirror copies, over up links.
    public var mlu: Double
    public var classes: [ClassOutcome]
    /// Every directed link, in topology order.
    public var links: [LinkOutcome]
    /// Names of the most utilized up links, hottest first.
    public var hotLinks: [String]
    public var failedSwitches: [String]
    public var drainedSwitches: [String]
    /// Min-cut analysis of the worst-served demand pairs.
    public var bottlenecks: [BottleneckOutcome]
    /// Mirror placement; `nil` when the step has no taps.
    public var mirrors: MirrorOutcome?
    /// All-pairs min-cut between leaves (or WAN nodes); nil when the fabric has fewer than two.
    public var minCuts: MinCutOutcome?
    /// Set when max-weighted-throughput starves some demands while serving others fully.
    public var starvation: StarvationNote?
    /// The store's path reservations in this step's fabric; `nil` without `weft whatif --db`.
    public var reservations: [ReservationOutcome]?
    /// Tap flows and reservations this step's event broke (their path crosses what went down).
    public var impacts: [StepImpact] = []

    public init(
        index: Int, label: String, actions: [String], solver: SolverInfo, offeredBps: Double, servedBps: Double,
        mlu: Double, classes: [ClassOutcome], links: [LinkOutcome], hotLinks: [String], failedSwitches: [String],
        drainedSwitches: [String], bottlenecks: [BottleneckOutcome], mirrors: MirrorOutcome?
    ) {
        self.index = index
        self.label = label
        self.actions = actions
        self.solver = solver
        self.offeredBps = offeredBps
        self.servedBps = servedBps
        self.servedFraction = offeredBps > 0 ? servedBps / offeredBps : 1
        self.mlu = mlu
        self.classes = classes
        self.links = links
        self.hotLinks = hotLinks
        self.failedSwitches = failedSwitches
        self.drainedSwitches = drainedSwitches
        self.bottlenecks = bottlenecks
        self.mirrors = mirrors
    }

    /// How the optimizer ran in this step.
    public struct SolverInfo: Hashable, Sendable, Codable {
        public var objective: String
        public var objectiveValue: Double
        public var status: String
        public var solveSeconds: Double

        public init(objective: String, objectiveValue: Double, status: String, solveSeconds: Double) {
            self.objective = objective
            self.objectiveValue = objectiveValue
            self.status = status
            self.solveSeconds = solveSeconds
        }
    }
}
