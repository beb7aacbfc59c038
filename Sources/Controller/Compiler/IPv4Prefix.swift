import Topology

/// An IPv4 network: address and prefix length; the address has no bits set past the prefix.
public struct IPv4Prefix: Hashable, Sendable, CustomStringConvertible {
    public let network: IPv4Address
    public let length: Int

    /// The prefix of `length` bits containing `address` (length clamped to 0…32).
    public init(_ address: IPv4Address, length: Int) {
        self.length = max(0, min(32, length))
        network = IPv4Address(address.value & Self.mask(self.length))
    }

    /// The longest prefix containing every address; `nil` for none.
    public init?(covering addresses: some Sequence<IPv4Address>) {
        var iterator = addresses.makeIterator()
        guard let first = iterator.next() else { return nil }
        var differing: UInt32 = 0
        while let next = iterator.next() { differing |= next.value ^ first.value }
        self.init(first, length: differing.leadingZeroBitCount)
    }

    public var netmask: UInt32 { Self.mask(length) }

    public func contains(_ address: IPv4Address) -> Bool {
        address.value & netmask == network.value
    }

    public var description: String { "\(network)/\(length)" }

    /// How `ovs-ofctl` prints it: no suffix for a single host.
    var ofctlText: String { length == 32 ? network.description : description }

    private static func mask(_ length: Int) -> UInt32 {
        length == 0 ? 0 : UInt32.max << UInt32(32 - length)
    }
}
