import Optimizer

/// A what-if scenario: a fabric, its traffic and taps, an objective, and events applied one
/// after another. Read one with `ScenarioLoader`; run it with `ScenarioRunner`.
public struct Scenario: Hashable, Sendable {
    public var name: String
    public var description: String
    public var topology: TopologySource
    public var classes: [ClassSpec]
    public var demands: [DemandSpec]
    public var taps: TapsSpec
    public var objective: Objective
    public var options: ScenarioOptions
    public var events: [ScenarioEvent]

    public init(
        name: String, description: String = "", topology: TopologySource, classes: [ClassSpec], demands: [DemandSpec],
        taps: TapsSpec = TapsSpec(), objective: Objective = .maxWeightedThroughput,
        options: ScenarioOptions = ScenarioOptions(), events: [ScenarioEvent] = []
    ) {
        self.name = name
        self.description = description
        self.topology = topology
        self.classes = classes
        self.demands = demands
        self.taps = taps
        self.objective = objective
        self.options = options
        self.events = events
    }
}
