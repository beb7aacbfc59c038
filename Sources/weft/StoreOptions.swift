import ArgumentParser
import Foundation
import Service
import Topology
import TopologyStore

/// `--db PATH|URL`: the database holding the topology history and every module's tables: a SQLite
/// file (the default) or a PostgreSQL database (`postgres://user:password@host:port/database`).
struct StoreOptions: ParsableArguments {
    @Option(name: .customLong("db"), help: ArgumentHelp(
        "SQLite file, or postgres://user[:password]@host[:port]/database, with the topology history.", valueName: "path|url"))
    var path = "weft.sqlite"

    /// Every module's migrations: a file is opened with all of them, or a newer-looking file is refused.
    static let moduleMigrations: [StoreMigration] = ServeSchema.allMigrations

    /// Opens the store, creating a SQLite file when it does not exist.
    func open() throws(TopologyStoreError) -> TopologyStore {
        try TopologyStore(location: path, additionalMigrations: Self.moduleMigrations)
    }

    /// Opens a store that must already exist (for commands that only read).
    func openExisting() throws(CommandFailure) -> TopologyStore {
        guard PostgresLocation.isPostgresURL(path) || FileManager.default.fileExists(atPath: path) else {
            throw CommandFailure("\(path): no such database (generate or import a topology first, or pass --db)")
        }
        do {
            return try open()
        } catch {
            throw CommandFailure(error)
        }
    }
}
