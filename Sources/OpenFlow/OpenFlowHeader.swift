import NIOCore

/// The fixed 8-byte `ofp_header` that starts every OpenFlow message.
public struct OpenFlowHeader: Hashable, Sendable {
    /// Size of the header on the wire.
    public static let size = 8
    /// The wire version of OpenFlow 1.3.
    public static let version13: UInt8 = 0x04

    public var version: UInt8
    /// The raw `ofp_type`; see ``OpenFlowMessageType``.
    public var type: UInt8
    /// Total message length including the header.
    public var length: UInt16
    public var xid: UInt32

    public init(version: UInt8 = OpenFlowHeader.version13, type: UInt8, length: UInt16, xid: UInt32) {
        self.version = version
        self.type = type
        self.length = length
        self.xid = xid
    }

    /// Reads the header at the start of `bytes`; throws when fewer than 8 bytes are given or the
    /// length field is shorter than the header itself.
    public init(decoding bytes: [UInt8]) throws(OpenFlowError) {
        var reader = WireReader(bytes)
        try self.init(reader: &reader)
    }

    /// Peeks the header at the reader index of `buffer` without consuming it; `nil` when fewer than
    /// 8 bytes are readable.
    public init?(peekingAt buffer: ByteBuffer) {
        guard let version = buffer.getInteger(at: buffer.readerIndex, as: UInt8.self),
              let type = buffer.getInteger(at: buffer.readerIndex + 1, as: UInt8.self),
              let length = buffer.getInteger(at: buffer.readerIndex + 2, as: UInt16.self),
              let xid = buffer.getInteger(at: buffer.readerIndex + 4, as: UInt32.self)
        else { return nil }
        self.init(version: version, type: type, length: length, xid: xid)
    }

    init(reader: inout WireReader) throws(OpenFlowError) {
        let start = reader.offset
        version = try reader.readU8("header.version")
        type = try reader.readU8("header.type")
        length = try reader.readU16("header.length")
        xid = try reader.readU32("header.xid")
        reader.messageType = type
        reader.xid = xid
        guard Int(length) >= Self.size else {
            throw .badLength(reader.context("header.length", at: start + 2), length: Int(length),
                             reason: "shorter than the 8-byte header")
        }
    }
}
