/// Where one tap flow's statistics are on the switches. Flow cookies name only the purpose (mirror), not
/// the tap flow, so the controller reads a tap flow's counters through this map the compiler keeps.
///
/// The copy entries' counters are the frames that matched at the source; with sampling at the source, the
/// sampling group's empty bucket counts what was not copied; the meters' counters are the copies policed
/// on the way to the monitor port.
///
/// Attribution: a copy entry is listed for every tap flow whose copy it makes, and for no other. An entry
/// shared by several tap flows (same source, direction and filter; or a local IN copy that also makes
/// the sender's OUT copies) makes one copy of each frame per flow, so each flow counts the entry's frames
/// once — every copy is attributed to exactly one tap flow, and no flow counts frames it did not copy.
public struct TapFlowAccounting: Hashable, Sendable {
    /// Keys (table, priority, match) of the flow's copy entries, by switch name.
    public var copyEntries: [String: Set<FlowRule.Key>]
    /// The flow's meter id, by switch name (none for a copy delivered on the source switch).
    public var meters: [String: UInt32]
    /// Ids of the select groups that sample the flow's copies, by switch name: bucket 0 copies, bucket 1
    /// (empty) is what was sampled away.
    public var samplingGroups: [String: Set<UInt32>]

    public init(copyEntries: [String: Set<FlowRule.Key>] = [:], meters: [String: UInt32] = [:], samplingGroups: [String: Set<UInt32>] = [:]) {
        self.copyEntries = copyEntries
        self.meters = meters
        self.samplingGroups = samplingGroups
    }
}
