import Topology

/// Why the topology store could not do what was asked. Every case names the database (a SQLite file
/// path, or a `postgres://` URL without its password).
public enum TopologyStoreError: Error, Hashable, Sendable, CustomStringConvertible {
    /// `--db` is neither a usable file path nor a well-formed `postgres://` URL.
    case badLocation(location: String, reason: String)
    /// The database could not be opened: a file that is not SQLite, a missing directory, no permission;
    /// a PostgreSQL server that cannot be reached, refused credentials, a database that does not exist.
    case cannotOpen(path: String, reason: String)
    /// The file was migrated by a newer Weft: it has migrations this build does not know.
    case newerSchema(path: String, unknownMigrations: [String])
    /// Two migrations passed to the store share an identifier.
    case duplicateMigration(identifier: String)
    /// A schema migration failed; the file is left at the last migration that succeeded.
    case migrationFailed(path: String, identifier: String, reason: String)
    /// The store holds no topology yet.
    case empty(path: String)
    /// There is no topology version with this number.
    case noSuchVersion(path: String, version: Int)
    /// The topology has structural problems and was not saved.
    case invalidTopology(TopologyValidationError)
    /// A stored row does not decode (the file was edited by hand or is damaged).
    case corruptRow(path: String, table: String, reason: String)
    /// A write was refused: this instance does not hold the leader lease (or its token is stale).
    case notLeader(LeadershipError)
    /// The engine failed while reading or writing; the transaction was rolled back.
    case database(path: String, reason: String)
    /// Another writer (another Weft process, or a session on the same PostgreSQL database) held the
    /// write lock for longer than this store waits; nothing was written. Retrying later succeeds.
    case busy(path: String, reason: String)

    /// What a busy store means, in words for people (CLI output, HTTP 503 bodies).
    public static let busyMessage = "the store is busy (another Weft process is writing)"

    /// Whether retrying the same call later can succeed: the store was busy, not broken.
    public var isBusy: Bool {
        if case .busy = self { return true }
        return false
    }

    public var description: String {
        switch self {
        case let .badLocation(location, reason):
            return "\(location): not a database location: \(reason)"
        case let .cannotOpen(path, reason):
            return "\(path): cannot open the database: \(reason)"
        case let .newerSchema(path, unknown):
            let names = unknown.map { "'\($0)'" }.joined(separator: ", ")
            let noun = unknown.count == 1 ? "migration" : "migrations"
            return "\(path) was written by a newer Weft (schema \(noun) \(names) unknown); upgrade Weft"
        case let .duplicateMigration(identifier):
            return "schema migration '\(identifier)' is registered twice"
        case let .migrationFailed(path, identifier, reason):
            return "\(path): schema migration '\(identifier)' failed: \(reason)"
        case let .empty(path):
            return "\(path) holds no topology yet (import or generate one first)"
        case let .noSuchVersion(path, version):
            return "\(path) has no topology version \(version) (see `weft topo history`)"
        case let .invalidTopology(error):
            return error.description
        case let .corruptRow(path, table, reason):
            return "\(path): table \(table) holds an unreadable row: \(reason)"
        case let .notLeader(error):
            return error.description
        case let .database(path, reason):
            return "\(path): \(reason)"
        case let .busy(path, reason):
            return "\(path): \(Self.busyMessage) (\(reason))"
        }
    }
}
