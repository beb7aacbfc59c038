import NIOCore

/// One OpenFlow 1.3 message: header fields plus a typed payload.
///
/// Encoding: ``encoded()`` returns the bytes of the whole message (header included) as `[UInt8]`;
/// ``encode(into:)`` appends them to a NIO `ByteBuffer`. Decoding: ``init(decoding:)-([UInt8])``
/// takes exactly one message, as produced by ``OpenFlowFramer``. Decoding never traps: malformed
/// input throws an ``OpenFlowError`` naming the message, field and byte offset.
///
/// ```swift
/// let mod = OpenFlowMessage(xid: 7, .flowMod(FlowMod(
///     priority: 100,
///     match: [.inPort(1), .ethType(0x0800), .ipv4Dst(0x0a00_0002)],
///     instructions: [.applyActions([.output(port: 2)])])))
/// channel.write(try mod.encoded())
/// ```
public struct OpenFlowMessage: Hashable, Sendable {
    /// The header version; 4 for OpenFlow 1.3. Only HELLO is decoded with another version.
    public var version: UInt8
    public var xid: UInt32
    public var payload: Payload

    /// The typed message bodies.
    public enum Payload: Hashable, Sendable {
        case hello(Hello)
        case error(ErrorMessage)
        /// Arbitrary data the peer must echo back.
        case echoRequest([UInt8])
        case echoReply([UInt8])
        case featuresRequest
        case featuresReply(SwitchFeatures)
        case getConfigRequest
        case getConfigReply(SwitchConfig)
        case setConfig(SwitchConfig)
        case packetIn(PacketIn)
        case flowRemoved(FlowRemoved)
        case portStatus(PortStatus)
        case packetOut(PacketOut)
        case flowMod(FlowMod)
        case groupMod(GroupMod)
        case meterMod(MeterMod)
        case multipartRequest(MultipartRequest)
        case multipartReply(MultipartReply)
        case barrierRequest
        case barrierReply
        case roleRequest(RoleRequest)
        case roleReply(RoleRequest)

        /// The `ofp_type` this payload is sent as.
        public var type: OpenFlowMessageType {
            switch self {
            case .hello: .hello
            case .error: .error
            case .echoRequest: .echoRequest
            case .echoReply: .echoReply
            case .featuresRequest: .featuresRequest
            case .featuresReply: .featuresReply
            case .getConfigRequest: .getConfigRequest
            case .getConfigReply: .getConfigReply
            case .setConfig: .setConfig
            case .packetIn: .packetIn
            case .flowRemoved: .flowRemoved
            case .portStatus: .portStatus
            case .packetOut: .packetOut
            case .flowMod: .flowMod
            case .groupMod: .groupMod
            case .meterMod: .meterMod
            case .multipartRequest: .multipartRequest
            case .multipartReply: .multipartReply
            case .barrierRequest: .barrierRequest
            case .barrierReply: .barrierReply
            case .roleRequest: .roleRequest
            case .roleReply: .roleReply
            }
        }
    }

    public init(version: UInt8 = OpenFlowHeader.version13, xid: UInt32, _ payload: Payload) {
        self.version = version
        self.xid = xid
        self.payload = payload
    }

    /// The message's `ofp_type`.
    public var type: OpenFlowMessageType { payload.type }

    /// The whole message, header included.
    public func encoded() throws(OpenFlowError) -> [UInt8] {
        var writer = WireWriter()
        writer.writeU8(version)
        writer.writeU8(type.rawValue)
        let lengthField = writer.reserveU16()
        writer.writeU32(xid)
        try encodeBody(to: &writer)
        try writer.patchLength(at: lengthField, from: 0, what: type.description)
        return writer.bytes
    }

    /// Appends the whole message to `buffer`.
    public func encode(into buffer: inout ByteBuffer) throws(OpenFlowError) {
        buffer.writeBytes(try encoded())
    }

    /// Decodes the readable bytes of `buffer`, which must hold exactly one message.
    public init(decoding buffer: ByteBuffer) throws(OpenFlowError) {
        try self.init(decoding: Array(buffer.readableBytesView))
    }

    /// Decodes exactly one message; its length field must equal `bytes.count`.
    public init(decoding bytes: [UInt8]) throws(OpenFlowError) {
        var reader = WireReader(bytes)
        let header = try OpenFlowHeader(reader: &reader)
        guard Int(header.length) == bytes.count else {
            throw .badLength(reader.context("header.length", at: 2), length: Int(header.length),
                             reason: "the message has \(bytes.count) bytes")
        }
        guard let type = OpenFlowMessageType(rawValue: header.type) else {
            throw .unsupportedMessageType(reader.context("header.type", at: 1), type: header.type)
        }
        guard type == .hello || header.version == OpenFlowHeader.version13 else {
            throw .unsupportedVersion(reader.context("header.version", at: 0), version: header.version)
        }
        version = header.version
        xid = header.xid
        payload = try Self.decodePayload(type, reader: &reader)
        try reader.expectEnd(type.description + " body")
    }

    private static func decodePayload(_ type: OpenFlowMessageType, reader: inout WireReader) throws(OpenFlowError) -> Payload {
        switch type {
        case .hello: return .hello(try Hello(reader: &reader))
        case .error: return .error(try ErrorMessage(reader: &reader))
        case .echoRequest: return .echoRequest(reader.readRest())
        case .echoReply: return .echoReply(reader.readRest())
        case .featuresRequest: return .featuresRequest
        case .featuresReply: return .featuresReply(try SwitchFeatures(reader: &reader))
        case .getConfigRequest: return .getConfigRequest
        case .getConfigReply: return .getConfigReply(try SwitchConfig(reader: &reader))
        case .setConfig: return .setConfig(try SwitchConfig(reader: &reader))
        case .packetIn: return .packetIn(try PacketIn(reader: &reader))
        case .flowRemoved: return .flowRemoved(try FlowRemoved(reader: &reader))
        case .portStatus: return .portStatus(try PortStatus(reader: &reader))
        case .packetOut: return .packetOut(try PacketOut(reader: &reader))
        case .flowMod: return .flowMod(try FlowMod(reader: &reader))
        case .groupMod: return .groupMod(try GroupMod(reader: &reader))
        case .meterMod: return .meterMod(try MeterMod(reader: &reader))
        case .multipartRequest: return .multipartRequest(try MultipartRequest(reader: &reader))
        case .multipartReply: return .multipartReply(try MultipartReply(reader: &reader))
        case .barrierRequest: return .barrierRequest
        case .barrierReply: return .barrierReply
        case .roleRequest: return .roleRequest(try RoleRequest(reader: &reader))
        case .roleReply: return .roleReply(try RoleRequest(reader: &reader))
        case .experimenter, .portMod, .tableMod, .queueGetConfigRequest, .queueGetConfigReply,
             .getAsyncRequest, .getAsyncReply, .setAsync:
            throw .unsupportedMessageType(reader.context("header.type", at: 1), type: type.rawValue)
        }
    }

    private func encodeBody(to writer: inout WireWriter) throws(OpenFlowError) {
        switch payload {
        case .hello(let hello): try hello.encode(to: &writer)
        case .error(let error): error.encode(to: &writer)
        case .echoRequest(let data), .echoReply(let data): writer.writeBytes(data)
        case .featuresRequest, .getConfigRequest, .barrierRequest, .barrierReply: break
        case .featuresReply(let features): features.encode(to: &writer)
        case .getConfigReply(let config), .setConfig(let config): config.encode(to: &writer)
        case .packetIn(let packetIn): try packetIn.encode(to: &writer)
        case .flowRemoved(let flowRemoved): try flowRemoved.encode(to: &writer)
        case .portStatus(let status): status.encode(to: &writer)
        case .packetOut(let packetOut): try packetOut.encode(to: &writer)
        case .flowMod(let flowMod): try flowMod.encode(to: &writer)
        case .groupMod(let groupMod): try groupMod.encode(to: &writer)
        case .meterMod(let meterMod): try meterMod.encode(to: &writer)
        case .multipartRequest(let request): try request.encode(to: &writer)
        case .multipartReply(let reply): try reply.encode(to: &writer)
        case .roleRequest(let request), .roleReply(let request): request.encode(to: &writer)
        }
    }
}
