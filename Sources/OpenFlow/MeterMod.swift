/// The body of `OFPT_METER_MOD`: add, modify or delete a meter (a rate limiter flows point at
/// with the `meter` instruction).
public struct MeterMod: Hashable, Sendable {
    public var command: Command
    public var flags: Flags
    /// Meter id, 1…`0xffff0000` (`OpenFlowID.allMeters` with delete removes every meter).
    public var meterID: UInt32
    public var bands: [MeterBand]

    /// `OFPMC_*`.
    public enum Command: UInt16, Hashable, Sendable {
        case add = 0
        case modify = 1
        case delete = 2
    }

    /// `OFPMF_*`.
    public struct Flags: OptionSet, Hashable, Sendable {
        public let rawValue: UInt16
        public init(rawValue: UInt16) { self.rawValue = rawValue }
        /// Band rates are in kbit/s.
        public static let kbps = Flags(rawValue: 1 << 0)
        /// Band rates are in packets/s.
        public static let packetsPerSecond = Flags(rawValue: 1 << 1)
        /// Use the bands' burst sizes.
        public static let burst = Flags(rawValue: 1 << 2)
        /// Collect statistics.
        public static let stats = Flags(rawValue: 1 << 3)
    }

    public init(command: Command = .add, flags: Flags = [.kbps], meterID: UInt32, bands: [MeterBand] = []) {
        self.command = command
        self.flags = flags
        self.meterID = meterID
        self.bands = bands
    }

    func encode(to writer: inout WireWriter) throws(OpenFlowError) {
        writer.writeU16(command.rawValue)
        writer.writeU16(flags.rawValue)
        writer.writeU32(meterID)
try writer.write(bands)
    }

    init(reader: inout WireReader) throws(OpenFlowError) {
        command = try reader.readEnum(Command.self, "meter_mod.command", expected: "an OFPMC_* command")
        flags = Flags(rawValue: try reader.readU16("meter_mod.flags"))
        meterID = try reader.readU32("meter_mod.meter_id")
        bands = try reader.readList(MeterBand.self, "meter_mod.bands", lengthOffset: 2, minimum: 16)
    }
}
