import ArgumentParser
import Topology
import TopologyFormats

/// `weft topo gen spine-leaf`: a two-tier Clos fabric.
struct GenSpineLeafCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spine-leaf",
        abstract: "A spine-leaf fabric: every leaf has one uplink to every spine."
    )

    @Option(help: "Number of spine switches.") var spines = 4
    @Option(help: "Number of leaf switches.") var leaves = 8
    @Option(name: .customLong("hosts-per-leaf"), help: "Hosts attached to each leaf.") var hostsPerLeaf = 2
    @OptionGroup var fabric: FabricOptions
    @OptionGroup var destination: TopologyDestinationOptions

    func run() throws {
        try runReportingFailures {
            let generator = SpineLeafGenerator(
                spines: spines, leaves: leaves, hostsPerLeaf: hostsPerLeaf,
                uplinkBps: try fabric.uplinkBps(), downlinkBps: try fabric.downlinkBps(), tenants: fabric.tenants
            )
            let problems = generator.problems()
            guard problems.isEmpty else { throw CommandFailure(problems) }
            try destination.deliver(generator.generate(), source: "gen spine-leaf \(spines)x\(leaves)")
        }
    }
}
