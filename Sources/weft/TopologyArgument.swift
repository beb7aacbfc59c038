import Topology
import TopologyFormats

/// Reads a `--topology` argument: a topology file in any format the importer knows, or a generator
/// spec `spine-leaf:SxL` (optionally `spine-leaf:SxLxH` with H hosts per leaf).
enum TopologyArgument {
    static func load(_ argument: String) throws -> Topology {
        guard argument.hasPrefix("spine-leaf:") else {
            return try TopologyImporter().importFile(atPath: argument).topology
        }
        let numbers = argument.dropFirst("spine-leaf:".count).split(separator: "x").map { Int($0) }
        guard (2...3).contains(numbers.count), numbers.allSatisfy({ $0 != nil }) else {
            throw CommandFailure("--topology \(argument): expected spine-leaf:SPINESxLEAVES or spine-leaf:SxLxHOSTS")
        }
        let generator = SpineLeafGenerator(spines: numbers[0]!, leaves: numbers[1]!, hostsPerLeaf: numbers.count == 3 ? numbers[2]! : 2)
        let problems = generator.problems()
        guard problems.isEmpty else { throw CommandFailure(problems.map { "--topology \(argument): \($0)" }) }
        return generator.generate()
    }
}
