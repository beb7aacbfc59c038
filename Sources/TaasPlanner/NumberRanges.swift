/// A set of closed ranges of 16-bit numbers written as TaaS writes `vlan_filter`: `1-5,9,18,27-30`.
/// Used for VLAN ids and L4 ports.
public struct NumberRanges: Hashable, Sendable, CustomStringConvertible {
    /// Sorted, non-overlapping, non-adjacent ranges.
    public let ranges: [ClosedRange<UInt16>]

    /// Merges overlapping and adjacent ranges; `nil` when empty.
    public init?(_ ranges: [ClosedRange<UInt16>]) {
        guard !ranges.isEmpty else { return nil }
        var merged: [ClosedRange<UInt16>] = []
        for range in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = merged.last, Int(range.lowerBound) <= Int(last.upperBound) + 1 {
                merged[merged.count - 1] = last.lowerBound...max(last.upperBound, range.upperBound)
            } else {
                merged.append(range)
            }
        }
        self.ranges = merged
    }

    /// Parses `a-b,c,…`; `nil` when malformed, a bound exceeds `limit`, or a range is reversed.
    public init?(_ text: String, limit: UInt16 = .max) {
        var parsed: [ClosedRange<UInt16>] = []
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            let bounds = item.split(separator: "-", omittingEmptySubsequences: false)
                .map { UInt16($0.trimmed()) }
            guard (1...2).contains(bounds.count), let low = bounds.first ?? nil, let high = bounds.last ?? nil,
                  low <= high, high <= limit else { return nil }
            parsed.append(low...high)
        }
        self.init(parsed)
    }

    /// How many numbers the set holds.
    public var count: Int { ranges.reduce(0) { $0 + $1.count } }

    /// Whether `value` is in one of the ranges.
    public func contains(_ value: UInt16) -> Bool {
        ranges.contains { $0.contains(value) }
    }

    /// The set as (value, mask) blocks over the low `bits` bits, fewest blocks first-fit: what a
    /// maskable match field (OpenFlow `vlan_vid`, OVS's masked L4 ports) needs to express a range.
    public func maskedBlocks(bits: Int) -> [MaskedValue] {
        let full = UInt32((1 << bits) - 1)
        var blocks: [MaskedValue] = []
        for range in ranges {
            var low = UInt32(range.lowerBound)
            let high = UInt32(range.upperBound)
            while low <= high {
                var size: UInt32 = 1
                while low % (size * 2) == 0, low + size * 2 - 1 <= high, size * 2 <= full { size *= 2 }
                blocks.append(MaskedValue(value: UInt16(low), mask: UInt16(full & ~(size - 1))))
                low += size
            }
        }
        return blocks
    }

    public var description: String {
        ranges.map { $0.count == 1 ? "\($0.lowerBound)" : "\($0.lowerBound)-\($0.upperBound)" }.joined(separator: ",")
    }
}

extension NumberRanges: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text: String
        if let number = try? container.decode(UInt16.self) {
            text = String(number)
        } else {
            text = try container.decode(String.self)
        }
        guard let parsed = NumberRanges(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text)' is not a list of numbers and ranges (e.g. 1-5,9)")
        }
        self = parsed
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
