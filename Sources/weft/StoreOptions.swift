import ArgumentParser
import Foundation
import Service
import TaasPlanner
import Topology
import TopologyStore

/// `--db PATH|URL`: the database holding the topology history and every module's tables: a SQLite
/// file (the default) or a PostgreSQL database (`postgres://user:password@host:port/database`).
struct StoreOptions: ParsableArguments {
    @Option(name: .customLong("db"), help: ArgumentHelp(
        "SQLite file, or postgres://user[:password]@host[:port]/database, with the topology history.", valueName: "path|url"))
    var path = "weft.sqlite"

    @Option(name: .customLong("busy-retries"), help: ArgumentHelp(
        "Times to try again while another Weft process holds the store's write lock (each try waits up to 5 s; 0.5 s, 1 s, 2 s … between tries).",
        valueName: "n"))
    var busyRetries = 5

    /// Every module's migrations: a file is opened with all of them, or a newer-looking file is refused.
    static let moduleMigrations: [StoreMigration] = ServeSchema.allMigrations

    /// Opens the store, creating a SQLite file when it does not exist.
    func open() throws(TopologyStoreError) -> TopologyStore {
        try TopologyStore(location: path, additionalMigrations: Self.moduleMigrations)
    }

    /// Runs `body` (which opens the store and works on it) and, while it fails only because another
    /// process holds the store's write lock, says so on standard error and runs it again after a
    /// back-off (0.5 s, doubling up to 8 s), at most `--busy-retries` times; then fails naming the store.
    /// Safe because a busy store wrote nothing: the failed transaction was rolled back.
    func retryingWhileBusy<T>(_ body: () throws -> T) throws -> T {
        var delay = 0.5
        for retry in 1...max(1, busyRetries + 1) {
            do {
                return try body()
            } catch let error where Self.isBusy(error) && retry <= busyRetries {
                printError("\(TopologyStoreError.busyMessage); retrying in \(delay) s (retry \(retry) of \(busyRetries))")
                Thread.sleep(forTimeInterval: delay)
                delay = min(delay * 2, 8)
            } catch let error where Self.isBusy(error) {
                break
            }
        }
        throw CommandFailure("\(path): \(TopologyStoreError.busyMessage); gave up after \(busyRetries + 1) tries. "
                             + "Try again once the other writer is done, or raise --busy-retries")
    }

    /// Whether `error` says the store was busy (directly, through the tap store, or as a command failure).
    static func isBusy(_ error: any Error) -> Bool {
        switch error {
        case let error as TopologyStoreError: error.isBusy
        case let error as TapStoreError: if case .store(let store) = error { store.isBusy } else { false }
        case let error as CommandFailure: error.isBusy
        default: false
        }
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
