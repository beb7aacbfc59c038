/// The body of `OFPT_MULTIPART_REPLY`. A long reply arrives as several messages with the same xid,
/// all but the last with ``moreFollows`` (`OFPMPF_REPLY_MORE`) set; concatenate their bodies.
public struct MultipartReply: Hashable, Sendable {
    /// `OFPMPF_REPLY_MORE`: more reply parts with the same xid follow.
    public var moreFollows: Bool
    public var body: Body

    /// The reported items.
    public enum Body: Hashable, Sendable {
        case portDescription([PortDescription])
        case portStats([PortStats])
        case flow([FlowStats])
        case group([GroupStats])
        case groupDescription([GroupDescription])
        case meter([MeterStats])

        public var type: MultipartType {
            switch self {
            case .portDescription: .portDescription
            case .portStats: .portStats
            case .flow: .flow
            case .group: .group
            case .groupDescription: .groupDescription
            case .meter: .meter
            }
        }
    }

    public init(_ body: Body, moreFollows: Bool = false) {
        self.body = body
        self.moreFollows = moreFollows
    }

    func encode(to writer: inout WireWriter) throws(OpenFlowError) {
        body.type.writeHeader(moreFollows: moreFollows, to: &writer)
        switch body {
        case .portDescription(let ports): try writer.write(ports)
        case .portStats(let stats): try writer.write(stats)
        case .flow(let flows): try writer.write(flows)
        case .group(let groups): try writer.write(groups)
        case .groupDescription(let groups): try writer.write(groups)
        case .meter(let meters): try writer.write(meters)
        }
    }

    init(reader: inout WireReader) throws(OpenFlowError) {
        let header = try MultipartType.readHeader(&reader, kind: "multipart_reply")
        moreFollows = header.moreFollows
        switch header.type {
        case .portDescription:
            body = .portDescription(try reader.readFixedSizeList(PortDescription.self, size: PortDescription.size, "port_desc"))
        case .portStats:
            body = .portStats(try reader.readFixedSizeList(PortStats.self, size: PortStats.size, "port_stats"))
        case .flow:
            body = .flow(try reader.readList(FlowStats.self, "flow_stats", lengthOffset: 0, minimum: 56))
        case .group:
            body = .group(try reader.readList(GroupStats.self, "group_stats", lengthOffset: 0, minimum: 40))
        case .groupDescription:
            body = .groupDescription(try reader.readList(GroupDescription.self, "group_desc", lengthOffset: 0, minimum: 8))
        case .meter:
            body = .meter(try reader.readList(MeterStats.self, "meter_stats", lengthOffset: 4, minimum: 40))
        }
    }
}
