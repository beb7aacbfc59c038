@testable import OpenFlow

/// Builds, from our own decoded values, the summary os_ken_check.py builds from os-ken's parse,
/// using os-ken's attribute names: the two must be equal field for field.
enum OsKenSummary {
    static func of(_ message: OpenFlowMessage) -> JSONValue {
        var out: [String: JSONValue] = ["version": n(message.version), "type": n(message.type.rawValue), "xid": n(message.xid)]
        switch message.payload {
        case .hello(let hello):
            out["versions"] = .array(hello.versions.map(n))
        case .error(let error):
            out["err_type"] = n(error.type)
            out["code"] = n(error.code)
            out["data"] = .string(hexString(error.data))
        case .echoRequest(let data), .echoReply(let data):
            out["data"] = .string(hexString(data))
        case .featuresReply(let features):
            out.merge(["datapath_id": n(features.datapathID), "n_buffers": n(features.bufferCount), "n_tables": n(features.tableCount),
                       "auxiliary_id": n(features.auxiliaryID), "capabilities": n(features.capabilities.rawValue)]) { $1 }
        case .getConfigReply(let config):
            out["flags"] = n(config.flags)
            out["miss_send_len"] = n(config.missSendLength)
        case .packetIn(let packetIn):
            out.merge(["buffer_id": n(packetIn.bufferID), "total_len": n(packetIn.totalLength), "reason": n(packetIn.reason.rawValue),
                       "table_id": n(packetIn.tableID), "cookie": n(packetIn.cookie), "match": match(packetIn.match),
                       "data": .string(hexString(packetIn.data))]) { $1 }
        case .flowRemoved(let removed):
            out.merge(["cookie": n(removed.cookie), "priority": n(removed.priority), "reason": n(removed.reason.rawValue),
                       "table_id": n(removed.tableID), "duration_sec": n(removed.durationSeconds),
                       "duration_nsec": n(removed.durationNanoseconds), "idle_timeout": n(removed.idleTimeout),
                       "hard_timeout": n(removed.hardTimeout), "packet_count": n(removed.packetCount),
                       "byte_count": n(removed.byteCount), "match": match(removed.match)]) { $1 }
        case .portStatus(let status):
            out["reason"] = n(status.reason.rawValue)
            out["desc"] = port(status.port)
        case .flowMod(let mod):
            out.merge(["cookie": n(mod.cookie), "cookie_mask": n(mod.cookieMask), "table_id": n(mod.tableID),
                       "command": n(mod.command.rawValue), "idle_timeout": n(mod.idleTimeout), "hard_timeout": n(mod.hardTimeout),
                       "priority": n(mod.priority), "buffer_id": n(mod.bufferID), "out_port": n(mod.outPort),
                       "out_group": n(mod.outGroup), "flags": n(mod.flags.rawValue), "match": match(mod.match),
                       "instructions": .array(mod.instructions.map(instruction))]) { $1 }
        case .multipartReply(let reply):
            out["mp_type"] = n(reply.body.type.rawValue)
            out["flags"] = n(reply.moreFollows ? 1 : 0)
            out["body"] = multipartBody(reply.body)
        case .barrierReply:
            break
        case .roleReply(let reply):
            out["role"] = n(reply.role.rawValue)
            out["generation_id"] = n(reply.generationID)
        case .featuresRequest, .getConfigRequest, .setConfig, .packetOut, .groupMod, .meterMod, .multipartRequest, .barrierRequest, .roleRequest:
            out["unsupported"] = .string("os-ken does not parse \(message.type)")
        }
        return .object(out)
    }

    private static func n(_ value: some BinaryInteger) -> JSONValue { .string(String(value)) }

    private static func multipartBody(_ body: MultipartReply.Body) -> JSONValue {
        switch body {
        case .portDescription(let ports):
            return .array(ports.map(port))
        case .portStats(let stats):
            return .array(stats.map { entry in
                .object(["port_no": n(entry.portNumber), "rx_packets": n(entry.rxPackets), "tx_packets": n(entry.txPackets),
                         "rx_bytes": n(entry.rxBytes), "tx_bytes": n(entry.txBytes), "rx_dropped": n(entry.rxDropped),
                         "tx_dropped": n(entry.txDropped), "rx_errors": n(entry.rxErrors), "tx_errors": n(entry.txErrors),
                         "rx_frame_err": n(entry.rxFrameErrors), "rx_over_err": n(entry.rxOverrunErrors),
                         "rx_crc_err": n(entry.rxCRCErrors), "collisions": n(entry.collisions),
                         "duration_sec": n(entry.durationSeconds), "duration_nsec": n(entry.durationNanoseconds)])
            })
        case .flow(let flows):
            return .array(flows.map { flow in
                .object(["table_id": n(flow.tableID), "duration_sec": n(flow.durationSeconds), "duration_nsec": n(flow.durationNanoseconds),
                         "priority": n(flow.priority), "idle_timeout": n(flow.idleTimeout), "hard_timeout": n(flow.hardTimeout),
                         "flags": n(flow.flags.rawValue), "cookie": n(flow.cookie), "packet_count": n(flow.packetCount),
                         "byte_count": n(flow.byteCount), "match": match(flow.match),
                         "instructions": .array(flow.instructions.map(instruction))])
            })
        case .group(let groups):
            return .array(groups.map { group in
                .object(["group_id": n(group.groupID), "ref_count": n(group.referenceCount), "packet_count": n(group.packetCount),
                         "byte_count": n(group.byteCount), "duration_sec": n(group.durationSeconds),
                         "duration_nsec": n(group.durationNanoseconds),
                         "bucket_stats": .array(group.bucketStats.map { .array([n($0.packetCount), n($0.byteCount)]) })])
            })
        case .groupDescription(let groups):
            return .array(groups.map { group in
                .object(["type": n(group.type.rawValue), "group_id": n(group.groupID), "buckets": .array(group.buckets.map(bucket))])
            })
        case .meter(let meters):
            return .array(meters.map { meter in
                .object(["meter_id": n(meter.meterID), "flow_count": n(meter.flowCount), "packet_in_count": n(meter.packetInCount),
                         "byte_in_count": n(meter.byteInCount), "duration_sec": n(meter.durationSeconds),
                         "duration_nsec": n(meter.durationNanoseconds),
                         "band_stats": .array(meter.bandStats.map { .array([n($0.packetCount), n($0.byteCount)]) })])
            })
        }
    }

    private static func port(_ port: PortDescription) -> JSONValue {
        .object(["port_no": n(port.portNumber), "hw_addr": n(port.hardwareAddress), "name": .string(port.name),
                 "config": n(port.config.rawValue), "state": n(port.state.rawValue), "curr": n(port.currentFeatures.rawValue),
                 "advertised": n(port.advertisedFeatures.rawValue), "supported": n(port.supportedFeatures.rawValue),
                 "peer": n(port.peerFeatures.rawValue), "curr_speed": n(port.currentSpeedKbps), "max_speed": n(port.maxSpeedKbps)])
    }

    private static func bucket(_ bucket: Bucket) -> JSONValue {
        .object(["weight": n(bucket.weight), "watch_port": n(bucket.watchPort), "watch_group": n(bucket.watchGroup),
                 "actions": .array(bucket.actions.map(action))])
    }

    private static func instruction(_ instruction: Instruction) -> JSONValue {
        var out: [String: JSONValue] = ["type": n(instruction.typeCode)]
        switch instruction {
        case .gotoTable(let table): out["table_id"] = n(table)
        case .writeMetadata(let value, let mask): out["metadata"] = n(value); out["metadata_mask"] = n(mask)
        case .writeActions(let actions), .applyActions(let actions): out["actions"] = .array(actions.map(action))
        case .clearActions: out["actions"] = .array([])
        case .meter(let meter): out["meter_id"] = n(meter)
        case .experimenter: break
        }
        return .object(out)
    }

    private static func action(_ action: Action) -> JSONValue {
        var out: [String: JSONValue] = ["type": n(action.typeCode)]
        switch action {
        case .output(let port, let maxLength): out["port"] = n(port); out["max_len"] = n(maxLength)
        case .group(let group): out["group_id"] = n(group)
        case .setQueue(let queue): out["queue_id"] = n(queue)
        case .pushVLAN(let etherType): out["ethertype"] = n(etherType)
        case .setField(let field): out["field"] = oxm(field)
        case .setNetworkTTL(let ttl): out["nw_ttl"] = n(ttl)
        case .outputTruncated(let port, let maxLength):
            out["experimenter"] = n(Action.niciraExperimenterID); out["subtype"] = n(Action.niciraOutputTruncSubtype)
            out["port"] = n(UInt16(truncatingIfNeeded: port)); out["max_len"] = n(maxLength)
        default: break
        }
        return .object(out)
    }

    private static func match(_ match: Match) -> JSONValue {
        .array(match.fields.map(oxm))
    }

    private static func oxm(_ field: OXMField) -> JSONValue {
        func entry(_ name: String, _ value: some BinaryInteger, _ mask: (some BinaryInteger)?) -> JSONValue {
            let maskValue: JSONValue = if let mask { n(mask) } else { .null }
            return .array([.string(name), n(value), maskValue])
        }
        let none: UInt64? = nil
        switch field {
        case .inPort(let value): return entry("in_port", value, none)
        case .inPhysicalPort(let value): return entry("in_phy_port", value, none)
        case .metadata(let value, let mask): return entry("metadata", value, mask)
        case .ethDst(let value, let mask): return entry("eth_dst", value, mask)
        case .ethSrc(let value, let mask): return entry("eth_src", value, mask)
        case .ethType(let value): return entry("eth_type", value, none)
        case .vlanVID(let value, let mask): return entry("vlan_vid", value, mask)
        case .vlanPCP(let value): return entry("vlan_pcp", value, none)
        case .ipDSCP(let value): return entry("ip_dscp", value, none)
        case .ipECN(let value): return entry("ip_ecn", value, none)
        case .ipProto(let value): return entry("ip_proto", value, none)
        case .ipv4Src(let value, let mask): return entry("ipv4_src", value, mask)
        case .ipv4Dst(let value, let mask): return entry("ipv4_dst", value, mask)
        case .tcpSrc(let value): return entry("tcp_src", value, none)
        case .tcpDst(let value): return entry("tcp_dst", value, none)
        case .udpSrc(let value): return entry("udp_src", value, none)
        case .udpDst(let value): return entry("udp_dst", value, none)
        case .icmpv4Type(let value): return entry("icmpv4_type", value, none)
        case .icmpv4Code(let value): return entry("icmpv4_code", value, none)
        case .arpOp(let value): return entry("arp_op", value, none)
        case .arpSPA(let value, let mask): return entry("arp_spa", value, mask)
        case .arpTPA(let value, let mask): return entry("arp_tpa", value, mask)
        case .arpSHA(let value, let mask): return entry("arp_sha", value, mask)
        case .arpTHA(let value, let mask): return entry("arp_tha", value, mask)
        case .tunnelID(let value, let mask): return entry("tunnel_id", value, mask)
        case .other(let oxmClass, let field, _, _): return entry("class_\(oxmClass)_field_\(field)", 0, none)
        }
    }
}
