import ArgumentParser
import Foundation
import Optimizer
import Topology

/// `weft bench mincut`: Weft's Gomory–Hu tree against LEMON's `GomoryHu` (C++, built by the bench
/// with g++ from Debian's `liblemon-dev`) and networkx's `gomory_hu_tree` (python3), on the same
/// graphs in the same run.
///
/// Each tool gets the same undirected graph (the switches and the cables Weft's cut graph keeps,
/// parallel cables as separate edges) and times only its tree construction, best of `--runs`
/// runs, in its own process. The three trees are then checked to give the same min-cut between
/// every two switches. Progress goes to stderr; the table (or JSON) to stdout.
struct BenchMincutCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mincut",
        abstract: "Time Weft's all-pairs min-cut (Gomory–Hu) against LEMON and networkx on the same graphs.")

    @Option(help: "Comma-separated topologies: generator specs (spine-leaf:SxL[xH], fat-tree:K) or files.")
    var graphs: String = "spine-leaf:16x64x0,fat-tree:16,fat-tree:32"

    @Option(help: "Timed runs per tool and graph (the best counts); networkx runs --networkx-runs times.")
    var runs: Int = 5

    @Option(help: "Timed networkx runs per graph.")
    var networkxRuns: Int = 1

    @Flag(help: "Skip networkx.")
    var skipNetworkx = false

    @Flag(help: "Skip LEMON.")
    var skipLemon = false

    @Flag(help: "Print only JSON.")
    var json = false

    @Option(help: ArgumentHelp(
        "Keep the inputs in this directory for whole-process timings: each graph as <spec>.txt (the reference tools' input), "
            + "the networkx script and the built LEMON driver (run as: lemon_gomory_hu 1 < fat-tree-16.txt).", valueName: "dir"))
    var saveInputs: String?

    struct Row: Encodable {
        var graph: String
        var nodes: Int
        var edges: Int
        var weft_seconds: Double
        var lemon_seconds: Double?
        var networkx_seconds: Double?
        var weft_over_lemon: Double?
        var networkx_over_weft: Double?
        var pairs_compared: Int
        var max_relative_difference: Double
        var agree: Bool
    }

    func validate() throws {
        guard runs >= 1, networkxRuns >= 1 else { throw ValidationError("--runs and --networkx-runs must be at least 1") }
    }

    func run() throws {
        try runReportingFailures {
            let directory = saveInputs.map { URL(fileURLWithPath: $0) }
                ?? FileManager.default.temporaryDirectory.appendingPathComponent("weft-bench-mincut-\(getpid())")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { if saveInputs == nil { try? FileManager.default.removeItem(at: directory) } }
            if saveInputs != nil {
                try ReferenceTools.networkxScript.write(to: directory.appendingPathComponent("networkx_gomory_hu.py"), atomically: true, encoding: .utf8)
            }
            let lemon = skipLemon ? nil : try ReferenceTools.buildLemonDriver(in: directory)
            var rows: [Row] = []
            for spec in graphs.split(separator: ",").map(String.init) {
                rows.append(try measure(spec, directory: directory, lemon: lemon))
            }
            if json {
                print(try JSONOutput.text(rows))
                return
            }
            var table = TextTable(["graph", "nodes", "edges", "weft", "LEMON", "networkx", "weft/LEMON", "networkx/weft", "pairs", "agree"],
                                  rightAligned: [1, 2, 3, 4, 5, 6, 7, 8])
            for row in rows {
                table.append([row.graph, "\(row.nodes)", "\(row.edges)", Self.seconds(row.weft_seconds),
                              row.lemon_seconds.map(Self.seconds) ?? "–", row.networkx_seconds.map(Self.seconds) ?? "–",
                              row.weft_over_lemon.map { String(format: "%.2f×", $0) } ?? "–",
                              row.networkx_over_weft.map { String(format: "%.1f×", $0) } ?? "–",
                              "\(row.pairs_compared)", row.agree ? "yes" : String(format: "NO (max diff %.2g)", row.max_relative_difference)])
            }
            print("all-pairs min-cut (Gomory–Hu tree construction only, best of \(runs); networkx best of \(networkxRuns))")
            table.lines.forEach { print($0) }
            if rows.contains(where: { !$0.agree }) { throw CommandFailure("bench mincut: the tools disagree on some min-cut values") }
        }
    }

    private static func seconds(_ value: Double) -> String {
        String(format: "%.4f s", value)
    }

    private func measure(_ spec: String, directory: URL, lemon: URL?) throws -> Row {
        let topology = try TopologyArgument.load(spec)
        printError("\(spec): Weft …")
        let clock = ContinuousClock()
        var best = Double.infinity
        var tree: GomoryHuTree?
        for _ in 0..<runs {
            let start = clock.now
            tree = GomoryHuTree(topology: topology, includeHosts: false)
            best = min(best, (clock.now - start).seconds)
        }
        guard let tree else { throw CommandFailure("bench mincut: no run") }
        let nodeCount = tree.switchCount
        let edges = tree.cables.filter { $0.capacityBps > 0 }.map { cable in
            (tree.index(of: cable.ends[0])!, tree.index(of: cable.ends[1])!, cable.capacityBps)
        }
        let graphFile = directory.appendingPathComponent(saveInputs == nil ? "graph.txt" : String(spec.map { $0.isLetter || $0.isNumber ? $0 : "-" }) + ".txt")
        var text = "\(nodeCount) \(edges.count)\n"
        for (a, b, capacity) in edges { text += "\(a) \(b) \(capacity)\n" }
        try text.write(to: graphFile, atomically: true, encoding: .utf8)

        let all = Array(0..<nodeCount)
        let weftMatrix = tree.matrix(among: all)
        var worst = 0.0
        func compare(_ other: ReferenceTools.Tree) {
            let matrix = GomoryHuTree.pathMinima(parent: other.parent, value: other.value, among: all)
            for a in all {
                for b in all where a < b {
                    let (x, y) = (weftMatrix[a][b], matrix[a][b])
                    worst = max(worst, abs(x - y) / max(1, abs(x), abs(y)))
                }
            }
        }
        var lemonSeconds: Double?
        if let lemon {
            printError("\(spec): LEMON …")
            let result = try ReferenceTools.run(lemon.path, arguments: ["\(runs)"], input: graphFile, nodeCount: nodeCount)
            lemonSeconds = result.seconds
            compare(result)
        }
        var networkxSeconds: Double?
        if !skipNetworkx {
            printError("\(spec): networkx …")
            let result = try ReferenceTools.run("/usr/bin/env", arguments: ["python3", "-c", ReferenceTools.networkxScript, "\(networkxRuns)"],
                                                input: graphFile, nodeCount: nodeCount)
            networkxSeconds = result.seconds
            compare(result)
        }
        return Row(graph: spec, nodes: nodeCount, edges: edges.count, weft_seconds: best, lemon_seconds: lemonSeconds,
                   networkx_seconds: networkxSeconds, weft_over_lemon: lemonSeconds.map { best / $0 },
                   networkx_over_weft: networkxSeconds.map { $0 / best }, pairs_compared: nodeCount * (nodeCount - 1) / 2,
                   max_relative_difference: worst, agree: worst <= 1e-9)
    }
}
