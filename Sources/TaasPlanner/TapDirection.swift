/// Which traffic of a tap flow's source port is mirrored, with OpenStack TaaS's meaning.
///
/// TaaS's OVS driver (`ovs_taas.py`, `create_tap_flow`) matches `OUT` on `in_port=<VM port>` — frames the
/// VM *sends* — and `IN` on `dl_dst=<VM MAC>` — frames delivered *to* the VM. Weft keeps that meaning:
/// directions are seen from the host (VM) on the source port, not from the switch.
/// From the switch's port counters, `IN` is the port's transmit rate and `OUT` its receive rate.
public enum TapDirection: String, Hashable, Sendable, Codable, CaseIterable, CustomStringConvertible {
    /// Frames delivered to the source port's host (switch egress towards it).
    case `in` = "IN"
    /// Frames sent by the source port's host (switch ingress from it).
    case out = "OUT"
    /// Both of the above.
    case both = "BOTH"

    /// Parses `IN`, `OUT` or `BOTH` in any letter case.
    public init?(parsing text: String) {
        self.init(rawValue: text.uppercased())
    }

    /// Whether frames delivered to the host are mirrored.
    public var includesIn: Bool { self != .out }

    /// Whether frames sent by the host are mirrored.
    public var includesOut: Bool { self != .in }

    public var description: String { rawValue }

    /// Decodes `IN`, `OUT` or `BOTH` in any letter case.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let direction = TapDirection(parsing: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text)' is not a direction (IN, OUT or BOTH)")
        }
        self = direction
    }
}
