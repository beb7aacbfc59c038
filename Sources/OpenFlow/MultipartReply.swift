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
        case groupDescription([GroupDescription])
        case meter([MeterStats])

        public var type: MultipartType {
            switch self {
            case .portDescription: .portDescription
            case .portStats: .portStats
            case .flow: .flow
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
        writer.writeU16(body.type.rawValue)
        writer.writeU16(moreFollows ? 1 : 0)
        writer.writeZeros(4)
        switch body {
        case .portDescription(let ports):
            for port in ports {
                port.encode(to: &writer)
            }
        case .portStats(let stats):
            for entry in stats {
                entry.encode(to: &writer)
            }
        case .flow(let flows):
            for flow in flows {
                try flow.encode(to: &writer)
            }
        case .groupDescription(let groups):
            for group in groups {
                try group.encode(to: &writer)
            }
        case .meter(let meters):
            for meter in meters {
                try meter.encode(to: &writer)
            }
        }
    }

    init(reader: inout WireReader) throws(OpenFlowError) {
        let type = try MultipartType(reader: &reader, field: "multipart_reply.type")
        moreFollows = try reader.readU16("multipart_reply.flags") & 1 == 1
        try reader.skip(4, "multipart_reply.pad")
        switch type {
        case .portDescription:
            body = .portDescription(try Self.fixedSizeList(&reader, size: PortDescription.size, field: "port_desc") {
                (sub: inout WireReader) throws(OpenFlowError) in try PortDescription(reader: &sub)
            })
        case .portStats:
            body = .portStats(try Self.fixedSizeList(&reader, size: PortStats.size, field: "port_stats") {
                (sub: inout WireReader) throws(OpenFlowError) in try PortStats(reader: &sub)
            })
        case .flow:
            body = .flow(try reader.readList("flow_stats", lengthOffset: 0, minimum: 56, multipleOf8: true) {
                (sub: inout WireReader) throws(OpenFlowError) in try FlowStats(reader: &sub)
            })
        case .groupDescription:
            body = .groupDescription(try reader.readList("group_desc", lengthOffset: 0, minimum: 8, multipleOf8: true) {
                (sub: inout WireReader) throws(OpenFlowError) in try GroupDescription(reader: &sub)
            })
        case .meter:
            body = .meter(try reader.readList("meter_stats", lengthOffset: 4, minimum: 40, multipleOf8: true) {
                (sub: inout WireReader) throws(OpenFlowError) in try MeterStats(reader: &sub)
            })
        }
    }

    private static func fixedSizeList<Element>(
        _ reader: inout WireReader, size: Int, field: String,
        element: (inout WireReader) throws(OpenFlowError) -> Element
    ) throws(OpenFlowError) -> [Element] {
        guard reader.remaining % size == 0 else {
            throw .badLength(reader.context(field), length: reader.remaining, reason: "not a multiple of the \(size)-byte \(field) entry")
        }
        var elements: [Element] = []
        while !reader.isAtEnd {
            var sub = try reader.subReader(length: size, field: field)
            elements.append(try element(&sub))
        }
        return elements
    }
}
