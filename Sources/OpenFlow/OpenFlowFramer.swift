import NIOCore

/// Splits a TCP byte stream into whole OpenFlow messages.
///
/// Feed it whatever the socket delivered — part of a message, exactly one, or several coalesced —
/// with ``append(_:)-(ByteBuffer)``, then call ``nextFrame()`` (raw bytes of one message) or
/// ``nextMessage()`` (decoded) until it returns `nil`. The framer only trusts `ofp_header.length`;
/// it does not look at the version or type, so a HELLO of another OpenFlow version is still framed.
///
/// A length field shorter than the 8-byte header leaves the stream impossible to resynchronise:
/// the framer throws and keeps throwing on every later call (it never skips bytes or loops);
/// the session should send an error and close the connection.
///
/// For a SwiftNIO `ByteToMessageDecoder`, use the stateless ``readFrame(from:)`` on the channel's
/// cumulation buffer instead of holding a framer.
public struct OpenFlowFramer: Sendable {
    private var buffer: ByteBuffer

    public init() {
        buffer = ByteBufferAllocator().buffer(capacity: 4096)
    }

    /// Number of buffered bytes not yet returned as frames.
    public var bufferedByteCount: Int { buffer.readableBytes }

    /// Appends the readable bytes of `bytes` to the stream.
    public mutating func append(_ bytes: ByteBuffer) {
        var bytes = bytes
        buffer.writeBuffer(&bytes)
    }

    /// Appends raw bytes to the stream.
    public mutating func append(_ bytes: some Sequence<UInt8>) {
        buffer.writeBytes(bytes)
    }

    /// The next whole message's bytes (header included), or `nil` until more input arrives.
    public mutating func nextFrame() throws(OpenFlowError) -> [UInt8]? {
        let frame = try Self.readFrame(from: &buffer)
        if buffer.readerIndex > 65_536 {
            buffer.discardReadBytes()
        }
        return frame
    }

    /// The next whole message decoded, or `nil` until more input arrives. A message that is framed
    /// correctly but fails to decode is consumed and its error thrown, so the caller may reply with an
    /// `OFPT_ERROR` and continue with the next message.
    public mutating func nextMessage() throws(OpenFlowError) -> OpenFlowMessage? {
        guard let frame = try nextFrame() else { return nil }
        return try OpenFlowMessage(decoding: frame)
    }

    /// Removes one whole message from the reader side of `buffer` and returns its bytes, or returns
    /// `nil` (consuming nothing) when the buffer does not yet hold a whole message.
    public static func readFrame(from buffer: inout ByteBuffer) throws(OpenFlowError) -> [UInt8]? {
        guard buffer.readableBytes >= OpenFlowHeader.size,
              let length = buffer.getInteger(at: buffer.readerIndex + 2, as: UInt16.self).map(Int.init)
        else { return nil }
        guard length >= OpenFlowHeader.size else {
            let header = OpenFlowHeader(peekingAt: buffer)
            let context = OpenFlowError.Context(messageType: header?.type, xid: header?.xid, field: "header.length", offset: 2)
            throw .badLength(context, length: length, reason: "shorter than the 8-byte header; the stream cannot be resynchronised")
        }
        return buffer.readBytes(length: length)
    }
}
