import Foundation
import Testing
@testable import Optimizer
import TopologyFormats

@Suite struct DemandFileTests {
    @Test func csvWithRateSuffixesAndClasses() throws {
        let text = """
        src,dst,rate_bps,class
        # comment lines are skipped
        h1-1,h2-1,10G,gold
        leaf1,leaf2,2.5e9,
        """
        let file = try DemandFile.parseCSV(text, file: "d.csv")
        #expect(file.demands.map(\.rateBps) == [10e9, 2.5e9])
        #expect(file.demands.map(\.qosClass) == [.gold, .bronze])
        #expect(file.lines["h1-1->h2-1/gold"] == 3)
    }

    @Test func csvColumnsMayComeInAnyOrderWithIDs() throws {
        let file = try DemandFile.parseCSV("class,rate_bps,dst,src,id\nsilver,1G,b,a,web\n", file: "d.csv")
        #expect(file.demands == [Demand(id: "web", source: "a", destination: "b", rateBps: 1e9, qosClass: .silver)])
    }

    @Test func csvProblemsNameFileLineAndField() {
        let text = "src,dst,rate_bps,class\na,b,-5,gold\na,b,1G,platinum\n,b,1G,gold\na,b,1G,gold,extra\n"
        #expect {
            try DemandFile.parseCSV(text, file: "bad.csv")
        } throws: { error in
            let problems = (error as? LocatedError)?.problems.map(\.description) ?? []
            return problems.count == 4
                && problems[0].hasPrefix("bad.csv:2: rate_bps: '-5' is not a rate")
                && problems[1].hasPrefix("bad.csv:3: class: unknown class 'platinum'")
                && problems[2] == "bad.csv:4: src: missing source"
                && problems[3].hasPrefix("bad.csv:5: 5 fields but the header has 4")
        }
    }

    @Test func csvWithoutTheRequiredHeaderIsRejected() {
        #expect {
            try DemandFile.parseCSV("a,b,1G,gold\n", file: "noheader.csv")
        } throws: { error in
            (error as? LocatedError)?.problems.contains { $0.line == 1 && $0.message.contains("header lacks src, dst, rate_bps") } ?? false
        }
    }

    @Test func yamlDemandsWithRateStrings() throws {
        let text = """
        demands:
          - {src: h1-1, dst: h2-1, rate: 25G, class: gold}
          - src: leaf1
            dst: leaf3
            rate_bps: 1000000000
            id: bulk
        """
        let file = try DemandFile.parseYAML(text, file: "d.yaml")
        #expect(file.demands.map(\.id) == ["h1-1->h2-1/gold", "bulk"])
        #expect(file.demands.map(\.rateBps) == [25e9, 1e9])
        #expect(file.lines["bulk"] == 3)
    }

    @Test func yamlRecordsReadTheSameAsThroughYAMLNode() throws {
        let text = """
        demands:
          - {id: "web, eu", src: h1-1, dst: "h2-1", rate_bps: 2.5e9, class: gold}
          - {src: leaf1, dst: leaf3, rate: 25G}
          - {src: leaf1, dst: leaf3, rate: 1G}
          - src: leaf2
            dst: 'leaf 1'
            rate_bps: 1000000000
            class: silver
        """
        let fast = try DemandFile.parseYAML(text, file: "d.yaml")
        #expect(fast == (try DemandFile.parseYAMLNodes(text, file: "d.yaml")))
        #expect(fast.demands.map(\.id) == ["web, eu", "leaf1->leaf3/bronze", "leaf1->leaf3/bronze#4", "leaf2->leaf 1/silver"])
        #expect(fast.demands.map(\.rateBps) == [2.5e9, 25e9, 1e9, 1e9])
        #expect(fast.lines["leaf2->leaf 1/silver"] == 5)
    }

    @Test func aProblemDeepInALargeYAMLFileIsLocated() {
        var text = "demands:\n"
        for index in 0..<500 { text += "  - {src: n\(index), dst: n\(index + 1), rate_bps: 1e9}\n" }
        text += "  - {src: a, dst: b, rate_bps: 1e9, class: platinum}\n"
        #expect {
            try DemandFile.parseYAML(text, file: "big.yaml")
        } throws: { error in
            let problems = (error as? LocatedError)?.problems ?? []
            return problems.count == 1 && problems[0].file == "big.yaml" && problems[0].line == 502 && problems[0].field == "class"
        }
    }

    @Test func yamlProblemsCarryLines() {
        let text = "demands:\n  - {src: a, dst: b, rate: fast}\n  - {src: a, dst: b, rate: 1G, colour: red}\n"
        #expect {
            try DemandFile.parseYAML(text, file: "bad.yaml")
        } throws: { error in
            let problems = (error as? LocatedError)?.problems ?? []
            return problems.count == 2 && problems[0].line == 2 && problems[0].field == "rate" && problems[1].line == 3 && problems[1].field == "colour"
        }
    }

    @Test func yamlSyntaxErrorIsLocated() {
        #expect {
            try DemandFile.parseYAML("demands:\n  - {src: a, dst: b\n", file: "broken.yaml")
        } throws: { error in
            ((error as? LocatedError)?.problems.first?.message ?? "").hasPrefix("malformed YAML")
        }
    }

    @Test func classFileOverridesAndExtendsTheDefaults() throws {
        let catalog = try QoSClassCatalog.parseYAML("classes:\n  - {name: gold, weight: 8, priority: 0}\n  - {name: scavenger, weight: 0.5, priority: 9}\n", file: "c.yaml")
        #expect(catalog.named("gold")?.weight == 8)
        #expect(catalog.named("scavenger") == QoSClass(name: "scavenger", weight: 0.5, priority: 9))
        #expect(catalog.named("silver") == .silver)
        let file = try DemandFile.parseCSV("src,dst,rate_bps,class\na,b,1G,scavenger\n", file: "d.csv", classes: catalog)
        #expect(file.demands.first?.qosClass.priority == 9)
    }

    @Test func classFileRejectsBadWeightsAndPriorities() {
        #expect {
            try QoSClassCatalog.parseYAML("classes:\n  - {name: x, weight: -1, priority: 0}\n  - {name: y, weight: 1, priority: high}\n", file: "c.yaml")
        } throws: { error in
            let fields = (error as? LocatedError)?.problems.map(\.field) ?? []
            return fields == ["weight", "priority"]
        }
    }

    @Test func loadReadsCSVFromDiskAndRejectsUnknownExtensions() throws {
        let directory = try TestFabrics.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let csv = directory.appendingPathComponent("d.csv")
        try "src,dst,rate_bps\na,b,1G\n".write(to: csv, atomically: true, encoding: .utf8)
        #expect(try DemandFile.load(path: csv.path).demands.count == 1)
        #expect(throws: LocatedError.self) { try DemandFile.load(path: directory.appendingPathComponent("d.txt").path) }
    }

    @Test func generatorsAreReproducibleFromTheirSeed() throws {
        let endpoints = ["a", "b", "c", "d"]
        for model in DemandGenerator.Model.allCases {
            let generator = DemandGenerator(model: model, endpoints: endpoints, volume: .totalBps(120e9), classes: [.gold, .bronze], seed: 7, spread: 0.5)
            let first = try generator.generate()
            #expect(first == (try generator.generate()))
            #expect(first.count == 12)
            #expect(abs(first.reduce(0) { $0 + $1.rateBps } - 120e9) < (model == .uniform ? 60e9 : 1))
        }
    }

    @Test func hotspotSendsTheShareToTheHotspot() throws {
        let generator = DemandGenerator(model: .hotspot, endpoints: ["a", "b", "c"], volume: .totalBps(60), hotspots: ["c"], hotspotShare: 0.5)
        let demands = try generator.generate()
        #expect(demands.filter { $0.destination == "c" }.reduce(0) { $0 + $1.rateBps } == 40)
    }

    @Test func generatorRejectsBadParameters() {
        #expect(throws: OptimizerError.self) {
            try DemandGenerator(model: .uniform, endpoints: ["a"], volume: .perPairBps(1)).generate()
        }
        #expect(throws: OptimizerError.self) {
            try DemandGenerator(model: .hotspot, endpoints: ["a", "b"], volume: .perPairBps(1), hotspots: ["z"]).generate()
        }
    }
}
