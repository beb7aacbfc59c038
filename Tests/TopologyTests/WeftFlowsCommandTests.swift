import Foundation
import Testing
import WeftTestSupport

/// `weft flows` run as a separate process: what an update between two stored versions changes, and
/// bad arguments named in the error.
@Suite struct WeftFlowsCommandTests {
    let scratch: ScratchDirectory
    let weft: WeftProcess

    init() throws {
        scratch = try ScratchDirectory()
        weft = WeftProcess(directory: scratch.url)
    }

    @Test func diffShowsWhatAnAddedLeafChangesOnEverySwitch() throws {
        _ = try weft.run(["topo", "gen", "spine-leaf", "--spines", "2", "--leaves", "2", "--hosts-per-leaf", "1"])
        _ = try weft.run(["topo", "gen", "spine-leaf", "--spines", "2", "--leaves", "3", "--hosts-per-leaf", "1"])
        let diff = try weft.run(["flows", "--diff", "1", "2"])
        #expect(diff.status == 0, "\(diff.stderr)")
        let lines = diff.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains("# leaf3: -0 +18"))
        #expect(lines.contains("# leaf1: -0 +3"))
        #expect(lines.contains("+ cookie=0x5746060000000001, table=2, priority=200,ip,nw_dst=10.0.3.1 actions=group:65541"))
        #expect(lines.contains("+ cookie=0x5746060000000001, table=2, priority=200,ip,nw_dst=10.0.3.1 actions=output:3"))
        #expect(!lines.contains { $0.hasPrefix("-") }, "adding a leaf removes nothing")
        #expect(lines.last == "version 1 -> 2: 5 switches change")
    }

    @Test func summaryCountsOneClassAggregatePerLeafPairAndClass() throws {
        _ = try weft.run(["topo", "gen", "spine-leaf", "--spines", "2", "--leaves", "4", "--hosts-per-leaf", "2"])
        var csv = "src,dst,rate_bps,class\n"
        for source in 1...4 {
            for destination in 1...4 where destination != source {
                for className in ["gold", "silver", "bronze"] { csv += "leaf\(source),leaf\(destination),10M,\(className)\n" }
            }
        }
        let demands = scratch.url.appendingPathComponent("all-pairs.csv").path
        try csv.write(toFile: demands, atomically: true, encoding: .utf8)
        let summary = try weft.run(["flows", "--demands", demands, "--summary"])
        #expect(summary.status == 0, "\(summary.stderr)")
        let lines = summary.stdout.split(separator: "\n").map { $0.split(separator: " ").joined(separator: " ") }
        #expect(lines.last?.contains("36 class-aggregate entries") == true, "\(summary.stdout)")
        #expect(lines.contains { $0.hasPrefix("leaf1 ") && $0.split(separator: " ")[2] == "9" && $0.split(separator: " ")[4] == "9" }, "\(summary.stdout)")
    }

    @Test func badArgumentsAreNamedAndExitNonZero() throws {
        _ = try weft.run(["topo", "gen", "spine-leaf", "--spines", "2", "--leaves", "2", "--hosts-per-leaf", "1"])
        let unknown = try weft.run(["flows", "--switch", "leaf9"])
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("--switch: no switch 'leaf9' in the topology"))
        let oneVersion = try weft.run(["flows", "--diff", "1"])
        #expect(oneVersion.status != 0)
        #expect(oneVersion.stderr.contains("--diff takes two stored versions"))
        let format = try weft.run(["flows", "--format", "yaml"])
        #expect(format.status != 0 && format.stderr.contains("--format: 'yaml' is not one of ofctl, json"))
    }
}
