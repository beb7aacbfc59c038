import Foundation
import FoundationXML
import Testing
@testable import WhatIf

/// The HTML report of a real run: self-contained, and its drawings well-formed with links
/// coloured by the utilization the optimizer computed.
@Suite struct ReportPageTests {
    static let report: WhatIfReport? = try? ScenarioRunner().run(
        ShippedScenarios.prepared(ShippedScenarios.directory.appendingPathComponent("spine-failure-under-load.yaml").path))

    @Test func everyStepDrawingIsWellFormedAndColouredByComputedUtilization() throws {
        let report = try #require(Self.report)
        let scale = UtilizationScale()
        for step in report.steps {
            let document = try XMLDocument(xmlString: ReportPage().svg(report, step: step), options: [])
            let groups = try document.nodes(forXPath: "//*[@data-link]").compactMap { $0 as? XMLElement }
            #expect(groups.count == step.links.count)
            let byName = Dictionary(uniqueKeysWithValues: step.links.map { ($0.name, $0) })
            for group in groups {
                let link = try #require(byName[group.value(of: "data-link") ?? ""])
                let line = try #require(try group.nodes(forXPath: "*[local-name()='line']").first as? XMLElement)
                switch link.state {
                case .up: #expect(line.value(of: "stroke") == scale.colour(for: link.utilization))
                case .failed: #expect(line.value(of: "stroke") == scale.failedColour)
                case .drained: #expect(line.value(of: "stroke") == scale.drainedColour)
                }
            }
        }
    }

    @Test func minCutHeatMapIsWellFormedWithOneCellPerPairColouredByValue() throws {
        let report = try #require(Self.report)
        let scale = try #require(report.steps.first?.minCuts?.highestBps)
        let map = MinCutHeatMap()
        for step in report.steps {
            let cuts = try #require(step.minCuts)
            let document = try XMLDocument(xmlString: map.svg(cuts, scaleBps: scale, title: "t"), options: [])
            let cells = try document.nodes(forXPath: "//*[local-name()='rect'][*[local-name()='title']]").compactMap { $0 as? XMLElement }
            #expect(cells.count == cuts.labels.count * cuts.labels.count)
            for (offset, cell) in cells.enumerated() {
                let value = cuts.cells[offset / cuts.labels.count][offset % cuts.labels.count]
                let expected = value.map { $0 <= 0 ? "url(#cut-none)" : map.colour(for: $0 / scale) } ?? "#eef0f2"
                #expect(cell.value(of: "fill") == expected)
            }
        }
        let html = ReportPage().html(report)
        #expect(html.contains("All-pairs min-cut, leaf × leaf"))
        #expect(html.contains("Fell most vs baseline"))
    }

    @Test func failedAndDrainedSwitchesAreMarked() throws {
        let report = try #require(Self.report)
        let last = try #require(report.steps.last)
        let document = try XMLDocument(xmlString: ReportPage().svg(report, step: last), options: [])
        let states = Dictionary(uniqueKeysWithValues: try document.nodes(forXPath: "//*[@data-switch]").compactMap { $0 as? XMLElement }.map { ($0.value(of: "data-switch") ?? "", $0.value(of: "data-state") ?? "") })
        #expect(states["spine2"] == "failed")
        #expect(states["spine4"] == "drained")
        #expect(states["spine1"] == "up")
    }

    @Test func pageIsSelfContained() throws {
        let html = ReportPage().html(try #require(Self.report))
        #expect(!html.contains("<script"))
        #expect(!html.contains("<link "))
        #expect(!html.contains("src="))
        let external = html.components(separatedBy: "http").dropFirst().filter { !$0.hasPrefix("://www.w3.org/2000/svg") }
        #expect(external.isEmpty)
    }

    @Test func pageShowsTheNumbersOfEveryStep() throws {
        let report = try #require(Self.report)
        let html = ReportPage().html(report)
        for step in report.steps {
            #expect(html.contains(step.label.markupEscaped))
            #expect(html.contains(step.servedFraction.percent))
            for outcome in step.classes {
                #expect(html.contains(outcome.servedFraction.percent))
            }
        }
    }

    @Test func manyReservationsListOnlyTheBrokenOnesWithACountOfTheRest() throws {
        var report = try #require(Self.report)
        let reservations = (1...25).map { index in
            ReservationOutcome(
                reservation: StoredReservation(id: "r\(index)", tenant: nil, source: "h1-1", destination: "h2-1", className: "gold", bandwidthBps: 1e9, paths: [["x"]]),
                status: index == 7 ? .down : .reserved, lostLinks: index == 7 ? ["leaf1:1->spine2:1"] : [], lostSwitches: [])
        }
        report.steps[0].reservations = reservations
        report.steps[1].reservations = Array(reservations.prefix(3))
        let html = ReportPage().html(report)
        #expect(html.contains("24 of 25 reservations keep every path (listed in report.json)."))
        #expect(html.contains("<code>r7</code>"))
        #expect(!html.contains("<code>r8</code>"))
        #expect(html.contains("<code>r3</code>"), "three reservations: every one gets a row")
    }
}

