/// A value under a bit mask: matches `x` when `x & mask == value`.
public struct MaskedValue: Hashable, Sendable, Codable, CustomStringConvertible {
    public var value: UInt16
    public var mask: UInt16

    public init(value: UInt16, mask: UInt16) {
        self.value = value
        self.mask = mask
    }

    public var description: String { "\(value)/0x\(String(mask, radix: 16))" }
}
