/// An IPv4 network prefix such as `10.1.0.0/16`.
public struct IPv4Prefix: Hashable, Sendable, CustomStringConvertible {
    /// The network address, with the host bits cleared.
    public let network: IPv4Address
    /// Prefix length, 0...32.
    public let length: Int

    /// A prefix; host bits of `address` are cleared. `nil` when `length` is outside 0...32.
    public init?(address: IPv4Address, length: Int) {
        guard (0...32).contains(length) else { return nil }
        self.length = length
        self.network = IPv4Address(address.value & Self.mask(length))
    }

    /// The prefix of `length` bits containing `address`, the length clamped to 0…32.
    public init(_ address: IPv4Address, length: Int) {
        self.init(address: address, length: max(0, min(32, length)))!
    }

    /// The longest prefix containing every address; `nil` for none.
    public init?(covering addresses: some Sequence<IPv4Address>) {
        var iterator = addresses.makeIterator()
        guard let first = iterator.next() else { return nil }
        var differing: UInt32 = 0
        while let next = iterator.next() { differing |= next.value ^ first.value }
        self.init(first, length: differing.leadingZeroBitCount)
    }

    /// Parses `a.b.c.d/len` or a bare address (a /32).
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2, let address = IPv4Address(String(parts[0])) else { return nil }
        if parts.count == 2 {
            guard let length = Int(parts[1]) else { return nil }
            self.init(address: address, length: length)
        } else {
            self.init(address: address, length: 32)
        }
    }

    /// The netmask as a 32-bit value.
    public var mask: UInt32 { Self.mask(length) }

    public func contains(_ address: IPv4Address) -> Bool {
        address.value & mask == network.value
    }

    public var description: String { "\(network)/\(length)" }

    /// How `ovs-ofctl` prints it: no suffix for a single host.
    public var ofctlText: String { length == 32 ? network.description : description }

    private static func mask(_ length: Int) -> UInt32 {
        length == 0 ? 0 : UInt32.max << UInt32(32 - length)
    }
}

extension IPv4Prefix: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let prefix = IPv4Prefix(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text)' is not an IPv4 prefix (a.b.c.d/len)")
        }
        self = prefix
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
