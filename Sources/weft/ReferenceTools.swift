import Foundation
import ProcessRunner

/// The reference Gomory–Hu implementations `weft bench mincut` runs next to Weft's: LEMON's
/// `GomoryHu` through a small C++ driver compiled at run time, and networkx's `gomory_hu_tree`.
///
/// Both read `n m` and then `m` lines `a b capacity` on standard input, time only the tree
/// construction (best of the repeat count given as the first argument), and print the seconds on
/// the first line, then one line per node: its tree parent (-1 for the root) and the edge's value.
enum ReferenceTools {
    struct Tree {
        var seconds: Double
        var parent: [Int]
        var value: [Double]
    }

    static let lemonDriver = """
    #include <lemon/list_graph.h>
    #include <lemon/gomory_hu.h>
    #include <chrono>
    #include <cstdio>
    #include <cstdlib>
    #include <vector>
    int main(int argc, char** argv) {
        int repeat = argc > 1 ? std::atoi(argv[1]) : 1;
        int n, m;
        if (std::scanf("%d %d", &n, &m) != 2) return 2;
        lemon::ListGraph g;
        std::vector<lemon::ListGraph::Node> nodes(n);
        for (int i = 0; i < n; ++i) nodes[i] = g.addNode();
        lemon::ListGraph::EdgeMap<double> capacity(g);
        for (int i = 0; i < m; ++i) {
            int a, b; double c;
            if (std::scanf("%d %d %lf", &a, &b, &c) != 3) return 2;
            capacity[g.addEdge(nodes[a], nodes[b])] = c;
        }
        double best = 1e300;
        std::vector<int> parent(n, -1);
        std::vector<double> value(n, 0);
        for (int r = 0; r < repeat; ++r) {
            auto start = std::chrono::steady_clock::now();
            lemon::GomoryHu<lemon::ListGraph, lemon::ListGraph::EdgeMap<double> > tree(g, capacity);
            tree.run();
            double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            if (seconds < best) best = seconds;
            for (int i = 0; i < n; ++i) {
                lemon::ListGraph::Node p = tree.predNode(nodes[i]);
                parent[i] = p == lemon::INVALID ? -1 : g.id(p);
                value[i] = p == lemon::INVALID ? 0 : tree.predValue(nodes[i]);
            }
        }
        std::printf("%.9f\\n", best);
        for (int i = 0; i < n; ++i) std::printf("%d %.17g\\n", parent[i], value[i]);
        return 0;
    }
    """

    static let networkxScript = """
    import sys, time
    import networkx as nx
    repeat = int(sys.argv[1])
    n, m = map(int, sys.stdin.readline().split())
    g = nx.Graph()
    g.add_nodes_from(range(n))
    for _ in range(m):
        a, b, c = sys.stdin.readline().split()
        a, b, c = int(a), int(b), float(c)
        if g.has_edge(a, b):
            g[a][b]["capacity"] += c
        else:
            g.add_edge(a, b, capacity=c)
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        tree = nx.gomory_hu_tree(g)
        best = min(best, time.perf_counter() - start)
    parent = [-1] * n
    value = [0.0] * n
    seen = set()
    for root in range(n):
        if root in seen:
            continue
        seen.add(root)
        stack = [root]
        while stack:
            u = stack.pop()
            for v in tree[u]:
                if v not in seen:
                    seen.add(v)
                    parent[v] = u
                    value[v] = tree[u][v]["weight"]
                    stack.append(v)
    print("%.9f" % best)
    for i in range(n):
        print("%d %.17g" % (parent[i], value[i]))
    """

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Writes the LEMON driver into `directory` and compiles it with g++; returns the executable.
    static func buildLemonDriver(in directory: URL) throws -> URL {
        let source = directory.appendingPathComponent("lemon_gomory_hu.cpp")
        let binary = directory.appendingPathComponent("lemon_gomory_hu")
        try lemonDriver.write(to: source, atomically: true, encoding: .utf8)
        let (status, _, errors) = try Command("/usr/bin/g++", ["-O2", "-std=c++17", "-o", binary.path, source.path, "-llemon"]).runReturningStatusBlocking()
        guard status == 0 else {
            throw Failure(description: "g++ could not build the LEMON driver (is liblemon-dev installed?): \(errors)")
        }
        return binary
    }

    /// Runs a reference tool on the graph file and reads its timing and tree. Its output goes through
    /// files (`Command`), so a tool that writes more than a pipe holds to standard error cannot block.
    static func run(_ executable: String, arguments: [String], input: URL, nodeCount: Int) throws -> Tree {
        let (status, output, errors) = try Command(executable, arguments).runReturningStatusBlocking(input: input.path)
        let name = executable.hasSuffix("/env") ? arguments.first ?? executable : (executable as NSString).lastPathComponent
        guard status == 0 else { throw Failure(description: "\(name) exited \(status): \(errors)") }
        let lines = output.split(separator: "\n")
        guard lines.count == nodeCount + 1, let seconds = Double(lines[0]) else {
            throw Failure(description: "\(name) printed \(lines.count) lines, expected \(nodeCount + 1)")
        }
        var tree = Tree(seconds: seconds, parent: [], value: [])
        for (number, line) in lines.dropFirst().enumerated() {
            let fields = line.split(separator: " ")
            guard fields.count == 2, let parent = Int(fields[0]), let value = Double(fields[1]), parent < nodeCount else {
                throw Failure(description: "\(name) output line \(number + 2) unreadable: '\(line)'")
            }
            tree.parent.append(parent)
            tree.value.append(value)
        }
        return tree
    }
}
