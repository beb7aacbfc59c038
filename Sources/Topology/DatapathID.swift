import Foundation

/// An OpenFlow datapath id: 64 bits, written as 16 hex digits (`000000000000000a`).
public struct DatapathID: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let value: UInt64

    public init(_ value: UInt64) {
        self.value = value
    }

    /// Parses 16 hex digits, optionally `0x`-prefixed or colon-separated, or a decimal number; also the
    /// `dpid:<16 hex digits>` chassis id that OpenFlow controllers (os-ken, Ryu) put in LLDP frames.
    public init?(_ text: String) {
        var lowered = text.lowercased()
        if lowered.hasPrefix("dpid:") {
            lowered.removeFirst("dpid:".count)
            guard lowered.count == 16, let value = UInt64(lowered, radix: 16) else { return nil }
            self.value = value
            return
        }
        var digits = lowered.replacingOccurrences(of: ":", with: "")
        if digits.hasPrefix("0x") {
            digits.removeFirst(2)
            guard let value = UInt64(digits, radix: 16) else { return nil }
            self.value = value
        } else if digits.count == 16, let value = UInt64(digits, radix: 16) {
            self.value = value
        } else if let value = UInt64(digits) {
            self.value = value
        } else {
            return nil
        }
    }

    public var description: String { String(value, radix: 16).leftPadded(to: 16) }

    public static func < (lhs: DatapathID, rhs: DatapathID) -> Bool { lhs.value < rhs.value }
}

extension DatapathID: Codable {
    /// Accepts a JSON number, or text in any form `init?(_:)` parses. Text is tried first so that an
    /// unquoted YAML `dpid: 0000000000000101` keeps meaning hex `0x101`, not decimal 101.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        guard let text = try? container.decode(String.self) else {
            self.value = try container.decode(UInt64.self)
            return
        }
        guard let id = DatapathID(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text)' is not a datapath id (16 hex digits or a number)")
        }
        self = id
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
