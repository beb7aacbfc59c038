import Foundation

/// The two store engines every store test runs against.
public enum StoreKind: String, CaseIterable, Sendable {
    case sqlite
    case postgres

    /// A new, empty database of this kind: a file path inside `directory`, or a fresh database on
    /// the shared test PostgreSQL server.
    public func newLocation(in directory: String) throws -> String {
        switch self {
        case .sqlite: "\(directory)/weft-\(UUID().uuidString.prefix(8)).sqlite"
        case .postgres: try PostgresServer.shared.get().newDatabaseURL()
        }
    }
}
