import ArgumentParser
import Optimizer
import Service
import TopologyStore

/// `--db` and `--classes`: where the demands are stored and which classes their names refer to.
struct DemandStoreOptions: ParsableArguments {
    @OptionGroup var store: StoreOptions

    @Option(help: "Class file (YAML) overriding or adding to gold, silver, bronze, mirror (as given to weft serve).")
    var classes: String?

    /// The declared demands stored in the database, in order.
    func declared(in topologyStore: TopologyStore) throws -> [Demand] {
        let classes = try DemandFileArguments.classes(self.classes).classes
        do {
            return try topologyStore.read { db in try DemandRecords.all(classes: classes, in: db) }
        } catch {
            throw CommandFailure("\(store.path): \(error)")
        }
    }
}
