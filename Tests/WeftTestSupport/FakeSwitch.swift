import NIOCore
import NIOPosix
import OpenFlow

/// A scripted OpenFlow 1.3 switch on a loopback TCP connection, for exercising the controller's
/// session handling without Open vSwitch: it answers the handshake, multipart and barrier requests
/// with empty state (unless told to stay silent), records everything it receives, and can send
/// arbitrary messages or raw bytes.
public actor FakeSwitch {
    public let datapathID: UInt64
    private let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    public private(set) var received: [OpenFlowMessage] = []
    public private(set) var isClosed = false
    /// When the switch last wrote anything: the controller cannot have heard from it since.
    public private(set) var lastSentAt = ContinuousClock.now
    /// When the switch saw its connection end.
    public private(set) var closedAt: ContinuousClock.Instant?
    /// When false the switch ignores everything, as a hung switch would.
    public private(set) var answering = true
    /// When false the switch takes nothing off its connection, so the controller's writes back up.
    public private(set) var reading = true
    private var readingResumed: [CheckedContinuation<Void, Never>] = []

    private init(datapathID: UInt64, outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>) {
        self.datapathID = datapathID
        self.outbound = outbound
    }

    /// Connects to `127.0.0.1:port`, runs `body`, then closes the connection.
    public static func connect(port: Int, datapathID: UInt64 = 0x42, _ body: @Sendable (FakeSwitch) async throws -> Void) async throws {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(FrameDecoder()))
                    return try NIOAsyncChannel<[UInt8], ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        try await channel.executeThenClose { inbound, outbound in
            let fake = FakeSwitch(datapathID: datapathID, outbound: outbound)
            let reader = Task {
                do {
                    for try await item in inbound {
                        await fake.waitUntilReading()
                        await fake.handle(item)
                    }
                } catch {}
                await fake.markClosed()
            }
            defer { reader.cancel() }
            do {
                try await body(fake)
            } catch {
                await fake.setReading(true)
                throw error
            }
            await fake.setReading(true)
        }
    }

    public func send(_ payload: OpenFlowMessage.Payload, xid: UInt32 = 0x7000, version: UInt8 = OpenFlowHeader.version13) async throws {
        try await sendRaw(OpenFlowMessage(version: version, xid: xid, payload).encoded())
    }

    public func sendRaw(_ bytes: [UInt8]) async throws {
        lastSentAt = .now
        try await outbound.write(ByteBuffer(bytes: bytes))
    }

    public func setAnswering(_ answering: Bool) {
        self.answering = answering
    }

    /// Stops or resumes reading: a switch that stops reading lets the kernel's buffers fill until the
    /// controller's writes wait (TCP back-pressure).
    public func setReading(_ reading: Bool) {
        self.reading = reading
        guard reading else { return }
        for waiter in readingResumed { waiter.resume() }
        readingResumed.removeAll()
    }

    private func waitUntilReading() async {
        guard !reading else { return }
        await withCheckedContinuation { readingResumed.append($0) }
    }

    /// Waits until a received message satisfies `predicate` or `seconds` pass.
    public func waitFor(seconds: Double = 3, _ predicate: (OpenFlowMessage) -> Bool) async -> OpenFlowMessage? {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < deadline {
            if let found = received.first(where: predicate) { return found }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return nil
    }

    /// Waits until the controller closed the connection or `seconds` pass; returns whether it did.
    public func waitForClose(seconds: Double) async -> Bool {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < deadline, !isClosed {
            try? await Task.sleep(for: .milliseconds(10))
        }
        return isClosed
    }

    private func markClosed() {
        isClosed = true
        closedAt = .now
    }

    private func handle(_ frame: [UInt8]) async {
        guard let message = try? OpenFlowMessage(decoding: frame) else { return }
        received.append(message)
        guard answering else { return }
        let reply: OpenFlowMessage.Payload?
        switch message.payload {
        case .hello: reply = .hello(Hello())
        case .featuresRequest: reply = .featuresReply(SwitchFeatures(datapathID: datapathID))
        case let .echoRequest(data): reply = .echoReply(data)
        case .barrierRequest: reply = .barrierReply
        case let .multipartRequest(request):
            switch request.body {
            case .portDescription: reply = .multipartReply(MultipartReply(.portDescription([
                PortDescription(portNumber: 1, hardwareAddress: 0x0200_0000_0001, name: "p1"),
            ])))
            case .portStats: reply = .multipartReply(MultipartReply(.portStats([])))
            case .flow: reply = .multipartReply(MultipartReply(.flow([])))
            case .groupDescription: reply = .multipartReply(MultipartReply(.groupDescription([])))
            case .group: reply = .multipartReply(MultipartReply(.group([])))
            case .meter: reply = .multipartReply(MultipartReply(.meter([])))
            }
        default: reply = nil
        }
        if let reply {
            try? await send(reply, xid: message.xid)
        }
    }

    /// Splits the byte stream into OpenFlow frames by `ofp_header.length`.
    private struct FrameDecoder: ByteToMessageDecoder {
        typealias InboundOut = [UInt8]

        mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
            guard let frame = try OpenFlowFramer.readFrame(from: &buffer) else { return .needMoreData }
            context.fireChannelRead(wrapInboundOut(frame))
            return .continue
        }
    }
}
