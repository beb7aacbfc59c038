import FlowCompiler

/// The statistics of one (ingress leaf, egress leaf, class) aggregate's meter on its ingress leaf: what
/// reached the meter and what its drop band dropped — the excess over the aggregate's allocation, dropped
/// at the edge. Both are the switch's totals since the meter was installed (they restart with a new version,
/// whose meters have other ids).
public struct AggregateMeterCounters: Hashable, Sendable {
    public var aggregate: RoutingPlan.ClassPair
    public var meterID: UInt32
    /// Bytes that reached the meter (the aggregate's offered load).
    public var inputBytes: UInt64
    /// Bytes the meter's drop band dropped.
    public var droppedBytes: UInt64

    public init(aggregate: RoutingPlan.ClassPair, meterID: UInt32, inputBytes: UInt64, droppedBytes: UInt64) {
        self.aggregate = aggregate
        self.meterID = meterID
        self.inputBytes = inputBytes
        self.droppedBytes = droppedBytes
    }
}
