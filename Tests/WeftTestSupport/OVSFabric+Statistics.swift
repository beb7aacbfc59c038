import Foundation

/// Meter and group statistics as `ovs-ofctl` prints them: what the switch itself counted, to hold
/// Weft's own readings against.
extension OVSFabric {
    /// One meter's counters: bytes that reached it and bytes its (first) band dropped.
    public struct MeterCounts: Sendable, Equatable {
        public var inputBytes: UInt64
        public var droppedBytes: UInt64
    }

    /// Every meter's counters on `bridge` (`ovs-ofctl meter-stats`), by meter id.
    public func meterStats(on bridge: String) async throws -> [UInt32: MeterCounts] {
        Self.meterCounts(try await ofctl(["meter-stats", bridge]))
    }

    /// Parses `ovs-ofctl meter-stats` output: a `meter:ID … byte_in_count:N …` line, then its bands
    /// (`0: packet_count:P byte_count:B`).
    public static func meterCounts(_ text: String) -> [UInt32: MeterCounts] {
        var counts: [UInt32: MeterCounts] = [:]
        var current: UInt32?
        for line in text.split(separator: "\n").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            let fields = line.split(separator: " ")
            if line.hasPrefix("meter:"), let id = UInt32(fields[0].dropFirst("meter:".count)) {
                current = id
                counts[id] = MeterCounts(inputBytes: Self.field("byte_in_count:", in: fields) ?? 0, droppedBytes: 0)
            } else if line.hasPrefix("0:"), let id = current {
                counts[id]?.droppedBytes = Self.field("byte_count:", in: fields) ?? 0
                current = nil
            }
        }
        return counts
    }

    /// The byte count of every bucket of group `groupID` on `bridge` (`ovs-ofctl dump-group-stats`), in bucket order.
    public func groupBucketBytes(on bridge: String, group groupID: UInt32) async throws -> [UInt64] {
        let text = try await ofctl(["dump-group-stats", bridge])
        guard let line = text.split(separator: "\n").first(where: { $0.contains("group_id=\(groupID),") }) else { return [] }
        // group_id=…,duration=…,ref_count=1,packet_count=…,byte_count=…,bucket0:packet_count=…,byte_count=…,bucket1:…
        return line.components(separatedBy: ",bucket").dropFirst().compactMap { bucket in
            bucket.split(separator: ",").first { $0.hasPrefix("byte_count=") }.flatMap { UInt64($0.dropFirst("byte_count=".count)) }
        }
    }

    private static func field(_ name: String, in fields: [Substring]) -> UInt64? {
        fields.first { $0.hasPrefix(name) }.flatMap { UInt64($0.dropFirst(name.count)) }
    }
}
