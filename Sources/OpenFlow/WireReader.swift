/// A bounds-checked big-endian reader over one OpenFlow message (or a bounded part of one).
///
/// Every read checks the remaining length and throws ``OpenFlowError/truncated(_:needed:available:)``
/// with the field name and absolute offset instead of trapping. Sub-readers created with
/// ``subReader(length:field:)`` share the storage and report offsets relative to the message start.
struct WireReader {
    private let bytes: [UInt8]
    /// Absolute index of the next byte to read.
    private(set) var offset: Int
    /// Absolute index one past the last readable byte.
    let end: Int
    var messageType: UInt8?
    var xid: UInt32?

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        self.offset = 0
        self.end = bytes.count
    }

    private init(bytes: [UInt8], offset: Int, end: Int, messageType: UInt8?, xid: UInt32?) {
        self.bytes = bytes
        self.offset = offset
        self.end = end
        self.messageType = messageType
        self.xid = xid
    }

    var remaining: Int { end - offset }
    var isAtEnd: Bool { offset >= end }

    /// The context for an error found in `field` at the current offset (or at `at`).
    func context(_ field: String, at position: Int? = nil) -> OpenFlowError.Context {
        OpenFlowError.Context(messageType: messageType, xid: xid, field: field, offset: position ?? offset)
    }

    private mutating func take(_ count: Int, _ field: @autoclosure () -> String) throws(OpenFlowError) -> Int {
        guard count >= 0, count <= remaining else {
            throw .truncated(context(field()), needed: count, available: remaining)
        }
        let start = offset
        offset += count
        return start
    }

    mutating func readU8(_ field: @autoclosure () -> String) throws(OpenFlowError) -> UInt8 {
        bytes[try take(1, field())]
    }

    mutating func readU16(_ field: @autoclosure () -> String) throws(OpenFlowError) -> UInt16 {
        UInt16(truncatingIfNeeded: try readUnsigned(2, field()))
    }

    mutating func readU32(_ field: @autoclosure () -> String) throws(OpenFlowError) -> UInt32 {
        UInt32(truncatingIfNeeded: try readUnsigned(4, field()))
    }

    mutating func readU64(_ field: @autoclosure () -> String) throws(OpenFlowError) -> UInt64 {
        try readUnsigned(8, field())
    }

    /// Reads a big-endian unsigned integer of `width` bytes (1...8).
    mutating func readUnsigned(_ width: Int, _ field: @autoclosure () -> String) throws(OpenFlowError) -> UInt64 {
        let start = try take(width, field())
        var value: UInt64 = 0
        for index in start..<(start + width) {
            value = value << 8 | UInt64(bytes[index])
        }
        return value
    }

    mutating func readBytes(_ count: Int, _ field: @autoclosure () -> String) throws(OpenFlowError) -> [UInt8] {
        let start = try take(count, field())
        return Array(bytes[start..<(start + count)])
    }

    mutating func readRest() -> [UInt8] {
        let start = offset
        offset = end
        return Array(bytes[start..<end])
    }

    mutating func skip(_ count: Int, _ field: @autoclosure () -> String) throws(OpenFlowError) {
        _ = try take(count, field())
    }

    /// A fixed-size, NUL-padded string field (port names).
    mutating func readFixedString(_ count: Int, _ field: @autoclosure () -> String) throws(OpenFlowError) -> String {
        let raw = try readBytes(count, field())
        let text = raw.prefix { $0 != 0 }
        return String(decoding: text, as: UTF8.self)
    }

    /// Peeks a big-endian `UInt16` `ahead` bytes past the current offset without consuming it.
    func peekU16(ahead: Int = 0, _ field: @autoclosure () -> String) throws(OpenFlowError) -> UInt16 {
        guard ahead >= 0, ahead + 2 <= remaining else {
            throw .truncated(context(field(), at: offset + ahead), needed: ahead + 2, available: remaining)
        }
        return UInt16(bytes[offset + ahead]) << 8 | UInt16(bytes[offset + ahead + 1])
    }

    /// Splits off the next `length` bytes as their own reader and advances past them.
    mutating func subReader(length: Int, field: @autoclosure () -> String) throws(OpenFlowError) -> WireReader {
        let start = try take(length, field())
        return WireReader(bytes: bytes, offset: start, end: start + length, messageType: messageType, xid: xid)
    }

    /// Throws unless the whole reader was consumed.
    func expectEnd(_ field: @autoclosure () -> String) throws(OpenFlowError) {
        guard isAtEnd else {
            throw .badLength(context(field()), length: remaining, reason: "unexpected trailing bytes")
        }
    }
}
