/// The body of `OFPT_ROLE_REQUEST` and `OFPT_ROLE_REPLY` (`ofp_role_request`): which role a controller
/// takes on this connection, and the generation id that orders masters.
///
/// A switch refuses a MASTER or SLAVE request whose `generationID` is older than the newest it has
/// seen (`OFPET_ROLE_REQUEST_FAILED`/`OFPRRFC_STALE`, compared as a wrapping 64-bit distance), and
/// turns the previous master into a slave when a new one arrives. Weft sends its leader lease's
/// fencing token as the generation id, so a paused old leader is refused by the switches.
public struct RoleRequest: Hashable, Sendable {
    /// `OFPCR_ROLE_*`.
    public enum Role: UInt32, Sendable, CaseIterable {
        /// Only ask which role this connection has.
        case noChange = 0
        /// Full access, alongside other EQUAL controllers (the default).
        case equal = 1
        /// Full access; every other MASTER becomes SLAVE.
        case master = 2
        /// Read-only: no flow, group, meter or packet-out changes, no PACKET_IN.
        case slave = 3
    }

    public var role: Role
    /// Ignored by the switch for `noChange` and `equal`.
    public var generationID: UInt64

    public init(role: Role, generationID: UInt64) {
        self.role = role
        self.generationID = generationID
    }

    func encode(to writer: inout WireWriter) {
        writer.writeU32(role.rawValue)
        writer.writeZeros(4)
        writer.writeU64(generationID)
    }

    init(reader: inout WireReader) throws(OpenFlowError) {
        let offset = reader.offset
        let raw = try reader.readU32("role_request.role")
        guard let role = Role(rawValue: raw) else {
            throw .badValue(reader.context("role_request.role", at: offset), value: UInt64(raw), reason: "not an OFPCR_ROLE_* value (0-3)")
        }
        self.role = role
        try reader.skip(4, "role_request.pad")
        generationID = try reader.readU64("role_request.generation_id")
    }
}
