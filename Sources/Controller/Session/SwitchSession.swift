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
/// Every write goes straight to the channel from the actor, without suspending: messages leave in the
/// order they were sent (what barriers rely on) and a waiter is always registered before its request
/// is on the wire.
///
/// Multipart requests (flow, group and meter read-back, port statistics) are queued: one is on the
/// wire per switch at a time, the rest wait their turn, so a statistics poll never piles up behind a
/// reconcile. A request's deadline runs from when it was sent and is pushed back whenever the switch
/// answers any of our requests (a barrier reply, a reply part): a switch still working through our
/// own flow-mods is busy, not dead. A barrier's deadline also grows with the batch it closes.
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
    private var timeouts: [UInt32: Task<Void, Never>] = [:]
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
        remoteAddress = channel.remoteAddress?.description ?? "connection \(connectionID)"
        self.logger[metadataKey: "peer"] = "\(remoteAddress)"
    }

    /// The name used in errors and logs: the datapath id once known.
    var peer: String { datapathID?.description ?? remoteAddress }

    // MARK: Handshake

    /// Sends HELLO, waits for the switch's, then asks for features and port descriptions.
    func handshake() async throws -> (features: SwitchFeatures, ports: [PortDescription]) {
        send(OpenFlowMessage(xid: allocateXID(), .hello(Hello())), failing: nil)
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            if let helloReceived {
                continuation.resume(with: helloReceived.mapError { $0 })
            } else {
                helloWaiter = continuation
                scheduleTimeout(xid: 0, request: "HELLO", seconds: requestTimeout)
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
        return try await withCheckedThrowingContinuation { continuation in
            waiters[xid] = .reply(request: name, continuation)
            scheduleTimeout(xid: xid, request: name, seconds: requestTimeout + extraSeconds)
            send(OpenFlowMessage(xid: xid, payload), failing: xid)
        }
    }

    /// Sends a multipart request once the previous one to this switch finished, and returns the
    /// bodies of every reply part, in order.
    func multipart(_ body: MultipartRequest.Body, name: String) async throws -> [MultipartReply.Body] {
        await waitForMultipartTurn()
        defer { finishMultipartTurn() }
        guard state != .closed else { throw SwitchSessionError.closed(peer: peer, request: name) }
        let xid = allocateXID()
        return try await withCheckedThrowingContinuation { continuation in
            waiters[xid] = .multipart(request: name, parts: [], continuation)
            scheduleTimeout(xid: xid, request: name, seconds: requestTimeout)
            send(OpenFlowMessage(xid: xid, .multipartRequest(MultipartRequest(body))), failing: xid)
        }
    }

    /// Sends `payloads` in order followed by a BARRIER_REQUEST, and returns when the barrier reply
    /// arrives: by then the switch has processed every message. Returns the errors the switch
    /// reported for any of them (empty when all succeeded).
    func sendBatch(_ payloads: [OpenFlowMessage.Payload]) async throws -> [ErrorMessage] {
        guard state != .closed else { throw SwitchSessionError.closed(peer: peer, request: "batch of \(payloads.count)") }
        let first = nextXID
        for payload in payloads {
            send(OpenFlowMessage(xid: allocateXID(), payload), failing: nil)
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
            send(OpenFlowMessage(xid: allocateXID(), payload), failing: nil)
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
            send(OpenFlowMessage(xid: xid, .error(ErrorMessage(type: .badRequest, code: 1, offending: frame))), failing: nil)
            return nil
        }
        switch message.payload {
        case let .hello(hello):
            helloArrived(hello, headerVersion: message.version)
        case let .echoRequest(data):
            send(OpenFlowMessage(xid: message.xid, .echoReply(data)), failing: nil)
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
                resolved(xid: message.xid)
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
            send(OpenFlowMessage(xid: 0, .error(ErrorMessage(type: .helloFailed, code: 0, data: Array("OpenFlow 1.3 only".utf8)))), failing: nil)
        }
        if let helloWaiter {
            self.helloWaiter = nil
            resolved(xid: 0)
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
            resolved(xid: xid)
            continuation.resume(returning: gathered)
        }
    }

    private func errorArrived(_ error: ErrorMessage, xid: UInt32) {
        resolved(xid: xid)
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
        send(OpenFlowMessage(xid: allocateXID(), .echoRequest(Array("weft".utf8))), failing: nil)
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
        for timeout in timeouts.values { timeout.cancel() }
        timeouts.removeAll()
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
        channel.close(promise: nil)
    }

    // MARK: Plumbing

    private func allocateXID() -> UInt32 {
        defer { nextXID = nextXID == UInt32.max ? 1 : nextXID + 1 }
        return nextXID
    }

    /// Writes to the channel without suspending; a failed write fails the waiter for `xid`.
    private func send(_ message: OpenFlowMessage, failing xid: UInt32?) {
        let written = channel.writeAndFlush(message)
        guard let xid else { return }
        written.whenFailure { error in
            Task { await self.fail(xid: xid, with: error) }
        }
    }

    private func fail(xid: UInt32, with error: any Error) {
        timeouts.removeValue(forKey: xid)?.cancel()
        switch waiters.removeValue(forKey: xid) {
        case let .reply(_, continuation)?: continuation.resume(throwing: error)
        case let .multipart(_, _, continuation)?: continuation.resume(throwing: error)
        case nil: break
        }
    }

    /// A reply for `xid` arrived: its deadline is moot and the switch made progress.
    private func resolved(xid: UInt32) {
        lastProgress = .now
        timeouts.removeValue(forKey: xid)?.cancel()
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

    /// Fails the request `xid` when `seconds` pass without the switch answering any of our requests.
    private func scheduleTimeout(xid: UInt32, request name: String, seconds: Double) {
        let sent = ContinuousClock.now
        timeouts[xid] = Task {
            var deadline = sent + .seconds(seconds)
            while true {
                do { try await Task.sleep(until: deadline) } catch { return }
                guard let extended = self.extendedDeadline(for: xid, after: deadline, seconds: seconds) else { break }
                deadline = extended
            }
            self.expire(xid: xid, request: name, seconds: seconds)
        }
    }

    /// A later deadline when the switch answered something since `deadline - seconds`; `nil` to expire.
    private func extendedDeadline(for xid: UInt32, after deadline: ContinuousClock.Instant, seconds: Double) -> ContinuousClock.Instant? {
        guard state != .closed, timeouts[xid] != nil else { return nil }
        let renewed = lastProgress + .seconds(seconds)
        return renewed > deadline ? renewed : nil
    }

    private func expire(xid: UInt32, request name: String, seconds: Double) {
        timeouts[xid] = nil
        let error = SwitchSessionError.timedOut(peer: peer, request: name, xid: xid, seconds: seconds)
        if xid == 0, let helloWaiter {
            self.helloWaiter = nil
            helloWaiter.resume(throwing: error)
        } else if xid != 0 {
            fail(xid: xid, with: error)
        }
    }
}
