import ArgumentParser
import TaasPlanner

/// `--db` plus the `taas_id` range: where tap services and flows are stored.
struct TapStoreOptions: ParsableArguments {
    @OptionGroup var store: StoreOptions

    @Option(name: .customLong("taas-id-range"), help: ArgumentHelp("Range new tap services draw their taas_id (mirror VLAN) from.", valueName: "lower-upper"))
    var taasIDRange = "3900-3999"

    /// The tap store on the database, which must already hold a topology.
    func open() throws -> TapStore {
        let range: TaasIDRange
        do { range = try TaasIDRange(parsing: taasIDRange) } catch { throw CommandFailure("--taas-id-range: \(error)") }
        return TapStore(store: try store.openExisting(), taasIDRange: range)
    }

    /// Opens the tap store and runs `body` on it, trying again while another process holds the store.
    func withStore<T>(_ body: (TapStore) throws -> T) throws -> T {
        try store.retryingWhileBusy { try body(try open()) }
    }
}
