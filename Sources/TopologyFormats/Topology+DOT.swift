import Topology

extension Topology {
    /// The topology as a Graphviz digraph in the style YATES reads: switches and hosts are nodes
    /// (`type=switch|host`), every directed link is an edge with `src_port`, `dst_port` and
    /// `capacity="100Gbps"`, and every host attachment is a pair of edges at the port's speed.
    public func dotGraph() -> String {
        var lines = ["digraph \(Self.quoted(name)) {"]
        for node in switches {
            lines.append("  \(Self.quoted(node.name)) [type=switch, role=\(node.role.rawValue), dpid=\"\(node.datapathID)\"];")
        }
        for host in hosts {
            lines.append("  \(Self.quoted(host.name)) [type=host, ip=\"\(host.ip)\", mac=\"\(host.mac)\", tenant=\(Self.quoted(host.tenant))];")
        }
        for link in links {
            var attributes = "src_port=\(link.source.port), dst_port=\(link.target.port), capacity=\"\(BitRate(bitsPerSecond: link.capacityBps))bps\""
            if link.latencySeconds > 0 { attributes += ", latency_s=\(link.latencySeconds)" }
            if !link.isUp { attributes += ", up=false" }
            lines.append("  \(Self.quoted(link.source.node)) -> \(Self.quoted(link.target.node)) [\(attributes)];")
        }
        for host in hosts {
            let speed = switchNamed(host.attachment.node)?.port(host.attachment.port)?.speedBps ?? 0
            let capacity = "capacity=\"\(BitRate(bitsPerSecond: speed))bps\""
            lines.append("  \(Self.quoted(host.name)) -> \(Self.quoted(host.attachment.node)) [src_port=0, dst_port=\(host.attachment.port), \(capacity)];")
            lines.append("  \(Self.quoted(host.attachment.node)) -> \(Self.quoted(host.name)) [src_port=\(host.attachment.port), dst_port=0, \(capacity)];")
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    private static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
