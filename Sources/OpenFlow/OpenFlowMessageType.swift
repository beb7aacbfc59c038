/// The `ofp_type` values of OpenFlow 1.3 (`OFPT_*`).
public enum OpenFlowMessageType: UInt8, CaseIterable, Hashable, Sendable, CustomStringConvertible {
    case hello = 0
    case error = 1
    case echoRequest = 2
    case echoReply = 3
    case experimenter = 4
    case featuresRequest = 5
    case featuresReply = 6
    case getConfigRequest = 7
    case getConfigReply = 8
    case setConfig = 9
    case packetIn = 10
    case flowRemoved = 11
    case portStatus = 12
    case packetOut = 13
    case flowMod = 14
    case groupMod = 15
    case portMod = 16
    case tableMod = 17
    case multipartRequest = 18
    case multipartReply = 19
    case barrierRequest = 20
    case barrierReply = 21
    case queueGetConfigRequest = 22
    case queueGetConfigReply = 23
    case roleRequest = 24
    case roleReply = 25
    case getAsyncRequest = 26
    case getAsyncReply = 27
    case setAsync = 28
    case meterMod = 29

    /// The spec's constant name, e.g. `OFPT_FLOW_MOD`.
    public var description: String {
        "OFPT_" + Self.names[Int(rawValue)]
    }

    private static let names = [
            "HELLO", "ERROR", "ECHO_REQUEST", "ECHO_REPLY", "EXPERIMENTER", "FEATURES_REQUEST",
            "FEATURES_REPLY", "GET_CONFIG_REQUEST", "GET_CONFIG_REPLY", "SET_CONFIG", "PACKET_IN",
            "FLOW_REMOVED", "PORT_STATUS", "PACKET_OUT", "FLOW_MOD", "GROUP_MOD", "PORT_MOD", "TABLE_MOD",
            "MULTIPART_REQUEST", "MULTIPART_REPLY", "BARRIER_REQUEST", "BARRIER_REPLY",
            "QUEUE_GET_CONFIG_REQUEST", "QUEUE_GET_CONFIG_REPLY", "ROLE_REQUEST", "ROLE_REPLY",
            "GET_ASYNC_REQUEST", "GET_ASYNC_REPLY", "SET_ASYNC", "METER_MOD",
    ]

    /// The constant name of a raw type, or `type N` when OpenFlow 1.3 does not define it.
    public static func name(of rawType: UInt8) -> String {
        OpenFlowMessageType(rawValue: rawType)?.description ?? "type \(rawType)"
    }
}
