/// A value read back from the database does not have the expected type.
public struct StoreValueError: Error, CustomStringConvertible {
    public var sql: String
    public var reason: String

    public var description: String { "\(reason) (in \(sql))" }
}
