/// The compiler's output: one `SwitchProgram` per switch, all for one allocation version.
public struct FabricProgram: Hashable, Sendable, CustomStringConvertible {
    public var version: UInt32
    /// Keyed by switch name.
    public var switches: [String: SwitchProgram]
    /// Where each tap flow's copy entries and meters are, keyed by tap flow id.
    public var taps: [String: TapFlowAccounting]

    public init(version: UInt32, switches: [String: SwitchProgram], taps: [String: TapFlowAccounting] = [:]) {
        self.version = version
        self.switches = switches
        self.taps = taps
    }

    public var totalFlows: Int { switches.values.reduce(0) { $0 + $1.flows.count } }

    /// One summary line per switch, sorted by name, then the total.
    public var summary: String {
        let lines = switches.keys.sorted().compactMap { switches[$0]?.summary }
        return (lines + ["version \(version): \(totalFlows) flows on \(switches.count) switches"]).joined(separator: "\n")
    }

    public var description: String {
        switches.keys.sorted().compactMap { switches[$0]?.description }.joined(separator: "\n")
    }
}
