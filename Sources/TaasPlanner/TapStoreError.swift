import Topology
import TopologyStore

/// Why a tap store operation failed; nothing was written.
public enum TapStoreError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The change broke a tap rule.
    case invalid(TapError)
    /// The topology store failed (no topology yet, cannot open, …).
    case store(TopologyStoreError)
    /// A stored tap row does not decode.
    case corruptRow(path: String, table: String, id: String, reason: String)
    /// The database failed; the transaction was rolled back.
    case database(path: String, reason: String)

    public var description: String {
        switch self {
        case .invalid(let error): error.description
        case .store(let error): error.description
        case let .corruptRow(path, table, id, reason): "\(path): table \(table) row '\(id)' is unreadable: \(reason)"
        case let .database(path, reason): "\(path): \(reason)"
        }
    }
}
