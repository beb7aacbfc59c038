/// The range `taas_id`s are drawn from. Each tap service gets one; it is the VLAN id that tags the
/// service's mirror copies in the fabric (TaaS uses it as the internal VLAN and the VXLAN VNI).
public struct TaasIDRange: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Lowest id, at least 1.
    public let lower: UInt16
    /// Highest id, at most 4094.
    public let upper: UInt16

    /// TaaS's OVS driver default, 3900–3999.
    public static let `default` = TaasIDRange(uncheckedLower: 3900, upper: 3999)

    /// A range of usable VLAN ids; throws unless `1 <= lower <= upper <= 4094`.
    public init(lower: UInt16, upper: UInt16) throws(TapError) {
        guard lower >= 1, lower <= upper, upper <= 4094 else {
            throw .invalidField(field: "taas_id_range", value: "\(lower)-\(upper)", reason: "must be within 1...4094 with lower <= upper (VLAN ids 0 and 4095 are reserved)")
        }
        self.lower = lower
        self.upper = upper
    }

    private init(uncheckedLower lower: UInt16, upper: UInt16) {
        self.lower = lower
        self.upper = upper
    }

    /// Parses `3900-3999`.
    public init(parsing text: String) throws(TapError) {
        let parts = text.split(separator: "-").map { UInt16($0) }
        guard parts.count == 2, let lower = parts[0], let upper = parts[1] else {
            throw .invalidField(field: "taas_id_range", value: text, reason: "expected LOWER-UPPER, e.g. 3900-3999")
        }
        try self.init(lower: lower, upper: upper)
    }

    /// Whether `id` is in the range.
    public func contains(_ id: UInt16) -> Bool { (lower...upper).contains(id) }

    /// The lowest id in the range not in `used`.
    public func allocate(avoiding used: Set<UInt16>) throws(TapError) -> UInt16 {
        guard let free = (lower...upper).first(where: { !used.contains($0) }) else {
            throw .taasIDsExhausted(range: self)
        }
        return free
    }

    public var description: String { "\(lower)-\(upper)" }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        try self.init(parsing: try container.decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
