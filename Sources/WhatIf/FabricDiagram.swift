import Foundation

/// Draws one step of a fabric as a standalone SVG document: switches where `FabricLayout` placed
/// them, every cable as two half-lines meeting in the middle (each coloured by the utilization
/// of its direction, with an arrow pointing the way traffic flows), failed links dashed red,
/// drained links dashed grey, and a legend.
///
/// Every half-line carries `data-link`, `data-state` and `data-utilization` attributes and a
/// tooltip, so the picture can be checked by a program as well as read by a person.
public struct FabricDiagram: Sendable {
    public var width: Double
    public let scale = UtilizationScale()

    public init(width: Double = 1000) {
        self.width = width
    }

    /// The SVG for `links` over `nodes`; `failedSwitches` and `drainedSwitches` are marked.
    public func svg(nodes: [WhatIfReport.NodePlacement], links: [LinkOutcome], failedSwitches: Set<String> = [], drainedSwitches: Set<String> = [], title: String) -> String {
        let geometry = Geometry(nodes: nodes, width: width)
        var out = """
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(fmt(width)) \(fmt(geometry.height + Self.legendHeight))" \
        width="\(fmt(width))" height="\(fmt(geometry.height + Self.legendHeight))" role="img" aria-label="\(title.markupEscaped)" \
        font-family="'Inter','Segoe UI','Helvetica Neue',Arial,sans-serif">
        <title>\(title.markupEscaped)</title>
        <rect x="0" y="0" width="\(fmt(width))" height="\(fmt(geometry.height + Self.legendHeight))" fill="#ffffff"/>

        """
        out += cables(links, geometry)
        out += nodeMarks(nodes, geometry, failed: failedSwitches, drained: drainedSwitches)
        out += legend(top: geometry.height)
        out += "</svg>\n"
        return out
    }

    // MARK: Cables

    private func cables(_ links: [LinkOutcome], _ geometry: Geometry) -> String {
        var pairs: [[String]: [LinkOutcome]] = [:]
        var order: [[String]] = []
        for link in links where geometry.position[link.source] != nil && geometry.position[link.target] != nil && link.source != link.target {
            let key = [link.source, link.target].sorted()
            if pairs[key] == nil { order.append(key) }
            pairs[key, default: []].append(link)
        }
        var out = "<g class=\"links\" stroke-linecap=\"butt\">\n"
        for key in order {
            let cablesOfPair = Self.cables(in: pairs[key] ?? [], from: key[0])
            for (slot, cable) in cablesOfPair.enumerated() {
                let offset = (Double(slot) - Double(cablesOfPair.count - 1) / 2) * geometry.parallelGap
                for link in [cable.forward, cable.backward].compactMap({ $0 }) {
                    let isHalf = cable.forward != nil && cable.backward != nil
                    out += halfLine(link, geometry, offset: link.source == key[0] ? offset : -offset, half: isHalf)
                }
            }
        }
        return out + "</g>\n"
    }

    /// Pairs each `a → b` link with the `b → a` link on the same ports; leftovers stand alone.
    private static func cables(in links: [LinkOutcome], from a: String) -> [(forward: LinkOutcome?, backward: LinkOutcome?)] {
        var backward = links.filter { $0.source != a }
        var result: [(forward: LinkOutcome?, backward: LinkOutcome?)] = []
        for forward in links where forward.source == a {
            let (sourcePort, targetPort) = (port(of: forward.name, side: 0), port(of: forward.name, side: 1))
            if let match = backward.firstIndex(where: { port(of: $0.name, side: 0) == targetPort && port(of: $0.name, side: 1) == sourcePort }) {
                result.append((forward, backward.remove(at: match)))
            } else {
                result.append((forward, nil))
            }
        }
        return result + backward.map { (nil, $0) }
    }

    /// `a:1->b:2` → side 0 `a:1`, side 1 `b:2`.
    private static func port(of linkName: String, side: Int) -> String {
        let parts = linkName.components(separatedBy: "->")
        return parts.count == 2 ? parts[side] : linkName
    }

    private func halfLine(_ link: LinkOutcome, _ geometry: Geometry, offset: Double, half: Bool) -> String {
        guard let start = geometry.position[link.source], let end = geometry.position[link.target] else { return "" }
        let dx = end.x - start.x, dy = end.y - start.y
        let length = max((dx * dx + dy * dy).squareRoot(), 1e-9)
        let (ux, uy) = (dx / length, dy / length)
        let (nx, ny) = (-uy * offset, ux * offset)
        let a = (x: start.x + nx, y: start.y + ny)
        let reach = half ? 0.5 : 1.0
        let b = (x: a.x + dx * reach, y: a.y + dy * reach)
        let strokeWidth = geometry.strokeWidth(capacityBps: link.capacityBps)
        let colour: String
        var dash = ""
        switch link.state {
        case .up: colour = scale.colour(for: link.utilization)
        case .failed: colour = scale.failedColour; dash = " stroke-dasharray=\"7 5\""
        case .drained: colour = scale.drainedColour; dash = " stroke-dasharray=\"3 5\""
        }
        let tooltip = tooltipText(link)
        var out = "<g class=\"link\" data-link=\"\(link.name.markupEscaped)\" data-state=\"\(link.state.rawValue)\" data-utilization=\"\(String(format: "%.6f", link.utilization))\">"
        out += "<title>\(tooltip.markupEscaped)</title>"
        out += "<line x1=\"\(fmt(a.x))\" y1=\"\(fmt(a.y))\" x2=\"\(fmt(b.x))\" y2=\"\(fmt(b.y))\" stroke=\"\(colour)\" stroke-width=\"\(fmt(strokeWidth))\"\(dash)/>"
        if link.state == .up {
            let tipDistance = half ? 0.5 * length - 3 : 0.6 * length
            let tip = (x: a.x + ux * tipDistance, y: a.y + uy * tipDistance)
            let size = max(strokeWidth * 2.2, 6)
            let back = (x: tip.x - ux * size, y: tip.y - uy * size)
            let wing = (x: -uy * size * 0.55, y: ux * size * 0.55)
            out += "<polygon points=\"\(fmt(tip.x)),\(fmt(tip.y)) \(fmt(back.x + wing.x)),\(fmt(back.y + wing.y)) \(fmt(back.x - wing.x)),\(fmt(back.y - wing.y))\" fill=\"\(colour)\"/>"
        }
        return out + "</g>\n"
    }

    private func tooltipText(_ link: LinkOutcome) -> String {
        switch link.state {
        case .failed: return "\(link.name): FAILED (\(RateText.format(link.capacityBps)))"
        case .drained: return "\(link.name): drained (\(RateText.format(link.capacityBps)))"
        case .up:
            var text = "\(link.name): \(link.utilization.percent) — \(RateText.format(link.usedBps)) of \(RateText.format(link.capacityBps))"
            if link.mirrorBps > 0 { text += " (mirror \(RateText.format(link.mirrorBps)))" }
            if link.reservedBps > 0 { text += " (reserved \(RateText.format(link.reservedBps)))" }
            return text
        }
    }

    // MARK: Switches

    private func nodeMarks(_ nodes: [WhatIfReport.NodePlacement], _ geometry: Geometry, failed: Set<String>, drained: Set<String>) -> String {
        var out = "<g class=\"switches\" font-size=\"\(fmt(geometry.fontSize))\" text-anchor=\"middle\">\n"
        for node in nodes {
            guard let centre = geometry.position[node.name] else { continue }
            let state = failed.contains(node.name) ? "failed" : drained.contains(node.name) ? "drained" : "up"
            let (fill, stroke, textColour): (String, String, String) = switch (state, node.role) {
            case ("failed", _): ("#fde2e1", scale.failedColour, "#8f1d1d")
            case ("drained", _): ("#eef0f2", scale.drainedColour, "#59636e")
            case (_, "spine"), (_, "core"): ("#1f2d3d", "#1f2d3d", "#ffffff")
            case (_, "aggregation"): ("#3d5a80", "#3d5a80", "#ffffff")
            case (_, "router"): ("#ffffff", "#1f2d3d", "#1f2d3d")
            default: ("#e8eef5", "#3d5a80", "#1f2d3d")
            }
            var tooltip = "\(node.name) (\(node.role))"
            if node.hosts > 0 { tooltip += ", \(node.hosts) host\(node.hosts == 1 ? "" : "s")" }
            if state != "up" { tooltip += " — \(state.uppercased())" }
            out += "<g class=\"switch\" data-switch=\"\(node.name.markupEscaped)\" data-state=\"\(state)\"><title>\(tooltip.markupEscaped)</title>"
            if geometry.compact {
                out += "<circle cx=\"\(fmt(centre.x))\" cy=\"\(fmt(centre.y))\" r=\"5.5\" fill=\"\(fill == "#ffffff" ? "#1f2d3d" : stroke)\" stroke=\"#ffffff\" stroke-width=\"1.5\"/>"
                out += "<text x=\"\(fmt(centre.x))\" y=\"\(fmt(centre.y - 9))\" fill=\"\(textColour == "#ffffff" ? "#1f2d3d" : textColour)\" stroke=\"#ffffff\" stroke-width=\"3\" paint-order=\"stroke\">\(node.name.markupEscaped)</text>"
            } else {
                let boxWidth = geometry.boxWidth, boxHeight = geometry.fontSize * 2.1
                let dash = state == "drained" ? " stroke-dasharray=\"4 3\"" : ""
                out += "<rect x=\"\(fmt(centre.x - boxWidth / 2))\" y=\"\(fmt(centre.y - boxHeight / 2))\" width=\"\(fmt(boxWidth))\" height=\"\(fmt(boxHeight))\" rx=\"4\" fill=\"\(fill)\" stroke=\"\(stroke)\" stroke-width=\"1.5\"\(dash)/>"
                out += "<text x=\"\(fmt(centre.x))\" y=\"\(fmt(centre.y + geometry.fontSize * 0.35))\" fill=\"\(textColour)\" font-weight=\"600\">\(node.name.markupEscaped)</text>"
            }
            if state != "up" {
                let below = geometry.compact ? 16 : geometry.fontSize * 2.1
                out += "<text x=\"\(fmt(centre.x))\" y=\"\(fmt(centre.y + below))\" fill=\"\(stroke)\" stroke=\"#ffffff\" stroke-width=\"3\" paint-order=\"stroke\" font-size=\"\(fmt(geometry.fontSize * 0.85))\" font-weight=\"700\" letter-spacing=\"0.05em\">\(state.uppercased())</text>"
            }
            out += "</g>\n"
        }
        return out + "</g>\n"
    }

    // MARK: Legend

    private static let legendHeight = 44.0

    private func legend(top: Double) -> String {
        var out = "<g class=\"legend\" font-size=\"11.5\" fill=\"#3c4650\">\n"
        var x = 16.0
        let y = top + 24
        out += "<text x=\"\(fmt(x))\" y=\"\(fmt(y + 4))\" font-weight=\"600\">Utilization</text>"
        x += 74
        for band in scale.bands {
            out += "<rect x=\"\(fmt(x))\" y=\"\(fmt(y - 4))\" width=\"22\" height=\"8\" rx=\"1.5\" fill=\"\(band.colour)\"/>"
            out += "<text x=\"\(fmt(x + 27))\" y=\"\(fmt(y + 4))\">\(band.label.markupEscaped)</text>"
            x += 27 + Double(band.label.count) * 6.6 + 14
        }
        x += 8
        out += "<line x1=\"\(fmt(x))\" y1=\"\(fmt(y))\" x2=\"\(fmt(x + 26))\" y2=\"\(fmt(y))\" stroke=\"\(scale.failedColour)\" stroke-width=\"2.5\" stroke-dasharray=\"7 5\"/>"
        out += "<text x=\"\(fmt(x + 32))\" y=\"\(fmt(y + 4))\">failed</text>"
        x += 32 + 44
        out += "<line x1=\"\(fmt(x))\" y1=\"\(fmt(y))\" x2=\"\(fmt(x + 26))\" y2=\"\(fmt(y))\" stroke=\"\(scale.drainedColour)\" stroke-width=\"2.5\" stroke-dasharray=\"3 5\"/>"
        out += "<text x=\"\(fmt(x + 32))\" y=\"\(fmt(y + 4))\">drained</text>"
        return out + "\n</g>\n"
    }

    private func fmt(_ value: Double) -> String {
        value.formatted(decimals: 1)
    }
}

/// Pixel positions and sizes derived from the layout and the drawing width.
private struct Geometry {
    let position: [String: (x: Double, y: Double)]
    let height: Double
    /// WAN-style small dots with labels instead of boxes.
    let compact: Bool
    let boxWidth: Double
    let fontSize: Double
    let parallelGap: Double

    init(nodes: [WhatIfReport.NodePlacement], width: Double) {
        let tiers = Set(nodes.map(\.y)).count
        compact = nodes.contains { $0.role == "router" } || tiers > 4
        var position: [String: (x: Double, y: Double)] = [:]
        if compact {
            // Keep the layout's aspect ratio: a wide map gets a short picture, not empty bands.
            let margin = 40.0
            let xs = nodes.map(\.x), ys = nodes.map(\.y)
            let (minX, maxX) = (xs.min() ?? 0, xs.max() ?? 1), (minY, maxY) = (ys.min() ?? 0, ys.max() ?? 1)
            let usableWidth = width - 2 * margin
            let scale = min(usableWidth / max(maxX - minX, 1e-9), width * 0.7 / max(maxY - minY, 1e-9))
            let offsetX = margin + (usableWidth - (maxX - minX) * scale) / 2
            height = (maxY - minY) * scale + 2 * margin
            for node in nodes {
                position[node.name] = (x: offsetX + (node.x - minX) * scale, y: margin + (node.y - minY) * scale)
            }
        } else {
            let margin = 50.0
            height = Double(max(tiers, 2)) * 140 + 100
            let usableWidth = width - 2 * margin, usableHeight = height - 2 * margin
            for node in nodes {
                position[node.name] = (x: margin + node.x * usableWidth, y: margin + node.y * usableHeight)
            }
        }
        self.position = position
        let usableWidth = width - 100
        let widestRow = Dictionary(grouping: nodes, by: \.y).values.map(\.count).max() ?? 1
        let spacing = usableWidth / Double(max(widestRow, 1))
        let longestName = Double(nodes.map(\.name.count).max() ?? 4)
        fontSize = compact ? 11 : min(13, max(8, spacing * 0.85 / (longestName * 0.62 + 1.4)))
        boxWidth = min(longestName * fontSize * 0.62 + fontSize * 1.4, spacing * 0.9)
        parallelGap = 5
    }

    /// Thicker lines for faster links: 1.5 px at 1 Gbit/s and below, about 4 px at 400 Gbit/s.
    func strokeWidth(capacityBps: Double) -> Double {
        let gbps = max(capacityBps / 1e9, 1)
        return min(1.5 + log10(gbps) * 0.95, 4.5)
    }
}
