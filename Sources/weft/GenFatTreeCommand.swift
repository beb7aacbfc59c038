import ArgumentParser
import Topology
import TopologyFormats

/// `weft topo gen fat-tree`: a k-ary fat tree.
struct GenFatTreeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fat-tree",
        abstract: "A k-ary fat tree: (k/2)² core, k pods of k/2 aggregation and k/2 edge switches, k/2 hosts per edge switch."
    )

    @Option(help: "Switch radix; an even number.") var k = 4
    @OptionGroup var fabric: FabricOptions
    @OptionGroup var destination: TopologyDestinationOptions

    func run() throws {
        try runReportingFailures {
            let generator = FatTreeGenerator(k: k, fabricBps: try fabric.uplinkBps(), hostBps: try fabric.downlinkBps(), tenants: fabric.tenants)
            let problems = generator.problems()
            guard problems.isEmpty else { throw CommandFailure(problems) }
            try destination.deliver(generator.generate(), source: "gen fat-tree k=\(k)")
        }
    }
}
