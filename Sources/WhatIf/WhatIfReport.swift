/// Everything a what-if run computed, in the shape `report.json` has (snake_case keys).
/// `ReportPage` renders the same value as `report.html`, so the two never disagree.
public struct WhatIfReport: Hashable, Sendable, Codable {
    /// Identifies the JSON layout; bumped on incompatible changes.
    public var schema: String
    public var scenario: ScenarioSummary
    public var fabric: FabricSummary
    /// Step 0 is the baseline; step `i` has events `1...i` applied.
    public var steps: [StepReport]
    /// The store the run started from (`weft whatif --db`); `nil` otherwise.
    public var live: LiveSummary?

    public static let currentSchema = "weft.whatif.v1"

    public init(scenario: ScenarioSummary, fabric: FabricSummary, steps: [StepReport], live: LiveSummary? = nil) {
        self.schema = Self.currentSchema
        self.live = live
        self.scenario = scenario
        self.fabric = fabric
        self.steps = steps
    }

    /// What was asked: the scenario's name, source, objective and classes.
    public struct ScenarioSummary: Hashable, Sendable, Codable {
        public var name: String
        public var description: String
        public var file: String
        public var objective: String
        public var headroom: Double
        public var mirrorCap: Double
        public var classes: [ClassInfo]

        public init(name: String, description: String, file: String, objective: String, headroom: Double, mirrorCap: Double, classes: [ClassInfo]) {
            self.name = name
            self.description = description
            self.file = file
            self.objective = objective
            self.headroom = headroom
            self.mirrorCap = mirrorCap
            self.classes = classes
        }
    }

    public struct ClassInfo: Hashable, Sendable, Codable {
        public var name: String
        public var weight: Double
        public var priority: Int

        public init(name: String, weight: Double, priority: Int) {
            self.name = name
            self.weight = weight
            self.priority = priority
        }
    }

    /// The baseline fabric and where each switch is drawn (positions in a 0…1 square).
    public struct FabricSummary: Hashable, Sendable, Codable {
        public var name: String
        /// `spine-leaf`, `fat-tree`, `wan`.
        public var kind: String
        public var switches: Int
        /// Directed links.
        public var links: Int
        public var hosts: Int
        public var capacityBps: Double
        public var nodes: [NodePlacement]
        /// What the topology importer had to assume (e.g. default capacities), one line each.
        public var notes: [String]

        public init(name: String, kind: String, switches: Int, links: Int, hosts: Int, capacityBps: Double, nodes: [NodePlacement], notes: [String] = []) {
            self.notes = notes
            self.name = name
            self.kind = kind
            self.switches = switches
            self.links = links
            self.hosts = hosts
            self.capacityBps = capacityBps
            self.nodes = nodes
        }
    }

    public struct NodePlacement: Hashable, Sendable, Codable {
        public var name: String
        public var role: String
        public var hosts: Int
        public var x: Double
        public var y: Double

        public init(name: String, role: String, hosts: Int, x: Double, y: Double) {
            self.name = name
            self.role = role
            self.hosts = hosts
            self.x = x
            self.y = y
        }
    }
}
