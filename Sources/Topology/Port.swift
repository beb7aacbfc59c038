/// A switch port as OpenFlow reports it.
public struct Port: Hashable, Sendable, Codable {
    /// OpenFlow port number (1-based; never a reserved port).
    public var number: UInt32
    public var name: String
    public var mac: MACAddress?
    /// Current line rate in bit/s. Files may give it as a number or as a rate such as `25G`.
    public var speedBps: Double
    public var isUp: Bool

    public init(number: UInt32, name: String, mac: MACAddress? = nil, speedBps: Double, isUp: Bool = true) {
        self.number = number
        self.name = name
        self.mac = mac
        self.speedBps = speedBps
        self.isUp = isUp
    }

    enum CodingKeys: String, CodingKey {
        case number, name, mac
        case speedBps = "speed_bps"
        case isUp = "up"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        number = try container.decode(UInt32.self, forKey: .number)
        name = try container.decodeIfPresent(String.self, forKey: .name) ?? "port\(number)"
        mac = try container.decodeIfPresent(MACAddress.self, forKey: .mac)
        speedBps = try container.decodeRate(forKey: .speedBps)
        isUp = try container.decodeIfPresent(Bool.self, forKey: .isUp) ?? true
    }
}
