@testable import OpenFlow

/// Bytes from a hex string; spaces, newlines and `|` (field separators in golden layouts) are ignored.
func hex(_ text: String) -> [UInt8] {
    let digits = text.filter(\.isHexDigit)
    var bytes: [UInt8] = []
    var index = digits.startIndex
    while index < digits.endIndex {
        let next = digits.index(index, offsetBy: 2, limitedBy: digits.endIndex) ?? digits.endIndex
        bytes.append(UInt8(digits[index..<next], radix: 16) ?? 0)
        index = next
    }
    return bytes
}

/// Lowercase hex without separators.
func hexString(_ bytes: [UInt8]) -> String {
    bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
}

/// Messages used by the golden, round-trip, os-ken and fuzz tests: one or more of every payload.
enum Samples {
    static let port1 = PortDescription(
        portNumber: 1, hardwareAddress: 0x0200_0000_0001, name: "s1-eth1", config: [], state: [.live],
        currentFeatures: [.rate10GbFD, .copper], advertisedFeatures: [], supportedFeatures: [.rate10GbFD],
        peerFeatures: [], currentSpeedKbps: 10_000_000, maxSpeedKbps: 10_000_000)

    static let flowMatch: Match = [.inPort(1), .ethType(0x0800), .ipv4Dst(0x0a00_0000, mask: 0xffff_ff00)]

    static let richMatch: Match = [
        .inPort(3), .ethDst(0x0200_0000_0002), .ethSrc(0x0200_0000_0000, mask: 0xffff_ff00_0000), .ethType(0x0800),
        .vlanVID(OXMField.vlanPresent | 10), .ipDSCP(46), .ipProto(6), .ipv4Src(0x0a00_0001), .ipv4Dst(0x0a01_0000, mask: 0xffff_0000),
        .tcpSrc(1234), .tcpDst(80),
    ]

    static let flowMod = FlowMod(
        command: .add, tableID: 1, priority: 200, match: richMatch,
        instructions: [
            .meter(5),
            .applyActions([.pushVLAN(), .setField(.vlan(3901)), .output(port: 2, maxLength: 0), .popVLAN]),
            .writeActions([.setQueue(1), .group(7)]),
            .clearActions,
            .gotoTable(2),
        ],
        cookie: 0x0000_0001_0000_0002, cookieMask: 0, idleTimeout: 30, hardTimeout: 300, flags: [.sendFlowRemoved])

    /// Every payload kind, keyed by a stable name (the os-ken helper uses the same names).
    static let messages: [(name: String, message: OpenFlowMessage)] = [
        ("hello", OpenFlowMessage(xid: 1, .hello(Hello()))),
        ("error", OpenFlowMessage(xid: 2, .error(ErrorMessage(type: .badMatch, code: 6, data: hex("0401004c00000007"))))),
        ("echo_request", OpenFlowMessage(xid: 3, .echoRequest(Array("ping".utf8)))),
        ("echo_reply", OpenFlowMessage(xid: 4, .echoReply(Array("ping".utf8)))),
        ("features_request", OpenFlowMessage(xid: 5, .featuresRequest)),
        ("features_reply", OpenFlowMessage(xid: 6, .featuresReply(SwitchFeatures(datapathID: 0x0a, bufferCount: 256, tableCount: 254, capabilities: [.flowStats, .portStats, .groupStats])))),
        ("get_config_request", OpenFlowMessage(xid: 7, .getConfigRequest)),
        ("get_config_reply", OpenFlowMessage(xid: 8, .getConfigReply(SwitchConfig(flags: 0, missSendLength: 128)))),
        ("set_config", OpenFlowMessage(xid: 9, .setConfig(SwitchConfig()))),
        ("packet_in", OpenFlowMessage(xid: 10, .packetIn(PacketIn(reason: .action, tableID: 0, cookie: 42, match: [.inPort(3)], data: LLDPFrame(sourceMAC: 0x0200_0000_0003, datapathID: 0x0b, portNumber: 2).encoded())))),
        ("flow_removed", OpenFlowMessage(xid: 11, .flowRemoved(FlowRemoved(cookie: 9, priority: 100, reason: .idleTimeout, tableID: 1, durationSeconds: 61, durationNanoseconds: 500, idleTimeout: 60, hardTimeout: 0, packetCount: 10, byteCount: 1000, match: flowMatch)))),
        ("port_status", OpenFlowMessage(xid: 12, .portStatus(PortStatus(reason: .modify, port: port1)))),
        ("packet_out", OpenFlowMessage(xid: 13, .packetOut(PacketOut(actions: [.output(port: 1)], data: LLDPFrame(sourceMAC: 0x0200_0000_0001, datapathID: 0x0a, portNumber: 1, instance: "weft").encoded())))),
        ("flow_mod", OpenFlowMessage(xid: 14, .flowMod(flowMod))),
        ("flow_mod_delete", OpenFlowMessage(xid: 15, .flowMod(FlowMod(command: .delete, tableID: OpenFlowID.allTables, cookie: 0x0000_0001_0000_0000, cookieMask: 0xffff_ffff_0000_0000)))),
        ("flow_mod_delete_strict", OpenFlowMessage(xid: 16, .flowMod(FlowMod(command: .deleteStrict, tableID: 0, priority: 10, match: [.ethType(0x0806)], outPort: 4)))),
        ("flow_mod_output_trunc", OpenFlowMessage(xid: 35, .flowMod(FlowMod(tableID: 3, priority: 100, match: [.inPort(1)], instructions: [.applyActions([.output(port: 2), .outputTruncated(port: 7, maxLength: 96)])])))),
        ("flow_mod_modify", OpenFlowMessage(xid: 17, .flowMod(FlowMod(command: .modify, tableID: 1, match: [.ethType(0x0800), .ipProto(17), .udpSrc(53), .udpDst(5353)], instructions: [.applyActions([.setField(.ipDSCP(10)), .output(port: OpenFlowPort.controller, maxLength: 128)])])))),
        ("group_mod_all", OpenFlowMessage(xid: 18, .groupMod(GroupMod(type: .all, groupID: 1, buckets: [Bucket(actions: [.output(port: 1)]), Bucket(actions: [.pushVLAN(), .setField(.vlan(3900)), .output(port: 5)])])))),
        ("group_mod_select", OpenFlowMessage(xid: 19, .groupMod(GroupMod(type: .select, groupID: 2, buckets: [Bucket(weight: 3, actions: [.output(port: 3)]), Bucket(weight: 1, actions: [.output(port: 4)])])))),
        ("group_mod_ff", OpenFlowMessage(xid: 20, .groupMod(GroupMod(command: .modify, type: .fastFailover, groupID: 3, buckets: [Bucket(watchPort: 3, actions: [.output(port: 3)]), Bucket(watchGroup: 2, actions: [.group(2)])])))),
        ("meter_mod", OpenFlowMessage(xid: 21, .meterMod(MeterMod(flags: [.kbps, .burst, .stats], meterID: 1, bands: [.drop(rate: 10_000, burstSize: 1_000)])))),
        ("meter_mod_pktps", OpenFlowMessage(xid: 22, .meterMod(MeterMod(command: .modify, flags: [.packetsPerSecond], meterID: 2, bands: [.drop(rate: 500), .dscpRemark(rate: 100, precedenceLevel: 1)])))),
        ("mp_port_desc_request", OpenFlowMessage(xid: 23, .multipartRequest(MultipartRequest(.portDescription)))),
        ("mp_port_desc_reply", OpenFlowMessage(xid: 24, .multipartReply(MultipartReply(.portDescription([port1, PortDescription(portNumber: 2, hardwareAddress: 0x0200_0000_0002, name: "s1-eth2", config: [.portDown], state: [.linkDown])]), moreFollows: true)))),
        ("mp_port_stats_request", OpenFlowMessage(xid: 25, .multipartRequest(MultipartRequest(.portStats())))),
        ("mp_port_stats_reply", OpenFlowMessage(xid: 26, .multipartReply(MultipartReply(.portStats([PortStats(portNumber: 1, rxPackets: 1, txPackets: 2, rxBytes: 3, txBytes: 4, rxDropped: 5, txDropped: 6, rxErrors: 7, txErrors: 8, rxFrameErrors: 9, rxOverrunErrors: 10, rxCRCErrors: 11, collisions: 12, durationSeconds: 13, durationNanoseconds: 14)]))))),
        ("mp_flow_request", OpenFlowMessage(xid: 27, .multipartRequest(MultipartRequest(.flow(FlowStatsRequest(cookie: 0x0000_0001_0000_0000, cookieMask: 0xffff_ffff_0000_0000)))))),
        ("mp_flow_reply", OpenFlowMessage(xid: 28, .multipartReply(MultipartReply(.flow([
            FlowStats(tableID: 1, durationSeconds: 5, durationNanoseconds: 6, priority: 200, idleTimeout: 30, hardTimeout: 300, flags: [.sendFlowRemoved], cookie: 2, packetCount: 100, byteCount: 6400, match: flowMatch, instructions: flowMod.instructions),
            FlowStats(tableID: 0, priority: 0, instructions: [.applyActions([.output(port: OpenFlowPort.controller)])]),
        ]))))),
        ("mp_group_desc_request", OpenFlowMessage(xid: 29, .multipartRequest(MultipartRequest(.groupDescription)))),
        ("mp_group_desc_reply", OpenFlowMessage(xid: 30, .multipartReply(MultipartReply(.groupDescription([
            GroupDescription(type: .select, groupID: 2, buckets: [Bucket(weight: 3, actions: [.output(port: 3)]), Bucket(weight: 1, actions: [.output(port: 4)])]),
            GroupDescription(type: .fastFailover, groupID: 3, buckets: [Bucket(watchPort: 3, actions: [.output(port: 3)])]),
        ]))))),
        ("mp_meter_request", OpenFlowMessage(xid: 31, .multipartRequest(MultipartRequest(.meter())))),
        ("mp_meter_reply", OpenFlowMessage(xid: 32, .multipartReply(MultipartReply(.meter([
            MeterStats(meterID: 1, flowCount: 2, packetInCount: 300, byteInCount: 45_000, durationSeconds: 7, durationNanoseconds: 8, bandStats: [MeterStats.BandStats(packetCount: 4, byteCount: 600)]),
            MeterStats(meterID: 2, flowCount: 0),
        ]))))),
        ("mp_group_request", OpenFlowMessage(xid: 38, .multipartRequest(MultipartRequest(.group())))),
        ("mp_group_reply", OpenFlowMessage(xid: 39, .multipartReply(MultipartReply(.group([
            GroupStats(groupID: 0x0100_0001, referenceCount: 2, packetCount: 300, byteCount: 45_000, durationSeconds: 7, durationNanoseconds: 8,
                       bucketStats: [GroupStats.BucketStats(packetCount: 100, byteCount: 15_000), GroupStats.BucketStats(packetCount: 200, byteCount: 30_000)]),
            GroupStats(groupID: 5),
        ]))))),
        ("barrier_request", OpenFlowMessage(xid: 33, .barrierRequest)),
        ("barrier_reply", OpenFlowMessage(xid: 34, .barrierReply)),
        ("role_request", OpenFlowMessage(xid: 36, .roleRequest(RoleRequest(role: .master, generationID: 0x0102_0304_0506_0708)))),
        ("role_reply", OpenFlowMessage(xid: 37, .roleReply(RoleRequest(role: .slave, generationID: 42)))),
    ]
}
