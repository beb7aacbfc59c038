/// The SQL engine behind a store.
public enum StoreDialect: String, Sendable, Hashable {
    case sqlite
    case postgres
}
