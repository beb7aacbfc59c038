import Foundation

/// Draws a step's leaf × leaf (or node × node) min-cut matrix as an SVG heat map: red where two
/// endpoints are weakly connected, blue where strongly, hatched black where nothing joins them.
/// Colours are relative to `scaleBps` (the baseline's highest min-cut), so steps compare directly.
struct MinCutHeatMap {
    var side = 560.0

    func svg(_ outcome: MinCutOutcome, scaleBps: Double, title: String) -> String {
        let count = outcome.labels.count
        let labelled = count <= 40
        let margin = labelled ? 96.0 : 12.0
        let cell = max(2, (side - margin) / Double(max(count, 1)))
        let width = margin + cell * Double(count) + 12
        let height = margin + cell * Double(count) + 46
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(width.formatted(decimals: 1)) \(height.formatted(decimals: 1))\" role=\"img\" aria-label=\"\(title.markupEscaped)\">\n"
        out += "<title>\(title.markupEscaped)</title>\n"
        out += "<defs><pattern id=\"cut-none\" width=\"4\" height=\"4\" patternUnits=\"userSpaceOnUse\"><rect width=\"4\" height=\"4\" fill=\"#1f2d3d\"/><path d=\"M0 4L4 0\" stroke=\"#b42318\" stroke-width=\"1\"/></pattern></defs>\n"
        for (row, cells) in outcome.cells.enumerated() {
            for (column, value) in cells.enumerated() {
                let x = margin + Double(column) * cell
                let y = margin + Double(row) * cell
                let fill = value.map { $0 <= 0 ? "url(#cut-none)" : colour(for: $0 / max(scaleBps, 1)) } ?? "#eef0f2"
                let tip = value.map { "\(outcome.labels[row]) – \(outcome.labels[column]): \(RateText.format($0))" } ?? outcome.labels[row]
                out += "<rect x=\"\(x.formatted(decimals: 1))\" y=\"\(y.formatted(decimals: 1))\" width=\"\(cell.formatted(decimals: 2))\" height=\"\(cell.formatted(decimals: 2))\" fill=\"\(fill)\"><title>\(tip.markupEscaped)</title></rect>\n"
            }
        }
        if !outcome.groups.isEmpty {
            // Grouped rows: a strip on the left edge of each row names its members on hover.
            for (row, members) in outcome.groups.enumerated() {
                let y = margin + Double(row) * cell
                out += "<rect x=\"0\" y=\"\(y.formatted(decimals: 1))\" width=\"\((margin - 2).formatted(decimals: 1))\" height=\"\(cell.formatted(decimals: 2))\" fill=\"#c9ced4\"><title>\(members.joined(separator: ", ").markupEscaped)</title></rect>\n"
            }
        }
        if labelled {
            let size = min(11, max(6, cell * 0.8))
            for (index, label) in outcome.labels.enumerated() {
                let centre = margin + (Double(index) + 0.5) * cell
                out += "<text x=\"\((margin - 4).formatted(decimals: 1))\" y=\"\((centre + size * 0.35).formatted(decimals: 1))\" font-size=\"\(size.formatted(decimals: 1))\" text-anchor=\"end\" fill=\"#5b6773\">\(label.markupEscaped)</text>\n"
                out += "<text transform=\"translate(\(centre.formatted(decimals: 1)) \((margin - 4).formatted(decimals: 1))) rotate(-60)\" font-size=\"\(size.formatted(decimals: 1))\" fill=\"#5b6773\">\(label.markupEscaped)</text>\n"
            }
        }
        let legendY = margin + cell * Double(count) + 14
        let legendWidth = min(260, width - margin - 12)
        for step in 0..<26 {
            let fraction = Double(step) / 25
            out += "<rect x=\"\((margin + fraction * (legendWidth - legendWidth / 26)).formatted(decimals: 1))\" y=\"\(legendY.formatted(decimals: 1))\" width=\"\((legendWidth / 26 + 0.5).formatted(decimals: 1))\" height=\"10\" fill=\"\(colour(for: fraction))\"/>\n"
        }
        out += "<text x=\"\(margin.formatted(decimals: 1))\" y=\"\((legendY + 24).formatted(decimals: 1))\" font-size=\"11\" fill=\"#5b6773\">0</text>\n"
        out += "<text x=\"\((margin + legendWidth).formatted(decimals: 1))\" y=\"\((legendY + 24).formatted(decimals: 1))\" font-size=\"11\" text-anchor=\"end\" fill=\"#5b6773\">\(RateText.format(scaleBps).markupEscaped) (baseline highest)</text>\n"
        out += "<rect x=\"\((margin + legendWidth + 16).formatted(decimals: 1))\" y=\"\(legendY.formatted(decimals: 1))\" width=\"10\" height=\"10\" fill=\"url(#cut-none)\"/>"
        out += "<text x=\"\((margin + legendWidth + 30).formatted(decimals: 1))\" y=\"\((legendY + 9).formatted(decimals: 1))\" font-size=\"11\" fill=\"#5b6773\">disconnected</text>\n"
        return out + "</svg>"
    }

    /// Red (weak) through pale yellow to blue (strong), for a fraction of the scale.
    func colour(for fraction: Double) -> String {
        let stops: [(Double, (Double, Double, Double))] = [(0, (180, 35, 24)), (0.5, (246, 232, 195)), (1, (44, 127, 184))]
        let clamped = min(max(fraction, 0), 1)
        let upper = stops.firstIndex { $0.0 >= clamped } ?? stops.count - 1
        let lower = max(upper - 1, 0)
        let span = stops[upper].0 - stops[lower].0
        let t = span > 0 ? (clamped - stops[lower].0) / span : 0
        let (a, b) = (stops[lower].1, stops[upper].1)
        func mix(_ x: Double, _ y: Double) -> Int { Int((x + (y - x) * t).rounded()) }
        return String(format: "#%02x%02x%02x", mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
    }
}
