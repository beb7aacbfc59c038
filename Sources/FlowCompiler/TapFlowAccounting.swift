/// Where one tap flow's statistics are on the switches. Flow cookies name only the purpose (mirror), not
/// the tap flow, so the controller reads a tap flow's counters through this map the compiler keeps.
///
/// The copy entries' counters are the frames copied at the source (all frames that matched; with
/// sampling at the source, the copies are fewer); the meters' counters are the copies policed on the way
/// to the monitor port.
public struct TapFlowAccounting: Hashable, Sendable {
    /// Keys (table, priority, match) of the flow's copy entries, by switch name.
    public var copyEntries: [String: Set<FlowRule.Key>]
    /// The flow's meter id, by switch name (none for a copy delivered on the source switch).
    public var meters: [String: UInt32]

    public init(copyEntries: [String: Set<FlowRule.Key>] = [:], meters: [String: UInt32] = [:]) {
        self.copyEntries = copyEntries
        self.meters = meters
    }
}
