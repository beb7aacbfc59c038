/// The body of `OFPT_ERROR` (`ofp_error_msg`): an error type, a type-specific code and, usually, the
/// first bytes (at least 64) of the request that failed.
///
/// `type` and `code` stay raw so errors from newer or experimenter specs still decode;
/// ``typeName``/``codeName`` give the spec's constant names, e.g. `OFPET_BAD_MATCH`/`OFPBMC_BAD_FIELD`.
public struct ErrorMessage: Hashable, Sendable, CustomStringConvertible {
    public var type: UInt16
    public var code: UInt16
    public var data: [UInt8]

    /// `OFPET_*` error types.
    public enum ErrorType: UInt16, CaseIterable, Sendable {
        case helloFailed = 0
        case badRequest = 1
        case badAction = 2
        case badInstruction = 3
        case badMatch = 4
        case flowModFailed = 5
        case groupModFailed = 6
        case portModFailed = 7
        case tableModFailed = 8
        case queueOpFailed = 9
        case switchConfigFailed = 10
        case roleRequestFailed = 11
        case meterModFailed = 12
        case tableFeaturesFailed = 13
        case experimenter = 0xffff
    }

    public init(type: UInt16, code: UInt16, data: [UInt8] = []) {
        self.type = type
        self.code = code
        self.data = data
    }

    public init(type: ErrorType, code: UInt16, data: [UInt8] = []) {
        self.init(type: type.rawValue, code: code, data: data)
    }

    /// An error about `request`, quoting its first 64 bytes as the spec asks.
    public init(type: ErrorType, code: UInt16, offending request: [UInt8]) {
        self.init(type: type.rawValue, code: code, data: Array(request.prefix(64)))
    }

    /// The typed error type, `nil` when OpenFlow 1.3 does not define it.
    public var errorType: ErrorType? { ErrorType(rawValue: type) }

    /// e.g. `OFPET_BAD_MATCH`, or `OFPET_<n>` for an undefined type.
    public var typeName: String {
        guard type < Self.typeNames.count else {
            return type == ErrorType.experimenter.rawValue ? "OFPET_EXPERIMENTER" : "OFPET_\(type)"
        }
        return Self.typeNames[Int(type)].name
    }

    /// e.g. `OFPBMC_BAD_FIELD`, or the numeric code when the type or code is undefined.
    public var codeName: String {
        guard type < Self.typeNames.count else { return "\(code)" }
        let entry = Self.typeNames[Int(type)]
        guard code < entry.codes.count else { return "\(entry.prefix)\(code)" }
        return entry.prefix + entry.codes[Int(code)]
    }

    /// The raw code of a spec constant name such as `OFPBRC_BAD_TYPE`, for building replies.
    public static func code(named name: String) -> UInt16? {
        for entry in typeNames where name.hasPrefix(entry.prefix) {
            let suffix = name.dropFirst(entry.prefix.count)
            if let index = entry.codes.firstIndex(where: { $0 == suffix }) {
                return UInt16(truncatingIfNeeded: index)
            }
        }
        return nil
    }

    /// `OFPET_BAD_MATCH/OFPBMC_BAD_FIELD`.
    public var description: String { typeName + "/" + codeName }

    private static let typeNames: [(name: String, prefix: String, codes: [String])] = [
        ("OFPET_HELLO_FAILED", "OFPHFC_", ["INCOMPATIBLE", "EPERM"]),
        ("OFPET_BAD_REQUEST", "OFPBRC_", ["BAD_VERSION", "BAD_TYPE", "BAD_MULTIPART", "BAD_EXPERIMENTER",
                                         "BAD_EXP_TYPE", "EPERM", "BAD_LEN", "BUFFER_EMPTY", "BUFFER_UNKNOWN",
                                         "BAD_TABLE_ID", "IS_SLAVE", "BAD_PORT", "BAD_PACKET",
                                         "MULTIPART_BUFFER_OVERFLOW"]),
        ("OFPET_BAD_ACTION", "OFPBAC_", ["BAD_TYPE", "BAD_LEN", "BAD_EXPERIMENTER", "BAD_EXP_TYPE", "BAD_OUT_PORT",
                                        "BAD_ARGUMENT", "EPERM", "TOO_MANY", "BAD_QUEUE", "BAD_OUT_GROUP",
                                        "MATCH_INCONSISTENT", "UNSUPPORTED_ORDER", "BAD_TAG", "BAD_SET_TYPE",
                                        "BAD_SET_LEN", "BAD_SET_ARGUMENT"]),
        ("OFPET_BAD_INSTRUCTION", "OFPBIC_", ["UNKNOWN_INST", "UNSUP_INST", "BAD_TABLE_ID", "UNSUP_METADATA",
                                             "UNSUP_METADATA_MASK", "BAD_EXPERIMENTER", "BAD_EXP_TYPE", "BAD_LEN",
                                             "EPERM"]),
        ("OFPET_BAD_MATCH", "OFPBMC_", ["BAD_TYPE", "BAD_LEN", "BAD_TAG", "BAD_DL_ADDR_MASK", "BAD_NW_ADDR_MASK",
                                       "BAD_WILDCARDS", "BAD_FIELD", "BAD_VALUE", "BAD_MASK", "BAD_PREREQ",
                                       "DUP_FIELD", "EPERM"]),
        ("OFPET_FLOW_MOD_FAILED", "OFPFMFC_", ["UNKNOWN", "TABLE_FULL", "BAD_TABLE_ID", "OVERLAP", "EPERM",
                                              "BAD_TIMEOUT", "BAD_COMMAND", "BAD_FLAGS"]),
        ("OFPET_GROUP_MOD_FAILED", "OFPGMFC_", ["GROUP_EXISTS", "INVALID_GROUP", "WEIGHT_UNSUPPORTED",
                                               "OUT_OF_GROUPS", "OUT_OF_BUCKETS", "CHAINING_UNSUPPORTED",
                                               "WATCH_UNSUPPORTED", "LOOP", "UNKNOWN_GROUP", "CHAINED_GROUP",
                                               "BAD_TYPE", "BAD_COMMAND", "BAD_BUCKET", "BAD_WATCH", "EPERM"]),
        ("OFPET_PORT_MOD_FAILED", "OFPPMFC_", ["BAD_PORT", "BAD_HW_ADDR", "BAD_CONFIG", "BAD_ADVERTISE", "EPERM"]),
        ("OFPET_TABLE_MOD_FAILED", "OFPTMFC_", ["BAD_TABLE", "BAD_CONFIG", "EPERM"]),
        ("OFPET_QUEUE_OP_FAILED", "OFPQOFC_", ["BAD_PORT", "BAD_QUEUE", "EPERM"]),
        ("OFPET_SWITCH_CONFIG_FAILED", "OFPSCFC_", ["BAD_FLAGS", "BAD_LEN", "EPERM"]),
        ("OFPET_ROLE_REQUEST_FAILED", "OFPRRFC_", ["STALE", "UNSUP", "BAD_ROLE"]),
        ("OFPET_METER_MOD_FAILED", "OFPMMFC_", ["UNKNOWN", "METER_EXISTS", "INVALID_METER", "UNKNOWN_METER",
                                               "BAD_COMMAND", "BAD_FLAGS", "BAD_RATE", "BAD_BURST", "BAD_BAND",
                                               "BAD_BAND_VALUE", "OUT_OF_METERS", "OUT_OF_BANDS"]),
        ("OFPET_TABLE_FEATURES_FAILED", "OFPTFFC_", ["BAD_TABLE", "BAD_METADATA", "BAD_TYPE", "BAD_LEN",
                                                    "BAD_ARGUMENT", "EPERM"]),
    ]

    func encode(to writer: inout WireWriter) {
        writer.writeU16(type)
        writer.writeU16(code)
        writer.writeBytes(data)
    }

    init(reader: inout WireReader) throws(OpenFlowError) {
        type = try reader.readU16("error.type")
        code = try reader.readU16("error.code")
        data = reader.readRest()
    }
}
