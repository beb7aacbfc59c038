import NIOCore
import OpenFlow

/// SwiftNIO decoder and encoder between a TCP byte stream and `OpenFlowMessage`s.
///
/// Framing trusts only `ofp_header.length` (`OpenFlowFramer.readFrame`). A whole frame that fails to
/// decode is passed on as `.undecodable` so the session can answer with an `OFPT_ERROR` and carry on;
/// a stream that cannot be framed any more (length below the header size) closes the connection.
struct OpenFlowMessageCoder: ByteToMessageDecoder, MessageToByteEncoder {
    typealias InboundOut = Inbound
    typealias OutboundIn = OpenFlowMessage

    /// What one frame from the switch turned into.
    enum Inbound: Sendable {
        case message(OpenFlowMessage)
        case undecodable(frame: [UInt8], error: OpenFlowError)
    }

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let frame = try OpenFlowFramer.readFrame(from: &buffer) else { return .needMoreData }
        do {
            context.fireChannelRead(wrapInboundOut(.message(try OpenFlowMessage(decoding: frame))))
        } catch {
            context.fireChannelRead(wrapInboundOut(.undecodable(frame: frame, error: error)))
        }
        return .continue
    }

    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        while try decode(context: context, buffer: &buffer) == .continue {}
        return .needMoreData
    }

    func encode(data: OpenFlowMessage, out: inout ByteBuffer) throws {
        try data.encode(into: &out)
    }
}
