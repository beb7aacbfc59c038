import Foundation
import Testing
import WeftTestSupport

/// `weft bench optimize --save-inputs DIR` keeps everything a whole-process timing needs: the fabric, the
/// demands and the model glpsol solved, in files the other commands read back as they are.
@Suite struct WeftBenchOptimizeCommandTests {
    /// A ring whose Topology Zoo labels hold a comma, quotes, a non-ASCII letter and a leading `#`.
    static let ring = """
        <?xml version="1.0" encoding="utf-8"?>
        <graphml xmlns="http://graphml.graphdrawing.org/xmlns">
          <key attr.name="LinkSpeedRaw" attr.type="double" for="edge" id="d4" />
          <key attr.name="label" attr.type="string" for="node" id="d0" />
          <graph edgedefault="undirected">
            <node id="0"><data key="d0">Paris, FR</data></node>
            <node id="1"><data key="d0">New &quot;York&quot;</data></node>
            <node id="2"><data key="d0">Zürich</data></node>
            <node id="3"><data key="d0">#1 core</data></node>
            <edge source="0" target="1"><data key="d4">10000000000.0</data></edge>
            <edge source="1" target="2"><data key="d4">10000000000.0</data></edge>
            <edge source="2" target="3"><data key="d4">10000000000.0</data></edge>
            <edge source="3" target="0"><data key="d4">10000000000.0</data></edge>
          </graph>
        </graphml>
        """

    @Test func savedInputsOfAGraphWithCommasInItsLabelsRunAgainAsTheyAre() throws {
        let scratch = try ScratchDirectory()
        let weft = WeftProcess(directory: scratch.url)
        try Self.ring.write(toFile: scratch.path("ring.graphml"), atomically: true, encoding: .utf8)
        let bench = try weft.run(["bench", "optimize", "--topology", "ring.graphml", "--rate", "3G", "--glpsol", "none",
                                  "--no-reoptimization", "--save-inputs", "inputs", "--json"])
        #expect(bench.status == 0, "\(bench.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path("inputs")).sorted()
            == ["demands.csv", "fabric.graphml", "fabric.yaml", "model.lp"])
        let csv = try String(contentsOfFile: scratch.path("inputs/demands.csv"), encoding: .utf8)
        #expect(csv.contains("\"Paris, FR\",\"New \"\"York\"\"\","), "\(csv)")

        let optimized = try weft.run(["optimize", "--topology", "inputs/fabric.yaml", "--demands", "inputs/demands.csv"])
        #expect(optimized.status == 0, "\(optimized.stderr)")
        #expect(optimized.stdout.hasPrefix("topology ring · 12 demands"), "\(optimized.stdout)")
        let model = try String(contentsOfFile: scratch.path("inputs/model.lp"), encoding: .utf8)
        #expect(model.contains("\nMaximize\n"), "CPLEX LP of max-weighted-throughput: \(model.prefix(200))")
    }
}
