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

    /// A meter with a burst of `burstSeconds` of its rate, never less than ``minimumBurstKbits``.
    public init(id: UInt32, rateKbps: UInt32, burstSeconds: Double) {
        self.init(id: id, rateKbps: rateKbps,
                  burstKbits: max(Self.minimumBurstKbits, UInt32(min(Double(rateKbps) * burstSeconds, Double(UInt32.max)))))
    }

    /// The smallest burst Weft gives a meter, in kbit (10 kB). A meter drops every frame larger than its
    /// burst however idle it is: without a floor an aggregate allocated 100 kbit/s (10 kbit at 0.1 s)
    /// dropped every full-size 1,514-byte frame, and one measured at a few kbit/s (the TCP control
    /// connection of a UDP test) dropped every segment of its final exchange. 80 kbit holds a 9,018-byte
    /// jumbo frame or six full-size frames.
    public static let minimumBurstKbits: UInt32 = 80

    public var description: String { "meter=\(id) kbps burst bands=type=drop rate=\(rateKbps) burst_size=\(burstKbits)" }
}
