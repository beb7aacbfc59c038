/// The body of `OFPT_MULTIPART_REQUEST`: a statistics or description query.
public struct MultipartRequest: Hashable, Sendable {
    /// `OFPMPF_REQ_MORE`: more request parts with the same xid follow.
    public var moreFollows: Bool
    public var body: Body

    /// What is asked for.
    public enum Body: Hashable, Sendable {
        /// `OFPMP_PORT_DESC`: every port's description.
        case portDescription
        /// `OFPMP_PORT_STATS` for one port or `OpenFlowPort.any` for all.
        case portStats(portNumber: UInt32 = OpenFlowPort.any)
        /// `OFPMP_FLOW`: the flow entries selected by the request.
        case flow(FlowStatsRequest)
        /// `OFPMP_GROUP` for one group or `OpenFlowID.allGroups`: counters per group and bucket.
        case group(groupID: UInt32 = OpenFlowID.allGroups)
        /// `OFPMP_GROUP_DESC`: every group.
        case groupDescription
        /// `OFPMP_METER` for one meter or `OpenFlowID.allMeters`.
        case meter(meterID: UInt32 = OpenFlowID.allMeters)

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
        case .portDescription, .groupDescription:
            break
        case .portStats(let port):
            writer.writeU32(port)
            writer.writeZeros(4)
        case .meter(let meter):
            writer.writeU32(meter)
            writer.writeZeros(4)
        case .group(let group):
            writer.writeU32(group)
            writer.writeZeros(4)
        case .flow(let request):
            try request.encode(to: &writer)
        }
    }

    init(reader: inout WireReader) throws(OpenFlowError) {
        let header = try MultipartType.readHeader(&reader, kind: "multipart_request")
        moreFollows = header.moreFollows
        switch header.type {
        case .portDescription:
            body = .portDescription
        case .groupDescription:
            body = .groupDescription
        case .portStats:
            let port = try reader.readU32("port_stats_request.port_no")
            try reader.skip(4, "port_stats_request.pad")
            body = .portStats(portNumber: port)
        case .group:
            let group = try reader.readU32("group_stats_request.group_id")
            try reader.skip(4, "group_stats_request.pad")
            body = .group(groupID: group)
        case .meter:
            let meter = try reader.readU32("meter_multipart_request.meter_id")
            try reader.skip(4, "meter_multipart_request.pad")
            body = .meter(meterID: meter)
        case .flow:
            body = .flow(try FlowStatsRequest(reader: &reader))
        }
        try reader.expectEnd("multipart_request.body")
    }
}
