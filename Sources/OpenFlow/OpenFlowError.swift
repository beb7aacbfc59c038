/// Why a sequence of bytes is not a valid OpenFlow 1.3 message, or why a message cannot be encoded.
///
/// Every decoding case carries a ``Context`` naming the message (type and xid, when the header was
/// readable), the field being read and its byte offset from the start of the message, so that a log
/// line or an `OFPT_ERROR` reply can say exactly what was wrong and where.
public enum OpenFlowError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The data ended before `needed` bytes of the field could be read; only `available` remained.
    case truncated(Context, needed: Int, available: Int)
    /// A length field is impossible: shorter than its fixed part, longer than its container,
    /// not a multiple of 8 where the spec requires it, or not matching the content.
    case badLength(Context, length: Int, reason: String)
    /// The header carries a version other than OpenFlow 1.3 (0x04) on a message other than HELLO.
    case unsupportedVersion(Context, version: UInt8)
    /// The message type is not one this codec decodes (undefined, or defined by the spec but not modelled).
    case unsupportedMessageType(Context, type: UInt8)
    /// The multipart type is not one this codec decodes.
    case unsupportedMultipartType(Context, type: UInt16)
    /// An instruction type that OpenFlow 1.3 does not define.
    case unknownInstructionType(Context, type: UInt16)
    /// An action type that OpenFlow 1.3 does not define.
    case unknownActionType(Context, type: UInt16)
    /// An `OFPXMC_OPENFLOW_BASIC` OXM field number that OpenFlow 1.3 does not define.
    case unknownOXMField(Context, field: UInt8)
    /// A field holds a value outside the set the spec allows (an unknown command, reason, match type, …).
    case badValue(Context, value: UInt64, reason: String)
    /// Encoding produced a structure longer than its 16-bit length field can describe.
    case tooLongToEncode(what: String, length: Int)
    /// A field's value has no encoding on the wire (for example a 32-bit port in a 16-bit Nicira field).
    case unencodableValue(what: String, value: UInt64, reason: String)

    /// Where in a message a decoding error was found.
    public struct Context: Hashable, Sendable, CustomStringConvertible {
        /// The raw `ofp_header.type`, once the header has been read.
        public var messageType: UInt8?
        /// The `ofp_header.xid`, once the header has been read.
        public var xid: UInt32?
        /// The field being decoded, e.g. `flow_mod.match.oxm`.
        public var field: String
        /// Byte offset of that field from the first byte of the message (or frame).
        public var offset: Int

        public init(messageType: UInt8? = nil, xid: UInt32? = nil, field: String, offset: Int) {
            self.messageType = messageType
            self.xid = xid
            self.field = field
            self.offset = offset
        }

        public var description: String {
            var text = field + " at byte \(offset)"
            if let messageType {
                text += " of " + OpenFlowMessageType.name(of: messageType)
            }
            if let xid {
                text += " (xid \(xid))"
            }
            return text
        }
    }

    /// The context of a decoding error; `nil` for encoding errors.
    public var context: Context? {
        switch self {
        case .truncated(let context, _, _), .badLength(let context, _, _), .unsupportedVersion(let context, _),
             .unsupportedMessageType(let context, _), .unsupportedMultipartType(let context, _),
             .unknownInstructionType(let context, _), .unknownActionType(let context, _),
             .unknownOXMField(let context, _), .badValue(let context, _, _):
            return context
        case .tooLongToEncode, .unencodableValue:
            return nil
        }
    }

    public var description: String {
        switch self {
        case .truncated(let context, let needed, let available):
            return "truncated \(context): need \(needed) bytes, \(available) left"
        case .badLength(let context, let length, let reason):
            return "bad length \(length) in \(context): \(reason)"
        case .unsupportedVersion(let context, let version):
            return "unsupported OpenFlow version 0x\(String(version, radix: 16)) in \(context) (only 0x04, OpenFlow 1.3)"
        case .unsupportedMessageType(let context, let type):
            return "unsupported message type \(type) (\(OpenFlowMessageType.name(of: type))) in \(context)"
        case .unsupportedMultipartType(let context, let type):
            return "unsupported multipart type \(type) in \(context)"
        case .unknownInstructionType(let context, let type):
            return "unknown instruction type \(type) in \(context)"
        case .unknownActionType(let context, let type):
            return "unknown action type \(type) in \(context)"
        case .unknownOXMField(let context, let field):
            return "unknown OpenFlow-basic OXM field \(field) in \(context)"
        case .badValue(let context, let value, let reason):
            return "bad value \(value) in \(context): \(reason)"
        case .tooLongToEncode(let what, let length):
            return "cannot encode \(what): \(length) bytes exceed its 16-bit length field"
        case .unencodableValue(let what, let value, let reason):
            return "cannot encode \(what) = \(value): \(reason)"
        }
    }
}
