import Foundation
import HTTPTypes
import Logging
import NIOCore
import NIOHTTP1
import NIOHTTPTypes

/// Enforces ``HTTPLimits`` on one HTTP/1 connection, between the HTTP codec and Hummingbird.
///
/// - Between requests the connection may be idle for `idleTimeout`, then it is closed.
/// - A started request head must be complete within `headerTimeout`, its body within `bodyTimeout`
///   and the response within `requestTimeout`; otherwise the client gets 408 (or 503 when the server
///   was slow) in the API's JSON error shape and the connection is closed.
/// - A response sent before the request body was fully read (a 401 for an unauthenticated upload, a
///   413, a 400) carries `Connection: close` and the connection is closed after it, rather than
///   reading and discarding the rest of the body.
/// - A malformed request (bad request line, oversized or invalid headers) gets a JSON 400 or 431.
/// - A connection beyond `maxConnections` gets a JSON 503 with `Retry-After` to its first request.
final class HTTPDeadlineHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private enum Phase {
        /// Waiting for the next request.
        case idle
        /// Bytes of a request arrived; its head is not complete.
        case readingHead
        /// Head received, body not complete.
        case readingBody
        /// Request complete, response not.
        case responding
    }

    private let limits: HTTPLimits
    private let connections: ConnectionCounter
    private let logger: Logger
    private var context: ChannelHandlerContext?
    private var phase = Phase.idle
    private var counted = false
    private var beyondLimit = false
    /// A response head went out and its end has not.
    private var responseStarted = false
    /// The response being written answers a request whose body was not read: close after it.
    private var closeAfterResponse = false
    /// This handler answered on its own; everything else on the connection is dropped.
    private var answered = false
    private var phaseDeadline: Scheduled<Void>?
    /// One per request waiting for its response, oldest first (a client may send the next request
    /// as soon as it has the previous response's bytes, before that response's end passes here).
    private var requestDeadlines: [Scheduled<Void>] = []

    init(limits: HTTPLimits, connections: ConnectionCounter, logger: Logger) {
        self.limits = limits
        self.connections = connections
        self.logger = logger
    }

    // MARK: Lifecycle

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        counted = true
        beyondLimit = !connections.opened()
        if context.channel.isActive { enterIdle() }
    }

    func channelActive(context: ChannelHandlerContext) {
        if phase == .idle, phaseDeadline == nil { enterIdle() }
        context.fireChannelActive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        cancelDeadlines()
        if counted {
            counted = false
            connections.closed()
        }
        self.context = nil
    }

    func channelInactive(context: ChannelHandlerContext) {
        cancelDeadlines()
        if counted {
            counted = false
            connections.closed()
        }
        context.fireChannelInactive()
    }

    /// Called by ``RequestStartHandler`` for every inbound read, before decoding.
    func bytesArrived() {
        guard phase == .idle, !answered else { return }
        phase = .readingHead
        schedulePhase(limits.headerTimeout) { handler in
            handler.answer(APIError(.requestTimeout, code: "request_timeout",
                                    message: "the request head (request line and headers) was not complete within \(handler.limits.headerTimeout)"))
        }
    }

    // MARK: Inbound

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !answered else { return }
        switch unwrapInboundIn(data) {
        case .head(let head):
            if beyondLimit {
                answer(APIError(.serviceUnavailable, code: "too_many_connections",
                                message: "the server has \(limits.maxConnections) open connections, its limit; retry later"))
                return
            }
            if Self.hasBody(head) {
                phase = .readingBody
                schedulePhase(limits.bodyTimeout) { handler in
                    handler.answer(APIError(.requestTimeout, code: "request_timeout",
                                            message: "the request body was not complete within \(handler.limits.bodyTimeout)"))
                }
            } else {
                // Nothing to read: the request is complete with its head, whenever the decoder reports its end.
                phase = .responding
                cancelPhaseDeadline()
            }
            requestDeadlines.append(context.eventLoop.assumeIsolated().scheduleTask(in: TimeAmount(limits.requestTimeout)) { [weak self] in
                guard let self else { return }
                self.answer(APIError(.serviceUnavailable, code: "request_timeout",
                                     message: "the request took longer than \(self.limits.requestTimeout) to answer; retry later"))
            })
        case .body:
            break
        case .end:
            if phase == .readingBody || phase == .responding {
                phase = .responding
                cancelPhaseDeadline()
            }
        }
        context.fireChannelRead(data)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard let parse = error as? HTTPParserError else {
            context.fireErrorCaught(error)
            return
        }
        switch parse {
        case .headerOverflow:
            answer(APIError(.init(code: 431, reasonPhrase: "Request Header Fields Too Large"), code: "headers_too_large",
                            message: "the request headers are larger than the server accepts"))
        default:
            answer(APIError(.badRequest, code: "malformed_request", message: "the request is not valid HTTP/1.1 (\(parse))"))
        }
    }

    // MARK: Outbound

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        guard !answered else {
            promise?.fail(ChannelError.ioOnClosedChannel)
            return
        }
        switch unwrapOutboundIn(data) {
        case .head(var response):
            responseStarted = true
            closeAfterResponse = phase == .readingBody
            if closeAfterResponse {
                response.headerFields[.connection] = "close"
            }
            context.write(wrapOutboundOut(.head(response)), promise: promise)
        case .body:
            context.write(data, promise: promise)
        case .end:
            if !requestDeadlines.isEmpty { requestDeadlines.removeFirst().cancel() }
            responseStarted = false
            if closeAfterResponse {
                // Answered before the body was read: close rather than read and discard the rest.
                logger.debug("closing HTTP connection answered before its request body was read")
                answered = true
                cancelDeadlines()
                context.writeAndFlush(data).whenComplete { _ in context.close(promise: nil) }
                promise?.succeed()
            } else {
                context.write(data, promise: promise)
                if phase == .responding, requestDeadlines.isEmpty { enterIdle() }
            }
        }
    }

    /// Whether a request announces a body (`Transfer-Encoding`, or a `Content-Length` above 0).
    private static func hasBody(_ head: HTTPRequest) -> Bool {
        if head.headerFields[.transferEncoding] != nil { return true }
        guard let length = head.headerFields[.contentLength] else { return false }
        return Int(length) != 0
    }

    // MARK: Answering

    /// Sends `error` as the response (unless one has started) and closes the connection.
    private func answer(_ error: APIError) {
        guard let context, !answered else { return }
        answered = true
        cancelDeadlines()
        guard !responseStarted else {
            context.close(promise: nil)
            return
        }
        logger.info("refused HTTP request", metadata: [
            "status": "\(error.status.code)", "code": "\(error.code)", "peer": "\(context.remoteAddress?.description ?? "?")",
        ])
        let body = error.jsonBody()
        var head = HTTPResponse(status: error.status)
        head.headerFields[.contentType] = "application/json; charset=utf-8"
        head.headerFields[.contentLength] = String(body.readableBytes)
        head.headerFields[.connection] = "close"
        if error.status == .serviceUnavailable {
            head.headerFields[.retryAfter] = "1"
        }
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(body)), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in context.close(promise: nil) }
    }

    // MARK: Deadlines

    private func enterIdle() {
        phase = .idle
        schedulePhase(limits.idleTimeout) { handler in
            handler.logger.debug("closing idle HTTP connection", metadata: ["peer": "\(handler.context?.remoteAddress?.description ?? "?")"])
            handler.answered = true
            handler.context?.close(promise: nil)
        }
    }

    private func schedulePhase(_ timeout: Duration, _ expired: @escaping (HTTPDeadlineHandler) -> Void) {
        guard let context else { return }
        phaseDeadline?.cancel()
        phaseDeadline = context.eventLoop.assumeIsolated().scheduleTask(in: TimeAmount(timeout)) { [weak self] in
            guard let self else { return }
            self.phaseDeadline = nil
            expired(self)
        }
    }

    private func cancelPhaseDeadline() {
        phaseDeadline?.cancel()
        phaseDeadline = nil
    }

    private func cancelDeadlines() {
        cancelPhaseDeadline()
        requestDeadlines.forEach { $0.cancel() }
        requestDeadlines.removeAll()
    }
}

@available(*, unavailable)
extension HTTPDeadlineHandler: Sendable {}
