import NIOCore

/// First in the pipeline, before HTTP decoding: tells the connection's ``HTTPDeadlineHandler`` when
/// bytes arrive, so a request head that is started but never finished meets the header timeout.
final class RequestStartHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private let deadlines: HTTPDeadlineHandler

    init(deadlines: HTTPDeadlineHandler) {
        self.deadlines = deadlines
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        deadlines.bytesArrived()
        context.fireChannelRead(data)
    }
}
