/// A port as the switch describes it (`ofp_port`, 64 bytes): in PORT_STATUS and PORT_DESC replies.
public struct PortDescription: Hashable, Sendable, WireCodable {
    /// `ofp_port` size on the wire.
    static let size = 64

    public var portNumber: UInt32
    /// The port's Ethernet address in the low 48 bits.
    public var hardwareAddress: UInt64
    /// Interface name, at most 15 bytes of UTF-8 on the wire (longer names are cut when encoding).
    public var name: String
    public var config: Config
    public var state: State
    public var currentFeatures: Features
    public var advertisedFeatures: Features
    public var supportedFeatures: Features
    public var peerFeatures: Features
    /// Current bit rate in kbit/s.
    public var currentSpeedKbps: UInt32
    /// Maximum bit rate in kbit/s.
    public var maxSpeedKbps: UInt32

    /// `OFPPC_*` administrative settings.
    public struct Config: OptionSet, Hashable, Sendable {
        public let rawValue: UInt32
        public init(rawValue: UInt32) { self.rawValue = rawValue }
        public static let portDown = Config(rawValue: 1 << 0)
        public static let noReceive = Config(rawValue: 1 << 2)
        public static let noForward = Config(rawValue: 1 << 5)
        public static let noPacketIn = Config(rawValue: 1 << 6)
    }

    /// `OFPPS_*` link state.
    public struct State: OptionSet, Hashable, Sendable {
        public let rawValue: UInt32
        public init(rawValue: UInt32) { self.rawValue = rawValue }
        public static let linkDown = State(rawValue: 1 << 0)
        public static let blocked = State(rawValue: 1 << 1)
        public static let live = State(rawValue: 1 << 2)
    }

    /// `OFPPF_*` speed, duplex and medium bits.
    public struct Features: OptionSet, Hashable, Sendable {
        public let rawValue: UInt32
        public init(rawValue: UInt32) { self.rawValue = rawValue }
        public static let rate10MbHD = Features(rawValue: 1 << 0)
        public static let rate10MbFD = Features(rawValue: 1 << 1)
        public static let rate100MbHD = Features(rawValue: 1 << 2)
        public static let rate100MbFD = Features(rawValue: 1 << 3)
        public static let rate1GbHD = Features(rawValue: 1 << 4)
        public static let rate1GbFD = Features(rawValue: 1 << 5)
        public static let rate10GbFD = Features(rawValue: 1 << 6)
        public static let rate40GbFD = Features(rawValue: 1 << 7)
        public static let rate100GbFD = Features(rawValue: 1 << 8)
        public static let rate1TbFD = Features(rawValue: 1 << 9)
        public static let otherRate = Features(rawValue: 1 << 10)
        public static let copper = Features(rawValue: 1 << 11)
        public static let fiber = Features(rawValue: 1 << 12)
        public static let autoNegotiation = Features(rawValue: 1 << 13)
        public static let pause = Features(rawValue: 1 << 14)
        public static let pauseAsymmetric = Features(rawValue: 1 << 15)
    }

    public init(portNumber: UInt32, hardwareAddress: UInt64, name: String, config: Config = [], state: State = [],
                currentFeatures: Features = [], advertisedFeatures: Features = [], supportedFeatures: Features = [],
                peerFeatures: Features = [], currentSpeedKbps: UInt32 = 0, maxSpeedKbps: UInt32 = 0) {
        self.portNumber = portNumber
        self.hardwareAddress = hardwareAddress
        self.name = name
        self.config = config
        self.state = state
        self.currentFeatures = currentFeatures
        self.advertisedFeatures = advertisedFeatures
        self.supportedFeatures = supportedFeatures
        self.peerFeatures = peerFeatures
        self.currentSpeedKbps = currentSpeedKbps
        self.maxSpeedKbps = maxSpeedKbps
    }

    /// Up means: not administratively down and the link is present.
    public var isUp: Bool { !config.contains(.portDown) && !state.contains(.linkDown) }

    func encode(to writer: inout WireWriter) {
        writer.writeU32(portNumber)
        writer.writeZeros(4)
        writer.writeUnsigned(hardwareAddress, width: 6)
        writer.writeZeros(2)
        writer.writeFixedString(name, width: 16)
        for value in [config.rawValue, state.rawValue, currentFeatures.rawValue, advertisedFeatures.rawValue,
                      supportedFeatures.rawValue, peerFeatures.rawValue, currentSpeedKbps, maxSpeedKbps] {
            writer.writeU32(value)
        }
    }

    init(reader: inout WireReader) throws(OpenFlowError) {
        portNumber = try reader.readU32("port.port_no")
        try reader.skip(4, "port.pad")
        hardwareAddress = try reader.readUnsigned(6, "port.hw_addr")
        try reader.skip(2, "port.pad2")
        name = try reader.readFixedString(16, "port.name")
        config = Config(rawValue: try reader.readU32("port.config"))
        state = State(rawValue: try reader.readU32("port.state"))
        currentFeatures = Features(rawValue: try reader.readU32("port.curr"))
        advertisedFeatures = Features(rawValue: try reader.readU32("port.advertised"))
        supportedFeatures = Features(rawValue: try reader.readU32("port.supported"))
        peerFeatures = Features(rawValue: try reader.readU32("port.peer"))
        currentSpeedKbps = try reader.readU32("port.curr_speed")
        maxSpeedKbps = try reader.readU32("port.max_speed")
    }
}
