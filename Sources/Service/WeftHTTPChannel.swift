import Hummingbird
import HummingbirdCore
import Logging
import NIOCore

/// Hummingbird's HTTP/1 child channel with ``HTTPLimits`` enforced: a ``RequestStartHandler`` in
/// front of the HTTP decoder and an ``HTTPDeadlineHandler`` between the codec and Hummingbird.
struct WeftHTTPChannel: ServerChildChannel {
    let http1: HTTP1Channel
    let limits: HTTPLimits
    let connections: ConnectionCounter

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<HTTP1Channel.Value> {
        let limits = limits
        let connections = connections
        return http1.setup(channel: channel, logger: logger).flatMapThrowing { value in
            let operations = channel.pipeline.syncOperations
            let deadlines = HTTPDeadlineHandler(limits: limits, connections: connections, logger: logger)
            try operations.addHandler(deadlines, position: .before(try operations.handler(type: HTTPConnectionStateHandler.self)))
            try operations.addHandler(RequestStartHandler(deadlines: deadlines), position: .first)
            return value
        }
    }

    func handle(value: HTTP1Channel.Value, logger: Logger) async {
        await http1.handle(value: value, logger: logger)
    }
}

extension HTTPServerBuilder {
    /// HTTP/1 with Weft's timeouts, early close of refused uploads and connection limit.
    static func weft(limits: HTTPLimits) -> HTTPServerBuilder {
        let connections = ConnectionCounter(limit: limits.maxConnections)
        return HTTPServerBuilder { responder in
            WeftHTTPChannel(http1: HTTP1Channel(responder: responder, configuration: .init()), limits: limits, connections: connections)
        }
    }
}
