/// A select group the compiler wants on a switch: one bucket per next-hop port, weighted by path rate,
/// or a mirror sampling group (a copy bucket and an empty one, weighted by the sampling fraction).
public struct GroupEntry: Hashable, Sendable, CustomStringConvertible {
    public struct Bucket: Hashable, Sendable {
        public var weight: UInt16
        /// Empty: the bucket drops (a mirror copy not taken).
        public var actions: [FlowRule.Action]

        /// A bucket that outputs to `port`.
        public init(weight: UInt16, port: UInt32) {
            self.init(weight: weight, actions: [.output(port)])
        }

        public init(weight: UInt16, actions: [FlowRule.Action]) {
            self.weight = weight
            self.actions = actions
        }

        var ofctlActions: String { actions.isEmpty ? "drop" : actions.map(\.ofctlText).joined(separator: ",") }
    }

    public var id: UInt32
    public var buckets: [Bucket]

    public init(id: UInt32, buckets: [Bucket]) {
        self.id = id
        self.buckets = buckets
    }

    public var description: String {
        "group_id=\(id),type=select," + buckets.map { "bucket=weight:\($0.weight),actions=\($0.ofctlActions)" }.joined(separator: ",")
    }
}
