import ArgumentParser
import Topology

/// Where a generated or imported topology goes: a new store version, or a file.
struct TopologyDestinationOptions: ParsableArguments {
    @OptionGroup var store: StoreOptions

    @Option(name: .customLong("output"), help: ArgumentHelp("Write a topology file (.yaml, .yml, .json or .dot) instead of saving to the store.", valueName: "file"))
    var output: String?

    /// Saves `topology` as a new version when it differs from the latest, or writes it to `--output`,
    /// and says which happened.
    func deliver(_ topology: Topology, source: String) throws {
        if let output {
            try TopologyWriter.write(topology, to: output, format: nil)
            print("wrote \(summary(topology)) to \(output)")
            return
        }
        let outcome = try store.retryingWhileBusy { try store.open().saveIfChanged(topology, source: source) }
        switch outcome {
        case .saved(let version):
            print("saved version \(version.number) of \(summary(topology)) to \(store.path)")
        case .unchanged(let version):
            print("unchanged: \(summary(topology)) equals version \(version.number) in \(store.path); no new version")
        }
    }

    private func summary(_ topology: Topology) -> String {
        "\(topology.name) (\(topology.switches.count) switches, \(topology.links.count) links, \(topology.hosts.count) hosts)"
    }
}
