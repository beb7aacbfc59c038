/// A select group the compiler wants on a switch: one bucket per next-hop port, weighted by path rate.
public struct GroupEntry: Hashable, Sendable, CustomStringConvertible {
    public struct Bucket: Hashable, Sendable {
        public var weight: UInt16
        public var port: UInt32

        public init(weight: UInt16, port: UInt32) {
            self.weight = weight
            self.port = port
        }
    }

    public var id: UInt32
    public var buckets: [Bucket]

    public init(id: UInt32, buckets: [Bucket]) {
        self.id = id
        self.buckets = buckets
    }

    public var description: String {
        "group_id=\(id),type=select," + buckets.map { "bucket=weight:\($0.weight),actions=output:\($0.port)" }.joined(separator: ",")
    }
}
