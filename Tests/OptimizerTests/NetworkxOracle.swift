import Foundation

/// Runs networkx's `gomory_hu_tree` (python3) on an undirected capacity graph and returns the min-cut
/// between every two nodes, read off its tree: the independent reference for Weft's cut tree.
enum NetworkxOracle {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    private static let script = """
    import json, sys
    import networkx as nx
    data = json.load(sys.stdin)
    n = data["n"]
    g = nx.Graph()
    g.add_nodes_from(range(n))
    for a, b, c in data["edges"]:
        if g.has_edge(a, b):
            g[a][b]["capacity"] += c
        else:
            g.add_edge(a, b, capacity=c)
    tree = nx.gomory_hu_tree(g)
    rows = []
    for s in range(n):
        best = {s: float("inf")}
        stack = [s]
        while stack:
            u = stack.pop()
            for v in tree[u]:
                if v not in best:
                    best[v] = min(best[u], tree[u][v]["weight"])
                    stack.append(v)
        rows.append([None if v == s else best[v] for v in range(n)])
    json.dump(rows, sys.stdout)
    """

    /// Min-cut matrix of the graph with `nodeCount` nodes and undirected `edges` (a, b, capacity);
    /// parallel edges add up. The diagonal is nil.
    static func minCuts(nodeCount: Int, edges: [(Int, Int, Double)]) throws -> [[Double?]] {
        let input = try JSONSerialization.data(withJSONObject: ["n": nodeCount, "edges": edges.map { [$0.0, $0.1, $0.2] }])
        let process = Process()
        // The python3 on PATH: networkx may live in a user installation rather than Debian's.
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script]
        let stdin = Pipe()
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        stdin.fileHandleForWriting.write(input)
        try stdin.fileHandleForWriting.close()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        let errors = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "networkx oracle exited \(process.terminationStatus): \(String(decoding: errors, as: UTF8.self))")
        }
        guard let rows = try JSONSerialization.jsonObject(with: output) as? [[Any]] else {
            throw Failure(description: "networkx oracle printed no matrix")
        }
        return rows.map { row in row.map { ($0 as? NSNumber)?.doubleValue } }
    }
}
