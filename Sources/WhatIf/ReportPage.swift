import Foundation

/// Renders a `WhatIfReport` as one self-contained HTML page: inline CSS and SVG, no scripts,
/// no external assets, so it can be mailed, archived or opened offline.
public struct ReportPage: Sendable {
    public var diagram: FabricDiagram

    public init(diagram: FabricDiagram = FabricDiagram()) {
        self.diagram = diagram
    }

    public func html(_ report: WhatIfReport) -> String {
        var page = head(report)
        page += header(report)
        page += summary(report)
        page += classTable(report)
        page += stepSections(report)
        page += mirrorSection(report)
        page += footer(report)
        return page
    }

    /// The fabric drawing of one step, as a standalone SVG document.
    public func svg(_ report: WhatIfReport, step: StepReport) -> String {
        diagram.svg(
            nodes: report.fabric.nodes, links: step.links,
            failedSwitches: Set(step.failedSwitches), drainedSwitches: Set(step.drainedSwitches),
            title: "\(report.fabric.name) — step \(step.index): \(step.label)"
        )
    }

    // MARK: Sections

    private func head(_ report: WhatIfReport) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="generator" content="weft whatif">
        <title>What-if: \(report.scenario.name.markupEscaped)</title>
        <style>\(Self.css)</style>
        </head>
        <body>
        <main>

        """
    }

    private func header(_ report: WhatIfReport) -> String {
        let fabric = report.fabric
        let scenario = report.scenario
        let classes = scenario.classes.map { "<span class=\"chip\"><i style=\"background:\(classColour($0.name, in: report))\"></i>\($0.name.markupEscaped) <small>w\($0.weight.formatted(decimals: 2)) · p\($0.priority)</small></span>" }.joined(separator: " ")
        var out = "<header>\n<p class=\"kicker\">Weft what-if report</p>\n<h1>\(scenario.name.markupEscaped)</h1>\n"
        if !scenario.description.isEmpty {
            out += "<p class=\"lede\">\(scenario.description.markupEscaped)</p>\n"
        }
        out += "<dl class=\"facts\">"
        out += fact("Fabric", "\(fabric.name.markupEscaped) <small>(\(fabric.kind))</small>")
        out += fact("Size", "\(fabric.switches) switches · \(fabric.links / 2) cables (\(fabric.links) directed links)" + (fabric.hosts > 0 ? " · \(fabric.hosts) hosts" : ""))
        out += fact("Capacity", "\(RateText.format(fabric.capacityBps)) over all directed links")
        out += fact("Objective", "<code>\(scenario.objective.markupEscaped)</code> · headroom \(scenario.headroom.percent) · mirror cap \(scenario.mirrorCap.percent) per link")
        out += fact("Classes", classes)
        out += fact("Scenario file", "<code>\(scenario.file.markupEscaped)</code>")
        if !fabric.notes.isEmpty {
            out += fact("Assumed", fabric.notes.map { $0.markupEscaped }.joined(separator: "<br>"))
        }
        if let live = report.live {
            out += fact("Live state", liveFacts(live))
        }
        out += "</dl>\n</header>\n"
        return out
    }

    /// Which store, topology version and demand matrix the run started from, and what it carried.
    private func liveFacts(_ live: LiveSummary) -> String {
        var lines = ["<code>\(live.location.markupEscaped)</code>, topology version \(live.topologyVersion)"]
        lines += live.demandSources.map { $0.markupEscaped }
        lines.append("stored taps: \(live.tapServices) service\(live.tapServices == 1 ? "" : "s"), \(live.tapFlows) flow\(live.tapFlows == 1 ? "" : "s") (placed in every step, copies only in what tenant traffic leaves)")
        lines.append("path reservations: \(live.reservations), holding \(RateText.format(live.reservedBps)) (tenant traffic and copies get the rest, as in weft serve)"
            + (live.minCutMinusReservations ? "; min-cuts taken without them" : ""))
        return lines.joined(separator: "<br>")
    }

    private func fact(_ term: String, _ value: String) -> String {
        "<div><dt>\(term)</dt><dd>\(value)</dd></div>"
    }

    private func summary(_ report: WhatIfReport) -> String {
        guard let baseline = report.steps.first else { return "" }
        let worst = worstStep(report)
        var out = "<section>\n<h2>Outcome per step</h2>\n"
        out += "<p class=\"note\">Each step applies its event on top of all earlier ones and re-optimizes. Served is what the optimizer could carry of the offered demand; MLU is the most utilized link (tenant traffic plus mirror copies\(report.live == nil ? "" : " plus the rates path reservations hold")).</p>\n"
        out += "<table class=\"summary\">\n<thead><tr><th>#</th><th>Step</th><th class=\"num\">Offered</th><th class=\"num\">Served</th><th>Served %</th><th class=\"num\">Δ served vs baseline</th><th>MLU</th><th>Hottest link</th><th class=\"num\">Solve</th></tr></thead>\n<tbody>\n"
        for step in report.steps {
            let delta = step.servedBps - baseline.servedBps
            let deltaText = step.index == 0 ? "—" : "\(delta >= 0 ? "+" : "−")\(RateText.format(abs(delta)))"
            let deltaClass = step.index == 0 || abs(delta) < 1 ? "" : delta < 0 ? " loss" : " gain"
            // Let a long link name break after its arrow, nowhere else.
            let hottest = step.hotLinks.first.map { "<code>\($0.markupEscaped.replacingOccurrences(of: "-&gt;", with: "-&gt;&#8203;"))</code>" } ?? "—"
            let badge = step.index == worst?.index && step.index != 0 ? " <span class=\"badge\">worst</span>" : ""
            out += "<tr><td>\(step.index)</td><td><a href=\"#step-\(step.index)\">\(step.label.markupEscaped)</a>\(badge)"
            if !step.actions.isEmpty { out += "<div class=\"actions\">\(step.actions.map { $0.markupEscaped }.joined(separator: "; "))</div>" }
            if !step.impacts.isEmpty {
                out += "<div class=\"actions\"><span class=\"badge warn\">breaks</span> \(step.impacts.map { "\($0.kind == .reservation ? "reservation" : "tap flow") \($0.name.markupEscaped)" }.joined(separator: ", ")) — <a href=\"#step-\(step.index)\">what</a></div>"
            }
            if let starvation = step.starvation {
                out += "<div class=\"actions\"><span class=\"badge warn\">0 % / 100 %</span> \(starvation.unservedDemands) demands unserved, \(starvation.fullyServedDemands) in full — <a href=\"#step-\(step.index)\">why</a></div>"
            }
            out += "</td><td class=\"num\">\(RateText.format(step.offeredBps))</td><td class=\"num\">\(RateText.format(step.servedBps))</td>"
            out += "<td>\(bar(step.servedFraction, colour: servedColour(step.servedFraction)))</td>"
            out += "<td class=\"num\(deltaClass)\">\(deltaText)</td>"
            out += "<td class=\"nowrap\"><span class=\"swatch\" style=\"background:\(diagram.scale.colour(for: step.mlu))\"></span>\(step.mlu.percent)</td>"
            out += "<td>\(hottest)</td><td class=\"num\">\(String(format: "%.3f s", step.solver.solveSeconds))</td></tr>\n"
        }
        out += "</tbody>\n</table>\n</section>\n"
        return out
    }

    private func classTable(_ report: WhatIfReport) -> String {
        var out = "<section>\n<h2>Throughput and served share per class</h2>\n"
        out += "<table class=\"classes\">\n<thead><tr><th>Class</th><th>Step</th><th class=\"num\">Offered</th><th class=\"num\">Served</th><th class=\"wide\">Served %</th><th class=\"num\">Short demands</th></tr></thead>\n"
        for info in report.scenario.classes {
            out += "<tbody>\n"
            let rows = report.steps.compactMap { step in step.classes.first { $0.name == info.name }.map { (step, $0) } }
            for (row, (step, outcome)) in rows.enumerated() {
                out += "<tr>"
                if row == 0 {
                    out += "<th rowspan=\"\(rows.count)\" class=\"classname\"><i style=\"background:\(classColour(info.name, in: report))\"></i>\(info.name.markupEscaped)</th>"
                }
                out += "<td>\(step.index) · \(step.label.markupEscaped)</td><td class=\"num\">\(RateText.format(outcome.offeredBps))</td><td class=\"num\">\(RateText.format(outcome.servedBps))</td>"
                out += "<td>\(bar(outcome.servedFraction, colour: classColour(info.name, in: report)))</td>"
                out += "<td class=\"num\">\(outcome.shortDemands) of \(outcome.demands)</td></tr>\n"
            }
            out += "</tbody>\n"
        }
        out += "</table>\n</section>\n"
        return out
    }

    private func stepSections(_ report: WhatIfReport) -> String {
        var out = "<section>\n<h2>Fabric per step</h2>\n<p class=\"note\">Each cable is drawn as two half-lines meeting in the middle; the half next to a switch shows the traffic that switch sends (arrow = direction), coloured by utilization. Hover a link for its load.</p>\n"
        for step in report.steps {
            out += "<article class=\"step\" id=\"step-\(step.index)\">\n"
            out += "<h3><span class=\"stepno\">\(step.index == 0 ? "Baseline" : "Step \(step.index)")</span> \(step.label.markupEscaped)</h3>\n"
            out += "<ul class=\"figures\"><li><b>\(step.servedFraction.percent)</b> served</li><li><b>\(RateText.format(step.servedBps))</b> of \(RateText.format(step.offeredBps))</li><li><b>\(step.mlu.percent)</b> MLU</li>"
            out += "<li><b>\(step.links.filter { $0.state != .up }.count)</b> links down</li><li>solver: \(step.solver.status.markupEscaped), \(String(format: "%.3f s", step.solver.solveSeconds))</li></ul>\n"
            if !step.actions.isEmpty {
                out += "<p class=\"actions\">Changes: \(step.actions.map { $0.markupEscaped }.joined(separator: "; "))</p>\n"
            }
            out += starvationNote(step)
            out += liveSection(step)
            out += "<figure class=\"fabric\">\(svg(report, step: step))</figure>\n"
            out += "<div class=\"pair\">\n"
            if let matrix = UplinkMatrix().html(nodes: report.fabric.nodes, links: step.links) {
                out += "<div><h4>Uplinks: leaf × spine utilization</h4>\n\(matrix)</div>\n"
            }
            out += hotLinkTable(step)
            out += "</div>\n"
            out += bottleneckTable(step)
            out += minCutSection(report, step)
            out += "</article>\n"
        }
        return out + "</section>\n"
    }

    private func hotLinkTable(_ step: StepReport) -> String {
        var out = "<div><h4>Hottest links</h4>\n"
        guard !step.hotLinks.isEmpty else { return out + "<p class=\"note\">No link carries traffic.</p></div>\n" }
        let byName = Dictionary(step.links.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        out += "<table><thead><tr><th>Link</th><th class=\"num\">Load</th><th class=\"num\">Capacity</th><th class=\"wide\">Utilization</th></tr></thead><tbody>\n"
        for name in step.hotLinks {
            guard let link = byName[name] else { continue }
            out += "<tr><td><code>\(name.markupEscaped)</code></td><td class=\"num\">\(RateText.format(link.usedBps))\(link.reservedBps > 0 ? "<br><small>\(RateText.format(link.reservedBps)) reserved</small>" : "")</td><td class=\"num\">\(RateText.format(link.capacityBps))</td>"
            out += "<td>\(bar(link.utilization, colour: diagram.scale.colour(for: link.utilization)))</td></tr>\n"
        }
        return out + "</tbody></table></div>\n"
    }

    private func bottleneckTable(_ step: StepReport) -> String {
        var out = "<div><h4>Min-cut bottlenecks of the worst-served pairs</h4>\n"
        guard !step.bottlenecks.isEmpty else { return out + "<p class=\"note\">Every demand is fully served.</p></div>\n" }
        out += "<p class=\"note\">The min-cut is the most the pair could get with the fabric to itself. Below the demand, the cut links are the structural bottleneck; above it, the pair is short because capacity went to other traffic.</p>\n"
        out += "<table><thead><tr><th>Pair</th><th>Class</th><th class=\"num\">Served</th><th class=\"num\">Min-cut</th><th>Cut links</th><th>Why short</th></tr></thead><tbody>\n"
        for item in step.bottlenecks {
            let cut = item.cutLinks.isEmpty ? "<span class=\"loss\">disconnected</span>" : item.cutLinks.prefix(6).map { "<code>\($0.markupEscaped)</code>" }.joined(separator: " ") + (item.cutLinks.count > 6 ? " <small>+\(item.cutLinks.count - 6) more</small>" : "")
            out += "<tr><td>\(item.source.markupEscaped) → \(item.destination.markupEscaped)</td><td>\(item.className.markupEscaped)</td>"
            out += "<td class=\"num\">\(item.servedFraction.percent)<br><small>\(RateText.format(item.servedBps)) of \(RateText.format(item.offeredBps))</small></td>"
            let cutClass = item.minCutBps < item.offeredBps ? "num loss" : "num"
            out += "<td class=\"\(cutClass)\">\(RateText.format(item.minCutBps))</td><td class=\"cut\">\(cut)</td><td class=\"why\">\((item.reason ?? "").markupEscaped)</td></tr>\n"
        }
        return out + "</tbody></table></div>\n"
    }

    /// What a `--db` run carried into this step: what its event broke, the taps' tally, the reservations.
    private func liveSection(_ step: StepReport) -> String {
        var out = ""
        if !step.impacts.isEmpty {
            out += "<div class=\"explain\"><p><b>Broken by this step:</b></p><ul>"
            out += step.impacts.map { "<li>\($0.message.markupEscaped)</li>" }.joined()
            out += "</ul></div>\n"
        }
        if let mirrors = step.mirrors {
            out += "<p class=\"note\">Taps: \(mirrors.tally.markupEscaped)"
            out += mirrors.monitors.map { "; monitor \($0.host.markupEscaped) \(RateText.format($0.loadBps)) of \(RateText.format($0.speedBps))" }.joined()
            out += " (<a href=\"#mirrors-\(step.index)\">per flow</a>).</p>\n"
        }
        guard let all = step.reservations, !all.isEmpty else { return out }
        // Many reservations: only those this step's fabric breaks get a row (report.json lists every one).
        let reservations = all.count <= Self.reservationRows ? all : all.filter { $0.status != .reserved }
        out += "<h4>Path reservations</h4>\n"
        if reservations.count < all.count {
            out += "<p class=\"note\">\(all.count - reservations.count) of \(all.count) reservations keep every path (listed in report.json).</p>\n"
        }
        guard !reservations.isEmpty else { return out }
        out += "<table class=\"reservations\"><thead><tr><th>Reservation</th><th>Pair</th><th>Class</th><th class=\"num\">Held</th><th>Status</th><th>Lost links</th><th>Reroute now</th></tr></thead><tbody>\n"
        for item in reservations {
            let held = item.reservation
            let status = item.status == .reserved ? item.status.rawValue : "<span class=\"loss\">\(item.status.rawValue)</span>"
            let lost = item.lostLinks.isEmpty ? "—" : item.lostLinks.map { "<code>\($0.markupEscaped)</code>" }.joined(separator: " ")
            out += "<tr><td><code>\(held.id.markupEscaped)</code></td><td>\(held.source.markupEscaped) → \(held.destination.markupEscaped)</td><td>\(held.className.markupEscaped)</td>"
            let reroute = item.reroute.map { check in check.fits ? "fits via \(check.path.map { $0.markupEscaped }.joined(separator: " › "))" : "<span class=\"loss\">no</span>: \((check.reason ?? "").markupEscaped)" } ?? "—"
            out += "<td class=\"num\">\(RateText.format(held.bandwidthBps))</td><td>\(status)</td><td class=\"cut\">\(lost)</td><td class=\"why\">\(reroute)</td></tr>\n"
        }
        return out + "</tbody></table>\n"
    }

    /// Up to this many reservations, every one gets a row in each step; beyond, only the broken ones.
    static let reservationRows = 20

    /// Next to a max-weighted-throughput step that starves some demands: why, and priority-maxmin beside it.
    private func starvationNote(_ step: StepReport) -> String {
        guard let note = step.starvation else { return "" }
        var out = "<div class=\"explain\"><p><b>Some demands get 0 %, others 100 % — by design.</b> \(note.message.markupEscaped)</p>\n"
        if let fair = note.priorityMaxMin {
            out += "<table><thead><tr><th>Objective</th><th class=\"num\">Served</th><th>Served %</th><th class=\"num\">Demands at 0 %</th><th class=\"num\">Demands at 100 %</th><th class=\"num\">Lowest demand</th><th class=\"num\">Solve</th></tr></thead><tbody>\n"
            out += "<tr><td><code>max-weighted-throughput</code> (this report)</td><td class=\"num\">\(RateText.format(step.servedBps))</td><td>\(bar(step.servedFraction, colour: servedColour(step.servedFraction)))</td>"
            out += "<td class=\"num loss\">\(note.unservedDemands) of \(note.demands)</td><td class=\"num\">\(note.fullyServedDemands)</td><td class=\"num\">0.0%</td><td class=\"num\">\(String(format: "%.3f s", step.solver.solveSeconds))</td></tr>\n"
            out += "<tr><td><code>\(fair.objective)</code> (same step)</td><td class=\"num\">\(RateText.format(fair.servedBps))</td><td>\(bar(fair.servedFraction, colour: servedColour(fair.servedFraction)))</td>"
            out += "<td class=\"num\">\(fair.unservedDemands) of \(note.demands)</td><td class=\"num\">\(fair.fullyServedDemands)</td><td class=\"num\">\(fair.lowestDemandFraction.percent)</td><td class=\"num\">\(String(format: "%.3f s", fair.solveSeconds))</td></tr>\n"
            out += "</tbody></table>\n"
        }
        return out + "</div>\n"
    }

    /// The step's all-pairs min-cut: heat map, weakest pairs, pairs that fell against the baseline, weak spots.
    private func minCutSection(_ report: WhatIfReport, _ step: StepReport) -> String {
        guard let cuts = step.minCuts else { return "" }
        let scale = report.steps.first?.minCuts?.highestBps ?? cuts.highestBps
        let kind = cuts.between == "leaves" ? "leaf × leaf" : "node × node"
        var out = "<h4>All-pairs min-cut, \(kind)</h4>\n"
        out += "<p class=\"note\">From a Gomory–Hu tree of the links this step leaves up (\(cuts.endpoints) \(cuts.between), \(cuts.pairs) pairs, \(String(format: "%.3f s", cuts.seconds))): "
        out += "lowest <b>\(RateText.format(cuts.lowestBps))</b>, median \(RateText.format(cuts.medianBps)), highest \(RateText.format(cuts.highestBps))"
        if cuts.disconnectedPairs > 0 { out += "; <span class=\"loss\">\(cuts.disconnectedPairs) pairs disconnected</span>" }
        if cuts.blockSize > 1 {
            out += ". \(cuts.endpoints) × \(cuts.endpoints) is too many to draw: each cell is the lowest min-cut between two groups of up to \(cuts.blockSize) \(cuts.between), "
                + "taken in the order of the min-cut tree so that each group holds neighbours that only a common cut separates from the rest "
                + "(hover a row's left edge for its members; <code>report.json</code> lists every group)"
        }
        out += ".</p>\n"
        for note in cuts.notes { out += "<p class=\"note\">\(note.markupEscaped)</p>\n" }
        out += "<figure class=\"heatmap\">\(MinCutHeatMap().svg(cuts, scaleBps: scale, title: "\(report.fabric.name) — step \(step.index): min-cut \(kind)"))</figure>\n"
        out += "<div class=\"pair\">\n<div><h4>Weakest pairs</h4>\n<table><thead><tr><th>Pair</th><th class=\"num\">Min-cut</th><th>Cut cables</th></tr></thead><tbody>\n"
        for pair in cuts.weakest {
            let cables = pair.cutCables.isEmpty ? "<span class=\"loss\">disconnected</span>" : pair.cutCables.prefix(4).map { "<code>\($0.markupEscaped)</code>" }.joined(separator: " ") + (pair.cutCables.count > 4 ? " <small>+\(pair.cutCables.count - 4) more</small>" : "")
            out += "<tr><td>\(pair.source.markupEscaped) – \(pair.destination.markupEscaped)</td><td class=\"num\">\(RateText.format(pair.minCutBps))</td><td class=\"cut\">\(cables)</td></tr>\n"
        }
        out += "</tbody></table></div>\n"
        if step.index > 0 {
            out += "<div><h4>Fell most vs baseline</h4>\n"
            if cuts.fellMost.isEmpty {
                out += "<p class=\"note\">No pair lost min-cut against the baseline.</p></div>\n"
            } else {
                out += "<table><thead><tr><th>Pair</th><th class=\"num\">Baseline</th><th class=\"num\">Now</th><th class=\"num\">Change</th></tr></thead><tbody>\n"
                for drop in cuts.fellMost {
                    let change = drop.baselineBps > 0 ? (drop.stepBps - drop.baselineBps) / drop.baselineBps : 0
                    out += "<tr><td>\(drop.source.markupEscaped) – \(drop.destination.markupEscaped)</td><td class=\"num\">\(RateText.format(drop.baselineBps))</td><td class=\"num\">\(RateText.format(drop.stepBps))</td><td class=\"num loss\">\(change.percent)</td></tr>\n"
                }
                out += "</tbody></table></div>\n"
            }
        }
        out += "<div><h4>Weak spots: cables in the most minimum cuts</h4>\n<table><thead><tr><th>Cable</th><th class=\"num\">Capacity</th><th class=\"num\">In cuts of</th></tr></thead><tbody>\n"
        for spot in cuts.weakSpots {
            out += "<tr><td><code>\(spot.cable.markupEscaped)</code></td><td class=\"num\">\(RateText.format(spot.capacityBps))</td><td class=\"num\">\(spot.pairs) pairs</td></tr>\n"
        }
        return out + "</tbody></table></div>\n</div>\n"
    }

    private func mirrorSection(_ report: WhatIfReport) -> String {
        let steps = report.steps.filter { $0.mirrors != nil }
        guard !steps.isEmpty else { return "" }
        var out = "<section>\n<h2>Mirror coverage and sampling</h2>\n"
        out += "<p class=\"note\">Mirrored copies are placed after tenant traffic, in residual capacity only, under the per-link mirror cap and the monitor port's speed. A copy that does not fit is sampled or metered — never given tenant capacity. Hover a row for the planner's full explanation.</p>\n"
        out += "<table class=\"coverage\"><thead><tr><th>Step</th><th class=\"num\">Tap flows</th><th class=\"num\">Needed</th><th class=\"num\">Mirrored</th><th class=\"wide\">Coverage</th><th class=\"num\">Sampled flows</th><th class=\"num\">Monitor ports</th></tr></thead><tbody>\n"
        for step in steps {
            guard let mirrors = step.mirrors else { continue }
            let monitors = mirrors.monitors.map { "\($0.host.markupEscaped) \(RateText.format($0.loadBps)) / \(RateText.format($0.speedBps))" }.joined(separator: "<br>")
            out += "<tr><td>\(step.index) · \(step.label.markupEscaped)</td><td class=\"num\">\(mirrors.flows.count)</td><td class=\"num\">\(RateText.format(mirrors.demandBps))</td><td class=\"num\">\(RateText.format(mirrors.mirroredBps))</td>"
            out += "<td>\(bar(mirrors.coverage, colour: mirrors.coverage >= 0.999 ? "#2ca25f" : "#d4a300"))</td><td class=\"num\">\(mirrors.flows.filter { $0.samplingFraction < 0.999 }.count)</td><td class=\"num\">\(monitors)</td></tr>\n"
        }
        out += "</tbody></table>\n"
        for step in steps {
            guard let mirrors = step.mirrors else { continue }
            out += "<h3 id=\"mirrors-\(step.index)\"><span class=\"stepno\">\(step.index == 0 ? "Baseline" : "Step \(step.index)")</span> \(step.label.markupEscaped)</h3>\n"
            out += "<ul class=\"figures\"><li><b>\(mirrors.coverage.percent)</b> coverage</li><li><b>\(RateText.format(mirrors.mirroredBps))</b> mirrored of \(RateText.format(mirrors.demandBps)) needed</li><li><b>\(mirrors.flows.filter { $0.samplingFraction < 0.999 }.count)</b> of \(mirrors.flows.count) flows sampled</li>"
            for monitor in mirrors.monitors {
                out += "<li>monitor <b>\(monitor.host.markupEscaped)</b> (\(monitor.service.markupEscaped), port \(monitor.port.markupEscaped)): <b>\(RateText.format(monitor.loadBps))</b> of \(RateText.format(monitor.speedBps))</li>"
            }
            out += "</ul>\n"
            out += "<table class=\"mirrors\"><thead><tr><th>Tap flow</th><th>Source → monitor</th><th>Dir</th><th class=\"num\">Needed</th><th class=\"num\">Mirrored</th><th class=\"wide\">Sampling</th><th>Limited by</th><th>How</th></tr></thead><tbody>\n"
            for flow in mirrors.flows {
                let tooltip = flow.reason.map { " title=\"\($0.markupEscaped)\"" } ?? ""
                out += "<tr\(tooltip)><td>\(flow.flow.markupEscaped)</td><td>\(flow.source.markupEscaped) → \(flow.destination.markupEscaped)"
                if flow.path.count > 1 { out += " <small>via \(flow.path.dropFirst().dropLast().map { $0.markupEscaped }.joined(separator: ", "))</small>" }
                out += "</td><td>\(flow.direction)</td><td class=\"num\">\(RateText.format(flow.demandBps))</td><td class=\"num\">\(RateText.format(flow.mirroredBps))</td>"
                out += "<td>\(bar(flow.samplingFraction, colour: flow.samplingFraction >= 0.999 ? "#2ca25f" : "#d4a300"))</td><td class=\"why\">\((flow.limitedBy ?? "—").markupEscaped)</td><td class=\"why nowrap\">\(flow.reduction.markupEscaped)</td></tr>\n"
            }
            out += "</tbody></table>\n"
        }
        return out + "</section>\n"
    }

    private func footer(_ report: WhatIfReport) -> String {
        """
        <footer>Generated by <code>weft whatif</code> · schema <code>\(report.schema)</code> · the same numbers are in <code>report.json</code> beside this page.</footer>
        </main>
        </body>
        </html>

        """
    }

    // MARK: Pieces

    /// A horizontal bar for a fraction with the percentage printed beside it.
    private func bar(_ fraction: Double, colour: String) -> String {
        let width = min(max(fraction, 0), 1) * 100
        return "<div class=\"bar\"><span class=\"track\"><span class=\"fill\" style=\"width:\(width.formatted(decimals: 1))%;background:\(colour)\"></span></span><span class=\"pct\">\(fraction.percent)</span></div>"
    }

    private func servedColour(_ fraction: Double) -> String {
        fraction >= 0.999 ? "#2ca25f" : fraction >= 0.9 ? "#d4a300" : "#e0452b"
    }

    private static let classPalette = ["#4e79a7", "#59a14f", "#b07aa1", "#76b7b2", "#edc948", "#ff9da7"]

    private func classColour(_ name: String, in report: WhatIfReport) -> String {
        switch name {
        case "gold": return "#c9a227"
        case "silver": return "#8e9aa6"
        case "bronze": return "#b8733a"
        default:
            let index = report.scenario.classes.firstIndex { $0.name == name } ?? 0
            return Self.classPalette[index % Self.classPalette.count]
        }
    }

    /// The non-baseline step serving the smallest share, if any step serves less than the baseline.
    private func worstStep(_ report: WhatIfReport) -> StepReport? {
        guard let baseline = report.steps.first else { return nil }
        let worst = report.steps.dropFirst().min { ($0.servedFraction, -$0.mlu) < ($1.servedFraction, -$1.mlu) }
        guard let worst, worst.servedFraction < baseline.servedFraction - 1e-9 else { return nil }
        return worst
    }

    private static let css = """
    :root{--ink:#1f2d3d;--muted:#5b6773;--rule:#dde3ea;--soft:#f5f7fa;--accent:#3d5a80}
    *{box-sizing:border-box}
    body{margin:0;background:#eef1f5;color:var(--ink);font:14px/1.5 'Inter','Segoe UI','Helvetica Neue',Arial,sans-serif;-webkit-font-smoothing:antialiased}
    main{max-width:1120px;margin:24px auto;background:#fff;padding:36px 44px 28px;border-radius:10px;box-shadow:0 1px 3px rgba(31,45,61,.08)}
    header{border-bottom:2px solid var(--ink);padding-bottom:18px;margin-bottom:8px}
    .kicker{margin:0;text-transform:uppercase;letter-spacing:.12em;font-size:11px;color:var(--muted);font-weight:600}
    h1{margin:4px 0 6px;font-size:28px;letter-spacing:-.01em}
    .lede{margin:0 0 14px;font-size:15px;color:#34404c;max-width:820px}
    h2{font-size:19px;margin:34px 0 6px;padding-bottom:6px;border-bottom:1px solid var(--rule)}
    h3{font-size:16px;margin:26px 0 6px}
    h4{font-size:13px;margin:14px 0 6px;text-transform:uppercase;letter-spacing:.06em;color:var(--muted)}
    .stepno{display:inline-block;min-width:72px;font-size:12px;font-weight:700;color:#fff;background:var(--accent);border-radius:4px;padding:1px 8px;margin-right:8px;text-align:center;vertical-align:2px}
    .facts{display:grid;grid-template-columns:repeat(2,minmax(0,1fr));gap:4px 28px;margin:0}
    .facts div{display:flex;gap:10px;padding:3px 0;border-bottom:1px dotted var(--rule)}
    .facts dt{flex:0 0 96px;color:var(--muted);font-weight:600}
    .facts dd{margin:0}
    .chip{display:inline-block;margin:0 6px 2px 0;white-space:nowrap}
    .chip i,.classname i{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:5px;vertical-align:-1px}
    small{color:var(--muted);font-size:11.5px}
    td code{white-space:nowrap}
    .nowrap{white-space:nowrap}
    code{font:12px/1.3 'JetBrains Mono','DejaVu Sans Mono',Menlo,Consolas,monospace;background:var(--soft);padding:1px 4px;border-radius:3px}
    .note{color:var(--muted);margin:4px 0 12px;max-width:900px}
    table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums}
    th,td{padding:6px 8px;border-bottom:1px solid var(--rule);text-align:left;vertical-align:top}
    thead th{font-size:11.5px;text-transform:uppercase;letter-spacing:.05em;color:var(--muted);border-bottom:1.5px solid #b9c3ce;white-space:nowrap}
    td.num,th.num{text-align:right;white-space:nowrap}
    th.wide{width:26%}
    tbody tr:hover{background:#fafbfc}
    .classes tbody{border-top:1.5px solid #b9c3ce}
    .summary td:nth-child(2){min-width:220px}
    .summary td code{white-space:normal}
    .classname{font-weight:700;white-space:nowrap;vertical-align:middle;background:var(--soft)}
    .actions{color:var(--muted);font-size:12.5px}
    .loss{color:#b42318;font-weight:600}
    .gain{color:#1a7f37;font-weight:600}
    .badge.warn{background:#b54708}
    .explain{border-left:4px solid #b54708;background:#fffaeb;padding:8px 14px;margin:8px 0 10px;border-radius:0 6px 6px 0}
    .explain p{margin:0 0 6px}
    .heatmap{margin:6px 0;max-width:620px}
    .heatmap svg{display:block;width:100%;height:auto}
    .badge{display:inline-block;background:#b42318;color:#fff;font-size:10.5px;font-weight:700;text-transform:uppercase;letter-spacing:.06em;border-radius:3px;padding:0 5px;margin-left:4px;vertical-align:1px}
    .swatch{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:6px;vertical-align:-1px}
    .bar{display:flex;align-items:center;gap:8px;min-width:150px}
    .track{flex:1;height:10px;background:#e9edf2;border-radius:5px;overflow:hidden}
    .fill{display:block;height:100%;border-radius:5px}
    .pct{flex:0 0 50px;text-align:right;font-weight:600}
    .figures{list-style:none;display:flex;flex-wrap:wrap;gap:6px 22px;padding:0;margin:6px 0 8px;color:var(--muted)}
    .figures b{color:var(--ink);font-size:15px}
    .step{border-top:1px solid var(--rule);margin-top:18px}
    .fabric{margin:8px 0 4px;border:1px solid var(--rule);border-radius:8px;padding:6px;background:#fff}
    .fabric svg{display:block;width:100%;height:auto}
    .pair{display:flex;flex-wrap:wrap;gap:8px 40px;align-items:flex-start}
    .pair>div{flex:1 1 300px}
    .pair>div:has(.matrix){flex:0 0 auto}
    .cut code{display:inline-block;margin:0 3px 3px 0;font-size:11px}
    .why{font-size:12.5px;color:#34404c}
    .matrix{width:auto;border-collapse:separate;border-spacing:3px;margin:2px 0 6px}
    .matrix th{font-size:11.5px;color:var(--muted);padding:2px 6px;border:0;text-align:center;text-transform:none;letter-spacing:0}
    .matrix tbody th{text-align:right}
    .matrix td{padding:0;border:0}
    .matrix .m{display:block;font-size:11px;font-weight:600;line-height:1.55;padding:0 6px;border-radius:3px;margin:1px 0;white-space:nowrap;min-width:74px}
    .matrix .down{background:repeating-linear-gradient(135deg,#fde2e1 0 5px,#fff 5px 9px);color:#b42318;border:1px solid #f3b8b4}
    .matrix .drained{background:#eef0f2;color:#59636e;border:1px dashed #aab4be}
    footer{margin-top:36px;padding-top:12px;border-top:1px solid var(--rule);color:var(--muted);font-size:12px}
    @media print{body{background:#fff}main{box-shadow:none;margin:0;max-width:none}}
    """
}
