import ArgumentParser
import Topology
import TopologyStore
import TopologyFormats

/// Where `show` and `export` read a topology: a version in the store, or a file.
struct TopologySourceOptions: ParsableArguments {
    @OptionGroup var store: StoreOptions

    @Option(name: .customLong("version"), help: "Version number to read (default: the latest).")
    var version: Int?

    @Option(name: .customLong("topology"), help: ArgumentHelp("Read this topology file instead of the store.", valueName: "file"))
    var file: String?

    /// What was read, and the history entry when it came from the store.
    struct Loaded {
        var topology: Topology
        var version: TopologyVersion?
        var warnings: [LocatedProblem]
    }

    func load() throws -> Loaded {
        if let file {
            if version != nil { throw CommandFailure("--version reads the store; it cannot be combined with --topology") }
            let imported = try TopologyImporter().importFile(atPath: file)
            return Loaded(topology: imported.topology, version: nil, warnings: imported.warnings)
        }
        let opened = try store.openExisting()
        let stored = try version.map { try opened.load(version: $0) } ?? opened.loadLatest()
        return Loaded(topology: stored.topology, version: stored.version, warnings: [])
    }
}
