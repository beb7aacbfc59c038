import Topology

extension Topology {
    /// The topology as Internet Topology Zoo GraphML: nodes with a `label` only (no roles, no
    /// ports), one undirected edge per cable that is up, with `LinkSpeedRaw` in bit/s. This is how a
    /// fabric looks when it is imported from elsewhere; `GraphMLImporter` reads it back.
    ///
    /// A cable is a link and its opposite link between the same ports; a link without an opposite
    /// becomes an edge of its own (which the importer reads as a cable, both ways). Hosts are left out.
    public func graphML() -> String {
        var lines = [
            #"<?xml version="1.0" encoding="utf-8"?>"#,
            #"<graphml xmlns="http://graphml.graphdrawing.org/xmlns">"#,
            #"  <key attr.name="label" attr.type="string" for="node" id="d0" />"#,
            #"  <key attr.name="LinkSpeedRaw" attr.type="double" for="edge" id="d1" />"#,
            #"  <graph edgedefault="undirected">"#,
        ]
        var idOf: [String: Int] = [:]
        for (index, node) in switches.enumerated() {
            idOf[node.name] = index
            lines.append("    <node id=\"\(index)\"><data key=\"d0\">\(Self.escaped(node.name))</data></node>")
        }
        var pending: [String: Int] = [:]
        var oppositeOf: [Int: Int] = [:]
        for (index, link) in links.enumerated() {
            if let opposite = pending["\(link.target)|\(link.source)"] {
                pending["\(link.target)|\(link.source)"] = nil
                oppositeOf[opposite] = index
                oppositeOf[index] = opposite
            } else {
                pending["\(link.source)|\(link.target)"] = index
            }
        }
        var emitted = Set<Int>()
        for (index, link) in links.enumerated() where link.isUp && link.capacityBps > 0 && !emitted.contains(index) {
            guard let source = idOf[link.source.node], let target = idOf[link.target.node] else { continue }
            if let opposite = oppositeOf[index] { emitted.insert(opposite) }
            lines.append("    <edge source=\"\(source)\" target=\"\(target)\"><data key=\"d1\">\(link.capacityBps)</data></edge>")
        }
        lines.append("  </graph>")
        lines.append("</graphml>")
        return lines.joined(separator: "\n") + "\n"
    }

    private static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}
