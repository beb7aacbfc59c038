"""Independent check of Weft's OpenFlow 1.3 codec against os-ken (run with /usr/bin/python3).

stdin:  {"ours": {case name: hex of a message encoded by Weft}}
stdout: {"parsed": {name: summary or {"error": text}},   # Weft's bytes decoded by os-ken's parser
         "built":  {name: hex},                          # the same cases built and serialized by os-ken
         "lldp":   {name: hex}}                          # os-ken's own discovery LLDP frames

Summaries use os-ken's attribute names; every integer is written as a decimal string so that 64-bit
values survive JSON. The Swift test (OsKenCrossCheckTests) builds the same summary from its own
decoded values and compares them field by field, and decodes the "built" bytes with Weft's decoder.
Case names and values mirror Samples.messages in TestSupport.swift.
"""
import json
import sys

from os_ken.lib import addrconv
from os_ken.ofproto import ofproto_parser, ofproto_protocol
from os_ken.ofproto import ofproto_v1_3 as ofp
from os_ken.ofproto import ofproto_v1_3_parser as parser
from os_ken.topology.switches import LLDPPacket

DP = ofproto_protocol.ProtocolDesc(version=ofp.OFP_VERSION)


def s(value):
    return str(int(value))


def oxm(name, user_value):
    _, value, mask = ofp.oxm_from_user(name, user_value)
    as_int = lambda raw: int.from_bytes(raw, "big") if isinstance(raw, (bytes, bytearray)) else int(raw)
    return [name, s(as_int(value)), None if mask is None else s(as_int(mask))]


def match(m):
    return [oxm(name, value) for name, value in m._fields2]


def action(a):
    out = {"type": s(a.type)}
    if isinstance(a, parser.OFPActionOutput):
        out.update(port=s(a.port), max_len=s(a.max_len))
    elif isinstance(a, parser.OFPActionGroup):
        out.update(group_id=s(a.group_id))
    elif isinstance(a, parser.OFPActionSetQueue):
        out.update(queue_id=s(a.queue_id))
    elif isinstance(a, parser.OFPActionPushVlan):
        out.update(ethertype=s(a.ethertype))
    elif isinstance(a, parser.OFPActionSetField):
        out.update(field=oxm(a.key, a.value))
    elif isinstance(a, parser.OFPActionSetNwTtl):
        out.update(nw_ttl=s(a.nw_ttl))
    elif isinstance(a, parser.NXActionOutputTrunc):
        out.update(experimenter=s(a.experimenter), subtype=s(a.subtype), port=s(a.port), max_len=s(a.max_len))
    return out


def instruction(i):
    out = {"type": s(i.type)}
    if isinstance(i, parser.OFPInstructionGotoTable):
        out.update(table_id=s(i.table_id))
    elif isinstance(i, parser.OFPInstructionWriteMetadata):
        out.update(metadata=s(i.metadata), metadata_mask=s(i.metadata_mask))
    elif isinstance(i, parser.OFPInstructionActions):
        out.update(actions=[action(a) for a in i.actions])
    elif isinstance(i, parser.OFPInstructionMeter):
        out.update(meter_id=s(i.meter_id))
    return out


def bucket(b):
    return {"weight": s(b.weight), "watch_port": s(b.watch_port), "watch_group": s(b.watch_group),
            "actions": [action(a) for a in b.actions]}


def port(p):
    return {"port_no": s(p.port_no), "hw_addr": s(int.from_bytes(addrconv.mac.text_to_bin(p.hw_addr), "big")),
            "name": p.name.decode("utf-8") if isinstance(p.name, bytes) else p.name,
            "config": s(p.config), "state": s(p.state), "curr": s(p.curr), "advertised": s(p.advertised),
            "supported": s(p.supported), "peer": s(p.peer), "curr_speed": s(p.curr_speed), "max_speed": s(p.max_speed)}


def fields(obj, names):
    return {name: s(getattr(obj, name)) for name in names}


PORT_STATS = ["port_no", "rx_packets", "tx_packets", "rx_bytes", "tx_bytes", "rx_dropped", "tx_dropped", "rx_errors",
              "tx_errors", "rx_frame_err", "rx_over_err", "rx_crc_err", "collisions", "duration_sec", "duration_nsec"]
FLOW_STATS = ["table_id", "duration_sec", "duration_nsec", "priority", "idle_timeout", "hard_timeout", "flags", "cookie",
              "packet_count", "byte_count"]
FLOW_MOD = ["cookie", "cookie_mask", "table_id", "command", "idle_timeout", "hard_timeout", "priority", "buffer_id",
            "out_port", "out_group", "flags"]
FLOW_REMOVED = ["cookie", "priority", "reason", "table_id", "duration_sec", "duration_nsec", "idle_timeout", "hard_timeout",
                "packet_count", "byte_count"]
METER_STATS = ["meter_id", "flow_count", "packet_in_count", "byte_in_count", "duration_sec", "duration_nsec"]
GROUP_STATS = ["group_id", "ref_count", "packet_count", "byte_count", "duration_sec", "duration_nsec"]


def multipart_body(msg):
    if msg.type == ofp.OFPMP_PORT_DESC:
        return [port(p) for p in msg.body]
    if msg.type == ofp.OFPMP_PORT_STATS:
        return [fields(p, PORT_STATS) for p in msg.body]
    if msg.type == ofp.OFPMP_FLOW:
        return [dict(fields(f, FLOW_STATS), match=match(f.match), instructions=[instruction(i) for i in f.instructions])
                for f in msg.body]
    if msg.type == ofp.OFPMP_GROUP_DESC:
        return [{"type": s(g.type), "group_id": s(g.group_id), "buckets": [bucket(b) for b in g.buckets]} for g in msg.body]
    if msg.type == ofp.OFPMP_GROUP:
        return [dict(fields(g, GROUP_STATS), bucket_stats=[[s(b.packet_count), s(b.byte_count)] for b in g.bucket_stats])
                for g in msg.body]
    if msg.type == ofp.OFPMP_METER:
        return [dict(fields(m, METER_STATS), band_stats=[[s(b.packet_band_count), s(b.byte_band_count)] for b in m.band_stats])
                for m in msg.body]
    raise ValueError("unexpected multipart type %d" % msg.type)


def summary(msg):
    out = {"version": s(msg.version), "type": s(msg.msg_type), "xid": s(msg.xid)}
    if isinstance(msg, parser.OFPHello):
        versions = []
        for element in msg.elements or []:
            versions += getattr(element, "versions", [])
        out["versions"] = [s(v) for v in sorted(versions)]
    elif isinstance(msg, parser.OFPErrorMsg):
        out.update(err_type=s(msg.type), code=s(msg.code), data=bytes(msg.data).hex())
    elif isinstance(msg, (parser.OFPEchoRequest, parser.OFPEchoReply)):
        out["data"] = bytes(msg.data or b"").hex()
    elif isinstance(msg, parser.OFPSwitchFeatures):
        out.update(fields(msg, ["datapath_id", "n_buffers", "n_tables", "auxiliary_id", "capabilities"]))
    elif isinstance(msg, parser.OFPGetConfigReply):
        out.update(fields(msg, ["flags", "miss_send_len"]))
    elif isinstance(msg, parser.OFPPacketIn):
        out.update(fields(msg, ["buffer_id", "total_len", "reason", "table_id", "cookie"]))
        out.update(match=match(msg.match), data=bytes(msg.data).hex())
    elif isinstance(msg, parser.OFPFlowRemoved):
        out.update(fields(msg, FLOW_REMOVED), match=match(msg.match))
    elif isinstance(msg, parser.OFPPortStatus):
        out.update(reason=s(msg.reason), desc=port(msg.desc))
    elif isinstance(msg, parser.OFPFlowMod):
        out.update(fields(msg, FLOW_MOD), match=match(msg.match), instructions=[instruction(i) for i in msg.instructions])
    elif isinstance(msg, parser.OFPMultipartReply):
        out.update(mp_type=s(msg.type), flags=s(msg.flags), body=multipart_body(msg))
    elif isinstance(msg, parser.OFPBarrierReply):
        pass
    elif isinstance(msg, parser.OFPRoleReply):
        out.update(fields(msg, ["role", "generation_id"]))
    else:
        raise ValueError("no summary for %s" % type(msg).__name__)
    return out


def parse(hex_text):
    buf = bytes.fromhex(hex_text)
    version, msg_type, msg_len, xid = ofproto_parser.header(buf)
    msg = ofproto_parser.msg(DP, version, msg_type, msg_len, xid, buf)
    if msg is None:
        raise ValueError("os-ken could not parse message type %d" % msg_type)
    return summary(msg)


# os-ken parses only what a controller receives (plus FLOW_MOD); these types are checked by "built".
PARSED_TYPES = {ofp.OFPT_HELLO, ofp.OFPT_ERROR, ofp.OFPT_ECHO_REQUEST, ofp.OFPT_ECHO_REPLY, ofp.OFPT_FEATURES_REPLY,
                ofp.OFPT_GET_CONFIG_REPLY, ofp.OFPT_PACKET_IN, ofp.OFPT_FLOW_REMOVED, ofp.OFPT_PORT_STATUS,
                ofp.OFPT_FLOW_MOD, ofp.OFPT_MULTIPART_REPLY, ofp.OFPT_BARRIER_REPLY, ofp.OFPT_ROLE_REPLY}


def built():
    P = parser
    vlan = lambda vid: vid | ofp.OFPVID_PRESENT
    rich_match = P.OFPMatch(in_port=3, eth_dst="02:00:00:00:00:02", eth_src=("02:00:00:00:00:00", "ff:ff:ff:00:00:00"),
                            eth_type=0x0800, vlan_vid=vlan(10), ip_dscp=46, ip_proto=6, ipv4_src="10.0.0.1",
                            ipv4_dst=("10.1.0.0", "255.255.0.0"), tcp_src=1234, tcp_dst=80)
    flow_instructions = [
        P.OFPInstructionMeter(5),
        P.OFPInstructionActions(ofp.OFPIT_APPLY_ACTIONS, [P.OFPActionPushVlan(0x8100), P.OFPActionSetField(vlan_vid=vlan(3901)),
                                                          P.OFPActionOutput(2, 0), P.OFPActionPopVlan()]),
        P.OFPInstructionActions(ofp.OFPIT_WRITE_ACTIONS, [P.OFPActionSetQueue(1), P.OFPActionGroup(7)]),
        P.OFPInstructionActions(ofp.OFPIT_CLEAR_ACTIONS, []),
        P.OFPInstructionGotoTable(2),
    ]
    out = lambda port, max_len=ofp.OFPCML_NO_BUFFER: P.OFPActionOutput(port, max_len)
    cases = {
        "error": P.OFPErrorMsg(DP, type_=ofp.OFPET_BAD_MATCH, code=ofp.OFPBMC_BAD_FIELD, data=bytes.fromhex("0401004c00000007")),
        "echo_request": P.OFPEchoRequest(DP, data=b"ping"),
        "echo_reply": P.OFPEchoReply(DP, data=b"ping"),
        "features_request": P.OFPFeaturesRequest(DP),
        "get_config_request": P.OFPGetConfigRequest(DP),
        "set_config": P.OFPSetConfig(DP, 0, ofp.OFPCML_NO_BUFFER),
        "packet_out": P.OFPPacketOut(DP, buffer_id=ofp.OFP_NO_BUFFER, in_port=ofp.OFPP_CONTROLLER, actions=[out(1)],
                                     data=LLDPPacket.lldp_packet(0x0a, 1, "02:00:00:00:00:01", 120)),
        "flow_mod": P.OFPFlowMod(DP, cookie=0x0000000100000002, cookie_mask=0, table_id=1, command=ofp.OFPFC_ADD,
                                 idle_timeout=30, hard_timeout=300, priority=200, buffer_id=ofp.OFP_NO_BUFFER,
                                 out_port=ofp.OFPP_ANY, out_group=ofp.OFPG_ANY, flags=ofp.OFPFF_SEND_FLOW_REM,
                                 match=rich_match, instructions=flow_instructions),
        "flow_mod_output_trunc": P.OFPFlowMod(DP, table_id=3, command=ofp.OFPFC_ADD, priority=100, buffer_id=ofp.OFP_NO_BUFFER,
                                              out_port=ofp.OFPP_ANY, out_group=ofp.OFPG_ANY, match=P.OFPMatch(in_port=1),
                                              instructions=[P.OFPInstructionActions(ofp.OFPIT_APPLY_ACTIONS, [
                                                  out(2), P.NXActionOutputTrunc(port=7, max_len=96)])]),
        "flow_mod_delete": P.OFPFlowMod(DP, cookie=0x0000000100000000, cookie_mask=0xffffffff00000000, table_id=ofp.OFPTT_ALL,
                                        command=ofp.OFPFC_DELETE, priority=0x8000, buffer_id=ofp.OFP_NO_BUFFER,
                                        out_port=ofp.OFPP_ANY, out_group=ofp.OFPG_ANY, match=P.OFPMatch()),
        "flow_mod_delete_strict": P.OFPFlowMod(DP, table_id=0, command=ofp.OFPFC_DELETE_STRICT, priority=10,
                                               buffer_id=ofp.OFP_NO_BUFFER, out_port=4, out_group=ofp.OFPG_ANY,
                                               match=P.OFPMatch(eth_type=0x0806)),
        "flow_mod_modify": P.OFPFlowMod(DP, table_id=1, command=ofp.OFPFC_MODIFY, priority=0x8000, buffer_id=ofp.OFP_NO_BUFFER,
                                        out_port=ofp.OFPP_ANY, out_group=ofp.OFPG_ANY,
                                        match=P.OFPMatch(eth_type=0x0800, ip_proto=17, udp_src=53, udp_dst=5353),
                                        instructions=[P.OFPInstructionActions(ofp.OFPIT_APPLY_ACTIONS, [
                                            P.OFPActionSetField(ip_dscp=10), out(ofp.OFPP_CONTROLLER, 128)])]),
        "group_mod_all": P.OFPGroupMod(DP, ofp.OFPGC_ADD, ofp.OFPGT_ALL, 1, [
            P.OFPBucket(0, ofp.OFPP_ANY, ofp.OFPG_ANY, [out(1)]),
            P.OFPBucket(0, ofp.OFPP_ANY, ofp.OFPG_ANY, [P.OFPActionPushVlan(0x8100), P.OFPActionSetField(vlan_vid=vlan(3900)), out(5)])]),
        "group_mod_select": P.OFPGroupMod(DP, ofp.OFPGC_ADD, ofp.OFPGT_SELECT, 2, [
            P.OFPBucket(3, ofp.OFPP_ANY, ofp.OFPG_ANY, [out(3)]), P.OFPBucket(1, ofp.OFPP_ANY, ofp.OFPG_ANY, [out(4)])]),
        "group_mod_ff": P.OFPGroupMod(DP, ofp.OFPGC_MODIFY, ofp.OFPGT_FF, 3, [
            P.OFPBucket(0, 3, ofp.OFPG_ANY, [out(3)]), P.OFPBucket(0, ofp.OFPP_ANY, 2, [P.OFPActionGroup(2)])]),
        "meter_mod": P.OFPMeterMod(DP, ofp.OFPMC_ADD, ofp.OFPMF_KBPS | ofp.OFPMF_BURST | ofp.OFPMF_STATS, 1,
                                   [P.OFPMeterBandDrop(10000, 1000)]),
        "meter_mod_pktps": P.OFPMeterMod(DP, ofp.OFPMC_MODIFY, ofp.OFPMF_PKTPS, 2,
                                         [P.OFPMeterBandDrop(500, 0), P.OFPMeterBandDscpRemark(100, 0, 1)]),
        "mp_port_desc_request": P.OFPPortDescStatsRequest(DP, 0),
        "mp_port_stats_request": P.OFPPortStatsRequest(DP, 0, ofp.OFPP_ANY),
        "mp_flow_request": P.OFPFlowStatsRequest(DP, 0, ofp.OFPTT_ALL, ofp.OFPP_ANY, ofp.OFPG_ANY, 0x0000000100000000,
                                                 0xffffffff00000000, P.OFPMatch()),
        "mp_group_desc_request": P.OFPGroupDescStatsRequest(DP, 0),
        "mp_meter_request": P.OFPMeterStatsRequest(DP, 0, ofp.OFPM_ALL),
        "mp_group_request": P.OFPGroupStatsRequest(DP, 0, ofp.OFPG_ALL),
        "barrier_request": P.OFPBarrierRequest(DP),
        "role_request": P.OFPRoleRequest(DP, ofp.OFPCR_ROLE_MASTER, 0x0102030405060708),
    }
    xids = {"error": 2, "echo_request": 3, "echo_reply": 4, "features_request": 5, "get_config_request": 7, "set_config": 9,
            "packet_out": 13, "flow_mod": 14, "flow_mod_output_trunc": 35, "flow_mod_delete": 15, "flow_mod_delete_strict": 16, "flow_mod_modify": 17,
            "group_mod_all": 18, "group_mod_select": 19, "group_mod_ff": 20, "meter_mod": 21, "meter_mod_pktps": 22,
            "mp_port_desc_request": 23, "mp_port_stats_request": 25, "mp_flow_request": 27, "mp_group_desc_request": 29,
            "mp_meter_request": 31, "mp_group_request": 38, "barrier_request": 33, "role_request": 36}
    result = {}
    for name, msg in cases.items():
        msg.set_xid(xids[name])
        msg.serialize()
        result[name] = bytes(msg.buf).hex()
    return result


def main():
    request = json.load(sys.stdin)
    parsed = {}
    for name, hex_text in request.get("ours", {}).items():
        if bytes.fromhex(hex_text)[1] not in PARSED_TYPES:
            continue
        try:
            parsed[name] = parse(hex_text)
        except Exception as error:  # reported per case to the Swift test
            parsed[name] = {"error": "%s: %s" % (type(error).__name__, error)}
    lldp = {"os_ken_dpid_a_port_3": bytes(LLDPPacket.lldp_packet(0x0a, 3, "02:00:00:00:00:0a", 120)).hex(),
            "os_ken_dpid_max_port_max": bytes(LLDPPacket.lldp_packet(0xfedcba9876543210, 0xffffff00, "02:00:00:00:00:0b", 1)).hex()}
    json.dump({"parsed": parsed, "built": built(), "lldp": lldp}, sys.stdout)


if __name__ == "__main__":
    main()
