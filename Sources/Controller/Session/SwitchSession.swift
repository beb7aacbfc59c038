import Logging
import NIOCore
import OpenFlow
import Topology

/// One switch's OpenFlow 1.3 connection: handshake, request/reply matching by xid, barriers,
/// keepalive bookkeeping.
///
/// States: `awaitingHello` → (HELLO, version negotiated) → `awaitingFeatures` → (FEATURES_REPLY)
/// → `awaitingPorts` → (PORT_DESC reply) → `ready` → `closed`. Echo requests from the switch are
/// answered in every state. Replies are matched to requests by xid; multipart replies are gathered
/// until the last part. Errors carrying a request's xid fail that request; errors for fire-and-forget
/// messages (flow-mods) are collected and reported by the next `sendBatch` that covers their xid.
///
/// Every message is queued on the actor without suspending, so messages leave in the order they were
/// sent (what barriers rely on) and a waiter is always registered before its request is on the wire.
/// The connection's writer (a child task of ``run(_:establish:events:)``) hands the queue to
/// `NIOAsyncChannel`'s outbound writer in batches and waits when the switch does not read
/// (back-pressure). Closing the session never waits for that writer: what is queued gets a short grace
/// to leave, then the channel is closed, which also ends a write suspended on a peer that stopped reading.
///
/// Multipart requests (flow, group and meter read-back, port statistics) are queued: one is on the
/// wire per switch at a time, the rest wait their turn, so a statistics poll never piles up behind a
/// reconcile. A request's deadline runs from when it was sent and is pushed back whenever the switch
/// answers any of our requests (a barrier reply, a reply part): a switch still working through our
/// own flow-mods is busy, not dead. A barrier's deadline also grows with the batch it closes. Each
/// request's deadline is a child task of the request, cancelled when the reply comes; a request whose
/// deadline passes fails with ``SwitchSessionError/timedOut(peer:request:xid:seconds:)``, and
/// cancelling the caller fails it with `CancellationError`.
actor SwitchSession {
    enum State: String, Sendable {
        case awaitingHello, awaitingFeatures, awaitingPorts, ready, closed
    }

    /// What the switch sent that the controller, not the session, handles.
    enum Event: Sendable {
        case packetIn(PacketIn)
        case portStatus(PortStatus)
    }

    private enum Waiter {
        case reply(request: String, CheckedContinuation<OpenFlowMessage.Payload, any Error>)
        case multipart(request: String, parts: [MultipartReply.Body], CheckedContinuation<[MultipartReply.Body], any Error>)
    }

    nonisolated let connectionID: Int
    nonisolated let remoteAddress: String
    /// When the connection was accepted.
    nonisolated let connectedAt = ContinuousClock.now
    private let channel: any Channel
    private var logger: Logger
    private let requestTimeout: Double
    /// Rate limit for warnings about what the peer sends, shared by every session of a controller.
    private let warnings: PeerWarnings

    private(set) var state: State = .awaitingHello
    private(set) var datapathID: DatapathID?
    private(set) var lastHeard = ContinuousClock.now
    private var nextXID: UInt32 = 1
    private var waiters: [UInt32: Waiter] = [:]
    private var helloWaiter: CheckedContinuation<Void, any Error>?
    private var helloReceived: Result<Void, SwitchSessionError>?
    private var batchErrors: [UInt32: ErrorMessage] = [:]
    /// Messages not yet handed to the outbound writer, in order.
    private var outgoing: [OpenFlowMessage] = []
    private let writerWakeups: AsyncStream<Void>
    private let wakeWriter: AsyncStream<Void>.Continuation
    /// Whether the writer is in a write that waits for the switch to read.
    private(set) var writerWaitsForPeer = false
    /// Deadline children running now (one per outstanding request).
    private(set) var runningDeadlines = 0
    /// When the switch last answered one of our requests.
    private var lastProgress = ContinuousClock.now
    private var multipartBusy = false
    private var multipartQueue: [CheckedContinuation<Void, Never>] = []

    init(connectionID: Int, channel: any Channel, logger: Logger, requestTimeout: Double, warnings: PeerWarnings = PeerWarnings()) {
        self.connectionID = connectionID
        self.warnings = warnings
        self.channel = channel
        self.logger = logger
        self.requestTimeout = requestTimeout
        (writerWakeups, wakeWriter) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        remoteAddress = channel.remoteAddress?.description ?? "connection \(connectionID)"
        self.logger[metadataKey: "peer"] = "\(remoteAddress)"
    }

    /// How long queued messages may take to leave once the session closes (a HELLO_FAILED error
    /// before the disconnect) before the channel is closed regardless.
    static let closeGrace = TimeAmount.milliseconds(500)

    /// Runs the connection until it ends, as children of one task group: the inbound loop (replies to
    /// waiters; `events` for what the controller handles), the writer, and `establish` (the handshake
    /// and what follows it, which waits on replies only the inbound loop delivers). The session closes
    /// when the peer goes away, and every child ends with it; cancelling the caller ends them too.
    func run(_ connection: OpenFlowListener.Connection, establish: @escaping @Sendable () async -> Void,
             events: @escaping @Sendable (Event) async -> Void) async throws {
        try await connection.executeThenClose { inbound, outbound in
            try await withThrowingDiscardingTaskGroup { group in
                group.addTask { await establish() }
                group.addTask { await self.write(to: outbound) }
                defer {
                    close(reason: "connection ended")
                    group.cancelAll()
                }
                for try await item in inbound {
                    if let event = receive(item) { await events(event) }
                }
            }
        }
    }

    /// Hands queued messages to `outbound` in batches until the session closes, then what is left
    /// (within ``closeGrace``, which `close` enforces), then closes the channel. A failed write closes
    /// the session.
    private func write(to outbound: NIOAsyncChannelOutboundWriter<OpenFlowMessage>) async {
        for await _ in writerWakeups {
            await writeQueued(to: outbound)
        }
        await writeQueued(to: outbound)
        channel.close(promise: nil)
    }

    private func writeQueued(to outbound: NIOAsyncChannelOutboundWriter<OpenFlowMessage>) async {
        guard !outgoing.isEmpty else { return }
        let batch = outgoing
        outgoing.removeAll(keepingCapacity: true)
        writerWaitsForPeer = !channel.isWritable
        defer { writerWaitsForPeer = false }
        do {
            try await outbound.write(contentsOf: batch)
        } catch {
            outgoing.removeAll()
            close(reason: "write failed: \(error)")
        }
    }

    /// The name used in errors and logs: the datapath id once known.
    var peer: String { datapathID?.description ?? remoteAddress }

    // MARK: Handshake

    /// Sends HELLO, waits for the switch's, then asks for features and port descriptions.
    func handshake() async throws -> (features: SwitchFeatures, ports: [PortDescription]) {
        send(OpenFlowMessage(xid: allocateXID(), .hello(Hello())))
        try await withDeadline(xid: 0, request: "HELLO", seconds: requestTimeout) { (continuation: CheckedContinuation<Void, any Error>) in
            if state == .closed {
                // The connection ended before the handshake began.
                continuation.resume(throwing: SwitchSessionError.closed(peer: peer, request: "HELLO"))
            } else if let helloReceived {
                continuation.resume(with: helloReceived.mapError { $0 })
            } else {
                helloWaiter = continuation
            }
        }
        state = .awaitingFeatures
        guard case let .featuresReply(features) = try await request(.featuresRequest, name: "FEATURES_REQUEST") else {
            throw SwitchSessionError.unexpectedReply(peer: peer, request: "FEATURES_REQUEST", reply: "another message")
        }
        datapathID = DatapathID(features.datapathID)
        logger[metadataKey: "dpid"] = "\(DatapathID(features.datapathID))"
        state = .awaitingPorts
        var ports: [PortDescription] = []
        for case let .portDescription(part) in try await multipart(.portDescription, name: "PORT_DESC") {
            ports += part
        }
        state = .ready
        logger.debug("switch ready", metadata: ["ports": "\(ports.count)", "tables": "\(features.tableCount)"])
        return (features, ports)
    }

    // MARK: Requests

    /// Sends one message that expects exactly one reply (features, echo, config) and returns the reply.
    func request(_ payload: OpenFlowMessage.Payload, name: String, extraSeconds: Double = 0) async throws -> OpenFlowMessage.Payload {
        guard state != .closed else { throw SwitchSessionError.closed(peer: peer, request: name) }
        let xid = allocateXID()
        return try await withDeadline(xid: xid, request: name, seconds: requestTimeout + extraSeconds) { continuation in
            guard state != .closed else { return continuation.resume(throwing: SwitchSessionError.closed(peer: peer, request: name)) }
            waiters[xid] = .reply(request: name, continuation)
            send(OpenFlowMessage(xid: xid, payload))
        }
    }

    /// Sends a multipart request once the previous one to this switch finished, and returns the
    /// bodies of every reply part, in order.
    func multipart(_ body: MultipartRequest.Body, name: String) async throws -> [MultipartReply.Body] {
        await waitForMultipartTurn()
        defer { finishMultipartTurn() }
        guard state != .closed else { throw SwitchSessionError.closed(peer: peer, request: name) }
        let xid = allocateXID()
        return try await withDeadline(xid: xid, request: name, seconds: requestTimeout) { continuation in
            guard state != .closed else { return continuation.resume(throwing: SwitchSessionError.closed(peer: peer, request: name)) }
            waiters[xid] = .multipart(request: name, parts: [], continuation)
            send(OpenFlowMessage(xid: xid, .multipartRequest(MultipartRequest(body))))
        }
    }

    /// Sends `payloads` in order followed by a BARRIER_REQUEST, and returns when the barrier reply
    /// arrives: by then the switch has processed every message. Returns the errors the switch
    /// reported for any of them (empty when all succeeded).
    func sendBatch(_ payloads: [OpenFlowMessage.Payload]) async throws -> [ErrorMessage] {
        guard state != .closed else { throw SwitchSessionError.closed(peer: peer, request: "batch of \(payloads.count)") }
        let first = nextXID
        for payload in payloads {
            send(OpenFlowMessage(xid: allocateXID(), payload))
        }
        let last = nextXID
        // OVS applies a few thousand flow-mods per second at worst; allow 1 ms per message.
        _ = try await request(.barrierRequest, name: "BARRIER_REQUEST", extraSeconds: Double(payloads.count) / 1000)
        let xids = batchErrors.keys.filter { xid in first <= last ? (first..<last).contains(xid) : (xid >= first || xid < last) }
        let errors = xids.sorted().compactMap { batchErrors.removeValue(forKey: $0) }
        return errors
    }

    /// Sends `payloads` in order without a barrier and without waiting (LLDP packet-outs): nothing
    /// here depends on a reply, so the inbound loop may call it.
    func sendUnacknowledged(_ payloads: [OpenFlowMessage.Payload]) {
        guard state != .closed else { return }
        for payload in payloads {
            send(OpenFlowMessage(xid: allocateXID(), payload))
        }
    }

    // MARK: Inbound

    /// Handles one inbound item; returns what the controller must handle, if anything.
    func receive(_ inbound: OpenFlowMessageCoder.Inbound) -> Event? {
        lastHeard = .now
        let message: OpenFlowMessage
        switch inbound {
        case let .message(decoded):
            message = decoded
        case let .undecodable(frame, error):
            warnings.warning(logger, "undecodable message", kind: "undecodable", metadata: ["error": "\(error)", "bytes": "\(frame.count)"])
            let xid = frame.count >= 8 ? UInt32(frame[4]) << 24 | UInt32(frame[5]) << 16 | UInt32(frame[6]) << 8 | UInt32(frame[7]) : 0
            send(OpenFlowMessage(xid: xid, .error(ErrorMessage(type: .badRequest, code: 1, offending: frame))))
            return nil
        }
        switch message.payload {
        case let .hello(hello):
            helloArrived(hello, headerVersion: message.version)
        case let .echoRequest(data):
            send(OpenFlowMessage(xid: message.xid, .echoReply(data)))
        case let .multipartReply(reply):
            multipartArrived(reply, xid: message.xid)
        case let .error(error):
            errorArrived(error, xid: message.xid)
        case let .packetIn(packetIn):
            return .packetIn(packetIn)
        case let .portStatus(status):
            return .portStatus(status)
        case .flowRemoved:
            break
        default:
            if case let .reply(_, continuation)? = waiters.removeValue(forKey: message.xid) {
                lastProgress = .now
                continuation.resume(returning: message.payload)
            }
        }
        return nil
    }

    private func helloArrived(_ hello: Hello, headerVersion: UInt8) {
        guard state == .awaitingHello else { return }
        let outcome: Result<Void, SwitchSessionError>
        if Hello().negotiatedVersion(withPeer: hello, peerHeaderVersion: headerVersion) == OpenFlowHeader.version13 {
            outcome = .success(())
        } else {
            outcome = .failure(.handshakeFailed(peer: peer, reason: "no common OpenFlow version (peer offers \(hello.versions), header \(headerVersion))"))
            send(OpenFlowMessage(xid: 0, .error(ErrorMessage(type: .helloFailed, code: 0, data: Array("OpenFlow 1.3 only".utf8)))))
        }
        if let helloWaiter {
            self.helloWaiter = nil
            lastProgress = .now
            helloWaiter.resume(with: outcome.mapError { $0 })
        } else {
            helloReceived = outcome
        }
    }

    private func multipartArrived(_ reply: MultipartReply, xid: UInt32) {
        guard case let .multipart(name, parts, continuation)? = waiters.removeValue(forKey: xid) else { return }
        lastProgress = .now
        let gathered = parts + [reply.body]
        if reply.moreFollows {
            waiters[xid] = .multipart(request: name, parts: gathered, continuation)
        } else {
            continuation.resume(returning: gathered)
        }
    }

    private func errorArrived(_ error: ErrorMessage, xid: UInt32) {
        lastProgress = .now
        switch waiters.removeValue(forKey: xid) {
        case let .reply(name, continuation)?:
            continuation.resume(throwing: SwitchSessionError.rejected(peer: peer, request: name, xid: xid, error: error))
        case let .multipart(name, _, continuation)?:
            continuation.resume(throwing: SwitchSessionError.rejected(peer: peer, request: name, xid: xid, error: error))
        case nil:
            logger.warning("switch reported an error", metadata: ["xid": "\(xid)", "error": "\(error)"])
            batchErrors[xid] = error
        }
    }

    // MARK: Lifecycle

    /// Seconds since the switch last sent anything.
    var silenceSeconds: Double {
        let elapsed = lastHeard.duration(to: .now)
        return elapsed.seconds
    }

    /// Sends an ECHO_REQUEST without waiting for the reply (any traffic counts as life).
    func probe() {
        send(OpenFlowMessage(xid: allocateXID(), .echoRequest(Array("weft".utf8))))
    }

    /// Closes the connection and fails every outstanding request. Logged at info for a ready session
    /// unless `quietly` (a refused switch, which the controller logs under a rate limit); at debug
    /// for one that never became ready (a junk peer).
    func close(reason: String, quietly: Bool = false) {
        guard state != .closed else { return }
        logger.log(level: state == .ready && !quietly ? .info : .debug, "session closed", metadata: ["reason": "\(reason)"])
        state = .closed
        let pending = waiters
        waiters.removeAll()
        let queued = multipartQueue
        multipartQueue.removeAll()
        for turn in queued { turn.resume() }
        for waiter in pending.values {
            switch waiter {
            case let .reply(name, continuation):
                continuation.resume(throwing: SwitchSessionError.closed(peer: peer, request: name))
            case let .multipart(name, _, continuation):
                continuation.resume(throwing: SwitchSessionError.closed(peer: peer, request: name))
            }
        }
        if let helloWaiter {
            self.helloWaiter = nil
            helloWaiter.resume(throwing: SwitchSessionError.closed(peer: peer, request: "HELLO"))
        }
        // The writer sends what is queued, then closes the channel. A writer waiting on a switch that
        // does not read would wait in vain: the channel closes now, which fails that write; otherwise
        // it closes after the grace at the latest.
        wakeWriter.finish()
        if writerWaitsForPeer {
            channel.close(promise: nil)
        } else {
            let channel = channel
            channel.eventLoop.scheduleTask(in: Self.closeGrace) { channel.close(promise: nil) }
        }
    }

    // MARK: Plumbing

    private func allocateXID() -> UInt32 {
        defer { nextXID = nextXID == UInt32.max ? 1 : nextXID + 1 }
        return nextXID
    }

    /// Queues `message` for the writer without suspending; dropped once the session is closed.
    private func send(_ message: OpenFlowMessage) {
        guard state != .closed else { return }
        outgoing.append(message)
        wakeWriter.yield()
    }

    /// Fails the request waiting under `xid` (0: the HELLO), if it still waits.
    private func fail(xid: UInt32, with error: any Error) {
        if xid == 0 {
            guard let helloWaiter else { return }
            self.helloWaiter = nil
            helloWaiter.resume(throwing: error)
            return
        }
        switch waiters.removeValue(forKey: xid) {
        case let .reply(_, continuation)?: continuation.resume(throwing: error)
        case let .multipart(_, _, continuation)?: continuation.resume(throwing: error)
        case nil: break
        }
    }

    private func waitForMultipartTurn() async {
        guard multipartBusy else {
            multipartBusy = true
            return
        }
        await withCheckedContinuation { multipartQueue.append($0) }
    }

    private func finishMultipartTurn() {
        if multipartQueue.isEmpty {
            multipartBusy = false
        } else {
            multipartQueue.removeFirst().resume()
        }
    }

    /// Waits for the reply `park` registers under `xid` (registering and sending in one turn of the
    /// actor, so the reply cannot arrive first), next to a child task that keeps the deadline: it fails
    /// the request once `seconds` pass without the switch answering any of our requests, and is
    /// cancelled as soon as the reply comes. Cancelling the caller cancels the child, which fails the
    /// request with `CancellationError`.
    private func withDeadline<Reply: Sendable>(xid: UInt32, request name: String, seconds: Double,
                                               _ park: (CheckedContinuation<Reply, any Error>) -> Void) async throws -> Reply {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await self.keepDeadline(xid: xid, request: name, seconds: seconds) }
            defer { group.cancelAll() }
            return try await withCheckedThrowingContinuation { park($0) }
        }
    }

    /// The deadline child of request `xid`: sleeps until the deadline, pushes it back while the switch
    /// answers, then fails the request; when cancelled (reply arrived, or the caller was cancelled)
    /// fails it with `CancellationError` if it still waits.
    private nonisolated func keepDeadline(xid: UInt32, request name: String, seconds: Double) async {
        await deadlineStarted()
        var deadline = ContinuousClock.now + .seconds(seconds)
        do {
            while true {
                try await Task.sleep(until: deadline)
                guard let later = await expireOrPushBack(xid: xid, request: name, deadline: deadline, seconds: seconds) else { break }
                deadline = later
            }
        } catch {
            await fail(xid: xid, with: CancellationError())
        }
        await deadlineEnded()
    }

    private func deadlineStarted() { runningDeadlines += 1 }
    private func deadlineEnded() { runningDeadlines -= 1 }

    /// A later deadline when the switch answered something within the last `seconds`; otherwise fails
    /// request `xid` with `.timedOut` and returns `nil`.
    private func expireOrPushBack(xid: UInt32, request name: String, deadline: ContinuousClock.Instant, seconds: Double) -> ContinuousClock.Instant? {
        let renewed = lastProgress + .seconds(seconds)
        if state != .closed, renewed > deadline { return renewed }
        fail(xid: xid, with: SwitchSessionError.timedOut(peer: peer, request: name, xid: xid, seconds: seconds))
        return nil
    }
}
