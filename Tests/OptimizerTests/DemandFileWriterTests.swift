import Foundation
import Testing
@testable import Optimizer
import Topology
import TopologyFormats

/// What `DemandFileWriter` writes, `DemandFile` reads back to the same demands, in both syntaxes: names
/// as imported graphs label their nodes, rates at every scale; and the CSV dialect both share.
@Suite struct DemandFileWriterTests {
    /// Node labels as Topology Zoo and SNDlib files carry them, plus the characters each syntax must quote.
    static let awkwardNames = [
        "Paris, FR", "New \"York\"", " leading and trailing ", "Zürich", "東京", "São Paulo", "#1 core", "a\\b", "tab\there",
        "e\u{301}", ",\u{301}", "\u{301},x", "'single'", "yes", "1e9", "null", "- dash", "key: value", "{braces}", "[list]", "",
    ]

    /// Rates given in every unit `BitRate` reads, whole and fractional, down to below one bit/s.
    static let rates = ["0", "0.5", "1", "999", "1.5k", "2.5K", "155M", "9.953Mbps", "40G", "2.5Gbps", "1.5 Gbit/s", "100G",
                        "1.2T", "3.75Tbps", "1e16", "12345678901234567", "0.1", "1e-3"]

    static func demands() -> [Demand] {
        let classes: [QoSClass] = [.gold, .silver, .bronze]
        var demands: [Demand] = []
        for (index, name) in awkwardNames.enumerated() where !name.isEmpty {
            let other = awkwardNames[(index + 1) % awkwardNames.count].isEmpty ? "plain" : awkwardNames[(index + 1) % awkwardNames.count]
            let rate = (try? BitRate.parse(rates[index % rates.count]).get())?.bitsPerSecond ?? 1
            demands.append(Demand(id: "\(name) → \(other) #\(index)", source: name, destination: other, rateBps: rate, qosClass: classes[index % 3]))
        }
        for (index, text) in rates.enumerated() {
            demands.append(Demand(source: "h\(index)", destination: "h\(index + 1)", rateBps: (try? BitRate.parse(text).get())?.bitsPerSecond ?? -1))
        }
        return demands
    }

    @Test(arguments: DemandFileWriter.Format.allCases)
    func writtenDemandsReadBackIdentically(format: DemandFileWriter.Format) throws {
        let demands = Self.demands()
        #expect(!demands.contains { $0.rateBps < 0 }, "every rate in the list parses")
        let directory = try TestFabrics.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("demands.\(format.rawValue)").path
        try DemandFileWriter.write(demands, to: path)
        let read = try DemandFile.load(path: path)
        #expect(read.demands.count == demands.count)
        for (written, back) in zip(demands, read.demands) {
            #expect(back == written)
            #expect(back.rateBps.bitPattern == written.rateBps.bitPattern, "\(written.id): \(written.rateBps) read back as \(back.rateBps)")
        }
    }

    @Test func namesWithoutSpecialCharactersStayUnquotedInCSV() throws {
        let text = try DemandFileWriter.text(of: [Demand(source: "h1-1", destination: "h2-1", rateBps: 40e9, qosClass: .gold)], format: .csv)
        #expect(text == "id,src,dst,rate_bps,class\nh1-1->h2-1/gold,h1-1,h2-1,40000000000,gold\n")
    }

    @Test func csvQuotesCommasQuotesAndSurroundingSpaces() throws {
        let demand = Demand(id: "#a", source: "Paris, FR", destination: "New \"York\" ", rateBps: 0.5, qosClass: .silver)
        #expect(try DemandFileWriter.text(of: [demand], format: .csv) == "id,src,dst,rate_bps,class\n\"#a\",\"Paris, FR\",\"New \"\"York\"\" \",0.5,silver\n")
    }

    @Test func yamlEscapesBackslashesQuotesAndControlCharacters() throws {
        let demand = Demand(id: "x", source: "a\\b \"c\"", destination: "tab\there\u{2028}", rateBps: 1e16, qosClass: .bronze)
        #expect(try DemandFileWriter.text(of: [demand], format: .yaml)
            == "demands:\n  - {id: \"x\", src: \"a\\\\b \\\"c\\\"\", dst: \"tab\\there\\u2028\", rate_bps: 1e+16, class: \"bronze\"}\n")
    }

    @Test func aLineBreakInANameCannotBeWrittenAsCSVButAsYAML() throws {
        let demands = [Demand(id: "d1", source: "two\nlines", destination: "b", rateBps: 1e9)]
        #expect {
            try DemandFileWriter.text(of: demands, format: .csv, file: "out.csv")
        } throws: { error in
            (error as? LocatedError)?.problems.map(\.description) == ["out.csv: src: demand 'd1': a CSV demand file cannot hold a line break in a name (write YAML)"]
        }
        let read = try DemandFile.parseYAML(try DemandFileWriter.text(of: demands, format: .yaml), file: "d.yaml")
        #expect(read.demands == demands)
    }

    @Test func aNegativeOrInfiniteRateIsRefusedWithTheDemandNamed() {
        #expect {
            try DemandFileWriter.text(of: [Demand(id: "bad", source: "a", destination: "b", rateBps: .infinity)], format: .yaml)
        } throws: { error in
            (error as? LocatedError)?.problems.first?.message == "demand 'bad': inf is not a finite, non-negative rate"
        }
    }

    /// `DemandFile` refuses a missing source or destination and a repeated id, and gives an empty id a
    /// made-up one: the writer refuses these too, naming each demand, rather than write a file that
    /// does not read back as written.
    @Test(arguments: DemandFileWriter.Format.allCases)
    func emptyNamesAndRepeatedIdsAreRefusedWithTheDemandNamed(format: DemandFileWriter.Format) throws {
        let demands = [
            Demand(id: "d1", source: "a", destination: "b", rateBps: 1e9),
            Demand(id: "d1", source: "b", destination: "c", rateBps: 2e9),
            Demand(id: "d3", source: "", destination: "c", rateBps: 1e9),
            Demand(id: "", source: "a", destination: "", rateBps: 1e9),
        ]
        #expect {
            try DemandFileWriter.text(of: demands, format: format, file: "out")
        } throws: { error in
            (error as? LocatedError)?.problems.map(\.description) == [
                "out: id: demand 2: id 'd1' is given twice; a demand file reads ids once",
                "out: src: demand 3 ('d3'): empty src, which a demand file cannot hold",
                "out: id: demand 4 (''): empty id, which a demand file cannot hold",
                "out: dst: demand 4 (''): empty dst, which a demand file cannot hold",
            ]
        }
        let directory = try TestFabrics.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("demands.\(format.rawValue)").path
        #expect(throws: LocatedError.self) { try DemandFileWriter.write(demands, to: path) }
        #expect(!FileManager.default.fileExists(atPath: path), "a refused write left a file behind")
    }

    @Test func anUnwritablePathIsNamedAndNothingIsLeftBehind() throws {
        let directory = try TestFabrics.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("missing/demands.csv").path
        #expect {
            try DemandFileWriter.write([Demand(source: "a", destination: "b", rateBps: 1)], to: path)
        } throws: { error in
            (error as? LocatedError)?.problems.first.map { $0.file == path && $0.message.hasPrefix("cannot write") } ?? false
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
    }

    @Test func csvWithWindowsLineEndsReadsLikeUnixLineEnds() throws {
        let demands = [Demand(source: "Paris, FR", destination: "b", rateBps: 1e9), Demand(source: "b", destination: "c", rateBps: 2e9)]
        let unix = try DemandFileWriter.text(of: demands, format: .csv)
        let windows = try DemandFile.parseCSV(unix.replacingOccurrences(of: "\n", with: "\r\n"), file: "d.csv")
        #expect(windows.demands == demands)
        #expect(windows.lines == (try DemandFile.parseCSV(unix, file: "d.csv")).lines)
    }

    @Test func anUnclosedQuoteInACSVLineIsNamedWithItsLine() {
        #expect {
            try DemandFile.parseCSV("src,dst,rate_bps\n\"Paris, FR,b,1G\n", file: "d.csv")
        } throws: { error in
            (error as? LocatedError)?.problems.map(\.description) == ["d.csv:2: a quoted field is not closed, or text follows its closing quote"]
        }
    }
}
