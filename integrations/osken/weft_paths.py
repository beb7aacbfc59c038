"""os-ken application that uses Weft as its path computation element.

On the first IPv4 packet between two hosts it asks `weft serve` for a path
(POST /v1/paths with the two host names, a rate and a traffic class), installs
the returned hops itself, egress switch first so no packet meets a switch that
does not know the flow yet, and sends the packet on. ARP requests for known
hosts are answered by the controller (proxy ARP), so no broadcast crosses the
fabric. When the ingress entry idles out, the reservation is released
(DELETE /v1/paths/{id}) and the entries of the other hops are removed.

Run it with the distribution's os-ken (python3-os-ken):

    WEFT_URL=http://127.0.0.1:8181 osken-manager integrations/osken/weft_paths.py

Environment:
    WEFT_URL           base URL of `weft serve` (default http://127.0.0.1:8181)
    WEFT_API_TOKEN     bearer token, when weft serve has one
    WEFT_PATH_RATE     rate to reserve per host pair, bit/s or text like 10M (default 10M)
    WEFT_PATH_CLASS    traffic class of the reservations (default bronze)
    WEFT_IDLE_TIMEOUT  seconds without traffic before a path is released (default 30)
"""

import json
import os
import time
import urllib.error
import urllib.request

from os_ken.base import app_manager
from os_ken.controller import ofp_event
from os_ken.controller.handler import CONFIG_DISPATCHER, MAIN_DISPATCHER, set_ev_cls
from os_ken.lib.packet import arp, ethernet, ether_types, ipv4, packet
from os_ken.ofproto import ofproto_v1_3

PATH_PRIORITY = 100
RETRY_AFTER_SECONDS = 5.0


class WeftError(Exception):
    """A request to weft serve failed; `status` is the HTTP status (0 when unreachable)."""

    def __init__(self, status, code, message):
        super().__init__("%s %s: %s" % (status, code, message))
        self.status = status
        self.code = code


class WeftClient(object):
    """The few calls of Weft's HTTP API this application makes."""

    def __init__(self, base_url, token):
        self.base_url = base_url.rstrip("/")
        self.token = token

    def request(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base_url + path, data=data, method=method)
        request.add_header("Accept", "application/json")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        if self.token:
            request.add_header("Authorization", "Bearer " + self.token)
        try:
            with urllib.request.urlopen(request, timeout=5) as response:
                text = response.read()
                return json.loads(text) if text else None
        except urllib.error.HTTPError as error:
            try:
                detail = json.loads(error.read())["error"]
            except (ValueError, KeyError, TypeError):
                detail = {"code": "http_error", "message": error.reason}
            raise WeftError(error.code, detail.get("code"), detail.get("message"))
        except (urllib.error.URLError, OSError) as error:
            raise WeftError(0, "unreachable", str(error))

    def hosts(self):
        topology = self.request("GET", "/v1/topology")["topology"]
        return topology["hosts"]

    def reserve(self, source, destination, rate, qos_class):
        return self.request("POST", "/v1/paths", {
            "src": source, "dst": destination, "bandwidth_bps": rate, "class": qos_class,
        })

    def release(self, reservation_id):
        self.request("DELETE", "/v1/paths/" + reservation_id)


class WeftPaths(app_manager.OSKenApp):
    OFP_VERSIONS = [ofproto_v1_3.OFP_VERSION]

    def __init__(self, *args, **kwargs):
        super(WeftPaths, self).__init__(*args, **kwargs)
        self.weft = WeftClient(os.environ.get("WEFT_URL", "http://127.0.0.1:8181"),
                               os.environ.get("WEFT_API_TOKEN"))
        self.rate = os.environ.get("WEFT_PATH_RATE", "10M")
        self.qos_class = os.environ.get("WEFT_PATH_CLASS", "bronze")
        self.idle_timeout = int(os.environ.get("WEFT_IDLE_TIMEOUT", "30"))
        self.datapaths = {}
        self.hosts_by_ip = {}
        self.paths = {}
        self.paths_by_cookie = {}
        self.failed_until = {}
        self.next_cookie = 1

    # Switches

    @set_ev_cls(ofp_event.EventOFPSwitchFeatures, CONFIG_DISPATCHER)
    def switch_features(self, event):
        datapath = event.msg.datapath
        parser = datapath.ofproto_parser
        ofproto = datapath.ofproto
        self.datapaths[datapath.id] = datapath
        miss = parser.OFPActionOutput(ofproto.OFPP_CONTROLLER, ofproto.OFPCML_NO_BUFFER)
        self.add_flow(datapath, 0, parser.OFPMatch(), [miss])
        self.logger.info("switch %016x connected", datapath.id)

    def add_flow(self, datapath, priority, match, actions, cookie=0, idle_timeout=0, notify_removal=False):
        parser = datapath.ofproto_parser
        ofproto = datapath.ofproto
        instructions = [parser.OFPInstructionActions(ofproto.OFPIT_APPLY_ACTIONS, actions)]
        flags = ofproto.OFPFF_SEND_FLOW_REM if notify_removal else 0
        datapath.send_msg(parser.OFPFlowMod(
            datapath=datapath, cookie=cookie, priority=priority, match=match, instructions=instructions,
            idle_timeout=idle_timeout, flags=flags))

    # Hosts

    def host_for(self, ip):
        if ip not in self.hosts_by_ip:
            try:
                self.hosts_by_ip = {host["ip"]: host for host in self.weft.hosts()}
            except WeftError as error:
                self.logger.warning("cannot read hosts from weft: %s", error)
        return self.hosts_by_ip.get(ip)

    # Packets

    @set_ev_cls(ofp_event.EventOFPPacketIn, MAIN_DISPATCHER)
    def packet_in(self, event):
        message = event.msg
        datapath = message.datapath
        in_port = message.match["in_port"]
        frame = packet.Packet(message.data)
        ether = frame.get_protocol(ethernet.ethernet)
        if ether is None:
            return
        if ether.ethertype == ether_types.ETH_TYPE_ARP:
            self.answer_arp(datapath, in_port, ether, frame.get_protocol(arp.arp))
        elif ether.ethertype == ether_types.ETH_TYPE_IP:
            self.route(datapath, in_port, message.data, frame.get_protocol(ipv4.ipv4))

    def answer_arp(self, datapath, in_port, ether, request):
        if request is None or request.opcode != arp.ARP_REQUEST:
            return
        target = self.host_for(request.dst_ip)
        if target is None:
            return
        reply = packet.Packet()
        reply.add_protocol(ethernet.ethernet(ethertype=ether_types.ETH_TYPE_ARP, dst=ether.src, src=target["mac"]))
        reply.add_protocol(arp.arp(opcode=arp.ARP_REPLY, src_mac=target["mac"], src_ip=request.dst_ip,
                                   dst_mac=request.src_mac, dst_ip=request.src_ip))
        reply.serialize()
        self.send(datapath, in_port, reply.data)

    def route(self, datapath, in_port, data, header):
        source = self.host_for(header.src)
        destination = self.host_for(header.dst)
        if source is None or destination is None:
            return
        key = (source["name"], destination["name"])
        reservation = self.paths.get(key)
        if reservation is None:
            if self.failed_until.get(key, 0) > time.time():
                return
            try:
                reservation = self.weft.reserve(key[0], key[1], self.rate, self.qos_class)
            except WeftError as error:
                self.logger.warning("weft refused a path %s -> %s: %s", key[0], key[1], error)
                self.failed_until[key] = time.time() + RETRY_AFTER_SECONDS
                return
            if not self.install(reservation, header.src, header.dst):
                self.weft.release(reservation["id"])
                self.failed_until[key] = time.time() + RETRY_AFTER_SECONDS
                return
            self.paths[key] = reservation
        hop = self.hop_at(reservation, datapath.id)
        if hop is not None and hop["out_port"] is not None:
            self.send(datapath, hop["out_port"], data)

    def install(self, reservation, source_ip, destination_ip):
        """Installs the primary path's hops, egress first; False when a hop's switch is not connected."""
        hops = reservation["paths"][0]["hops"]
        missing = [hop["switch"] for hop in hops if int(hop["datapath_id"], 16) not in self.datapaths]
        if missing:
            self.logger.warning("reservation %s: switches %s are not connected", reservation["id"], ", ".join(missing))
            return False
        cookie = self.next_cookie
        self.next_cookie += 1
        for index, hop in reversed(list(enumerate(hops))):
            datapath = self.datapaths[int(hop["datapath_id"], 16)]
            parser = datapath.ofproto_parser
            match = parser.OFPMatch(in_port=hop["in_port"], eth_type=ether_types.ETH_TYPE_IP,
                                    ipv4_src=source_ip, ipv4_dst=destination_ip)
            ingress = index == 0
            self.add_flow(datapath, PATH_PRIORITY, match, [parser.OFPActionOutput(hop["out_port"])], cookie=cookie,
                          idle_timeout=self.idle_timeout if ingress else 0, notify_removal=ingress)
            datapath.send_msg(parser.OFPBarrierRequest(datapath))
        self.paths_by_cookie[cookie] = reservation
        self.logger.info("path %s -> %s installed: %s (reservation %s, %s bit/s)", reservation["src"], reservation["dst"],
                         " -> ".join(hop["switch"] for hop in hops), reservation["id"], reservation["bandwidth_bps"])
        return True

    @set_ev_cls(ofp_event.EventOFPFlowRemoved, MAIN_DISPATCHER)
    def flow_removed(self, event):
        reservation = self.paths_by_cookie.pop(event.msg.cookie, None)
        if reservation is None:
            return
        self.paths.pop((reservation["src"], reservation["dst"]), None)
        for hop in reservation["paths"][0]["hops"][1:]:
            datapath = self.datapaths.get(int(hop["datapath_id"], 16))
            if datapath is None:
                continue
            parser = datapath.ofproto_parser
            ofproto = datapath.ofproto
            datapath.send_msg(parser.OFPFlowMod(
                datapath=datapath, cookie=event.msg.cookie, cookie_mask=0xFFFFFFFFFFFFFFFF, table_id=ofproto.OFPTT_ALL,
                command=ofproto.OFPFC_DELETE, out_port=ofproto.OFPP_ANY, out_group=ofproto.OFPG_ANY))
        try:
            self.weft.release(reservation["id"])
            self.logger.info("path %s -> %s idle: reservation %s released", reservation["src"], reservation["dst"], reservation["id"])
        except WeftError as error:
            self.logger.warning("releasing reservation %s failed: %s", reservation["id"], error)

    @staticmethod
    def hop_at(reservation, datapath_id):
        for hop in reservation["paths"][0]["hops"]:
            if int(hop["datapath_id"], 16) == datapath_id:
                return hop
        return None

    @staticmethod
    def send(datapath, port, data):
        parser = datapath.ofproto_parser
        ofproto = datapath.ofproto
        datapath.send_msg(parser.OFPPacketOut(
            datapath=datapath, buffer_id=ofproto.OFP_NO_BUFFER, in_port=ofproto.OFPP_CONTROLLER,
            actions=[parser.OFPActionOutput(port)], data=data))
