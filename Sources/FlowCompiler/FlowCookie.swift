/// The 64-bit cookie every Weft flow entry carries.
///
/// Layout, most significant bits first:
///
/// | bits   | field   | meaning                                                       |
/// |--------|---------|---------------------------------------------------------------|
/// | 63…48  | owner   | `0x5746` ("WF"): the entry was installed by Weft              |
/// | 47…40  | purpose | `FlowCookie.Purpose` (admission, forwarding, …), for reading  |
/// | 39…32  | unused  | zero                                                          |
/// | 31…0   | version | the allocation version the entry belongs to                  |
///
/// Make-before-break deletes a whole version with `versionMask`, whatever the purpose; reconcile
/// recognises foreign entries by the owner field.
public struct FlowCookie: Hashable, Sendable, CustomStringConvertible {
    /// Why an entry exists; only informs people reading `dump-flows`.
    public enum Purpose: UInt8, Sendable, CaseIterable {
        case discovery = 1
        case admission = 2
        case fabricIngress = 3
        case classification = 4
        case localDelivery = 5
        case forwarding = 6
        case drop = 7
        /// Tap (mirror) copies and their hops.
        case mirror = 8
        /// Per (ingress leaf, egress leaf, class) aggregate: the metered, class-weighted forwarding entries
        /// whose counters are the measured traffic matrix.
        case classAggregate = 9
        /// Host ports: LLDP and IEEE link-local control frames (STP, LACP, 802.1X) a host sends, dropped
        /// at the switch instead of reaching the controller; their counters count them.
        case hostControl = 10
    }

    public static let owner: UInt64 = 0x5746
    /// Matches owner and version: deletes every entry of one version.
    public static let versionMask: UInt64 = 0xFFFF_0000_FFFF_FFFF
    /// Matches the owner only: selects every Weft entry.
    public static let ownerMask: UInt64 = 0xFFFF_0000_0000_0000

    public let value: UInt64

    public init(version: UInt32, purpose: Purpose) {
        value = Self.owner << 48 | UInt64(purpose.rawValue) << 40 | UInt64(version)
    }

    public init(rawValue: UInt64) {
        value = rawValue
    }

    /// The cookie that, with `versionMask`, selects every entry of `version`.
    public static func version(_ version: UInt32) -> UInt64 {
        owner << 48 | UInt64(version)
    }

    public var isWeft: Bool { value >> 48 == Self.owner }
    public var version: UInt32 { UInt32(truncatingIfNeeded: value) }
    public var purpose: Purpose? { Purpose(rawValue: UInt8(truncatingIfNeeded: value >> 40)) }

    public var description: String { "0x" + String(value, radix: 16) }
}
