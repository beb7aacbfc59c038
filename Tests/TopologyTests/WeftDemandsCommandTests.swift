import Foundation
import Testing
import WeftTestSupport

/// `weft demands …` run as separate processes against one SQLite file: import checks every line
/// against the latest topology and writes all or nothing; export writes a file import reads back.
@Suite struct WeftDemandsCommandTests {
    let scratch: ScratchDirectory
    let weft: WeftProcess

    init() throws {
        scratch = try ScratchDirectory()
        weft = WeftProcess(directory: scratch.url)
        let generated = try weft.run(["topo", "gen", "spine-leaf", "--spines", "2", "--leaves", "3", "--hosts-per-leaf", "2"])
        #expect(generated.status == 0, "\(generated.stderr)")
    }

    func write(_ name: String, _ text: String) throws -> String {
        let path = scratch.url.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func importedDemandsAreShownPerAggregateAndExportRoundTrips() throws {
        let file = try write("d.csv", "src,dst,rate_bps,class\nh1-1,h2-1,1G,gold\nh1-2,h2-2,500M,gold\nh1-1,h3-1,2G,bronze\n")
        let imported = try weft.run(["demands", "import", file])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.hasPrefix("imported 3 declared demands"))
        let shown = try weft.run(["demands", "show"])
        let lines = shown.stdout.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ") }
        #expect(lines.first == "3 declared demands; no measured matrix stored")
        #expect(lines.contains("leaf1 leaf2 gold 1.5 Gbit/s 2 - -"), "\(shown.stdout)")
        let exported = try weft.run(["demands", "export", "--format", "yaml", "--output", "out.yaml"])
        #expect(exported.status == 0, "\(exported.stderr)")
        let reimported = try weft.run(["demands", "import", "out.yaml"])
        #expect(reimported.status == 0, "\(reimported.stderr)")
        #expect(try weft.run(["demands", "export"]).stdout == """
            id,src,dst,rate_bps,class
            h1-1->h2-1/gold,h1-1,h2-1,1000000000,gold
            h1-2->h2-2/gold,h1-2,h2-2,500000000,gold
            h1-1->h3-1/bronze,h1-1,h3-1,2000000000,bronze

            """)
    }

    @Test func anUnknownHostIsNamedWithItsLineAndNothingIsWritten() throws {
        #expect(try weft.run(["demands", "import", try write("good.csv", "src,dst,rate_bps\nh1-1,h2-1,1G\n")]).status == 0)
        let bad = try write("bad.csv", "src,dst,rate_bps,class\nh1-1,h2-1,1G,gold\nh9-9,h2-2,1G,gold\n")
        let refused = try weft.run(["demands", "import", bad])
        #expect(refused.status == 1)
        #expect(refused.stderrLines == ["error: \(bad):3: src: unknown node 'h9-9' (not a host or switch of topology 'spine-leaf-2x3')"])
        #expect(try weft.run(["demands", "export"]).stdout == "id,src,dst,rate_bps,class\nh1-1->h2-1/bronze,h1-1,h2-1,1000000000,bronze\n")
    }

    @Test func aNegativeRateIsNamedWithItsLineAndField() throws {
        let bad = try write("neg.yaml", "demands:\n  - {src: h1-1, dst: h2-1, rate_bps: -5}\n")
        let refused = try weft.run(["demands", "import", bad])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("\(bad):2") && refused.stderr.contains("rate_bps"), "\(refused.stderr)")
        #expect(try weft.run(["demands", "export"]).stdout == "id,src,dst,rate_bps,class\n")
    }
}
