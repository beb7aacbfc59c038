/// A meter the compiler wants on a switch: one drop band at `rateKbps`.
public struct MeterEntry: Hashable, Sendable, CustomStringConvertible {
    public var id: UInt32
    public var rateKbps: UInt32
    public var burstKbits: UInt32

    public init(id: UInt32, rateKbps: UInt32, burstKbits: UInt32) {
        self.id = id
        self.rateKbps = rateKbps
        self.burstKbits = burstKbits
    }

    public var description: String { "meter=\(id) kbps burst bands=type=drop rate=\(rateKbps) burst_size=\(burstKbits)" }
}
