import Topology
import TopologyFormats

/// Reads a `--topology` argument: a topology file in any format the importer knows, or a generator
/// spec `spine-leaf:SxL` (optionally `spine-leaf:SxLxH` with H hosts per leaf) or `fat-tree:K`.
enum TopologyArgument {
    static func load(_ argument: String) throws -> Topology {
        try loadWithWarnings(argument).topology
    }

    /// The topology and what the importer had to say about the file (self-loops skipped, defaults used).
    static func loadWithWarnings(_ argument: String) throws -> ImportedTopology {
        if argument.hasPrefix("fat-tree:") {
            guard let k = Int(argument.dropFirst("fat-tree:".count)) else {
                throw CommandFailure("--topology \(argument): expected fat-tree:K with an even K")
            }
            let generator = FatTreeGenerator(k: k)
            let problems = generator.problems()
            guard problems.isEmpty else { throw CommandFailure(problems.map { "--topology \(argument): \($0)" }) }
            return ImportedTopology(topology: generator.generate(), warnings: [])
        }
        guard argument.hasPrefix("spine-leaf:") else {
            return try TopologyImporter().importFile(atPath: argument)
        }
        let numbers = argument.dropFirst("spine-leaf:".count).split(separator: "x").map { Int($0) }
        guard (2...3).contains(numbers.count), numbers.allSatisfy({ $0 != nil }) else {
            throw CommandFailure("--topology \(argument): expected spine-leaf:SPINESxLEAVES or spine-leaf:SxLxHOSTS")
        }
        let generator = SpineLeafGenerator(spines: numbers[0]!, leaves: numbers[1]!, hostsPerLeaf: numbers.count == 3 ? numbers[2]! : 2)
        let problems = generator.problems()
        guard problems.isEmpty else { throw CommandFailure(problems.map { "--topology \(argument): \($0)" }) }
        return ImportedTopology(topology: generator.generate(), warnings: [])
    }
}
