/// Disjoint sets over `0..<count` with path compression: which nodes a set of edges has joined.
struct UnionFind {
    private var parent: [Int]

    init(count: Int) {
        parent = Array(0..<count)
    }

    /// The representative of `node`'s set.
    mutating func find(_ node: Int) -> Int {
        var root = node
        while parent[root] != root { root = parent[root] }
        var current = node
        while parent[current] != root {
            let up = parent[current]
            parent[current] = root
            current = up
        }
        return root
    }

    /// Makes `absorbed`'s set part of `keeper`'s (both must be representatives).
    mutating func merge(_ absorbed: Int, into keeper: Int) {
        parent[absorbed] = keeper
    }
}
