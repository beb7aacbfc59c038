/// A leaf × spine grid of a spine-leaf step: each cell shows the leaf's uplink to that spine
/// (↑ leaf→spine, ↓ spine→leaf) coloured by utilization. With every leaf wired to every spine,
/// this reads faster than the crossing lines of the drawing.
struct UplinkMatrix {
    let scale = UtilizationScale()

    /// The grid as an HTML table; `nil` unless the fabric is spine-leaf.
    func html(nodes: [WhatIfReport.NodePlacement], links: [LinkOutcome]) -> String? {
        let spines = nodes.filter { $0.role == "spine" }.map(\.name)
        let leaves = nodes.filter { $0.role == "leaf" }.map(\.name)
        guard !spines.isEmpty, !leaves.isEmpty, nodes.count == spines.count + leaves.count else { return nil }
        var byEnds: [[String]: [LinkOutcome]] = [:]
        for link in links { byEnds[[link.source, link.target], default: []].append(link) }
        var out = "<table class=\"matrix\"><thead><tr><th></th>"
        out += spines.map { "<th>\($0.markupEscaped)</th>" }.joined()
        out += "</tr></thead><tbody>\n"
        for leaf in leaves {
            out += "<tr><th>\(leaf.markupEscaped)</th>"
            for spine in spines {
                out += "<td>" + cell(up: byEnds[[leaf, spine]] ?? [], down: byEnds[[spine, leaf]] ?? []) + "</td>"
            }
            out += "</tr>\n"
        }
        return out + "</tbody></table>\n"
    }

    private func cell(up: [LinkOutcome], down: [LinkOutcome]) -> String {
        guard !up.isEmpty || !down.isEmpty else { return "<span class=\"none\">—</span>" }
        return half("↑", up) + half("↓", down)
    }

    private func half(_ arrow: String, _ links: [LinkOutcome]) -> String {
        guard !links.isEmpty else { return "" }
        if links.allSatisfy({ $0.state == .failed }) {
            return "<span class=\"m down\" title=\"\(links.map(\.name).joined(separator: ", ").markupEscaped) failed\">\(arrow) failed</span>"
        }
        if links.allSatisfy({ $0.state != .up }) {
            return "<span class=\"m drained\" title=\"\(links.map(\.name).joined(separator: ", ").markupEscaped) drained\">\(arrow) drained</span>"
        }
        let up = links.filter { $0.state == .up }
        let capacity = up.reduce(0) { $0 + $1.capacityBps }
        let load = up.reduce(0) { $0 + $1.usedBps }
        let utilization = capacity > 0 ? load / capacity : 0
        let colour = scale.colour(for: utilization)
        let ink = utilization >= 0.5 && utilization < 0.7 ? "#1f2d3d" : "#ffffff"
        let title = "\(up.map(\.name).joined(separator: ", ")): \(RateText.format(load)) of \(RateText.format(capacity))"
        return "<span class=\"m\" style=\"background:\(colour);color:\(ink)\" title=\"\(title.markupEscaped)\">\(arrow) \(utilization.percent)</span>"
    }
}
