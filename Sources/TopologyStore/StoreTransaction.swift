import GRDB

/// One open transaction of a `StoreEngine`: the only way Weft's modules read and write their tables,
/// so the same code runs on SQLite and on PostgreSQL.
///
/// SQL uses `?` placeholders and the subset both engines accept (`INSERT … RETURNING`, no `rowid`
/// magic, no `PRAGMA`). Rows come back as GRDB `Row`s whatever the engine, so records decode with
/// `FetchableRecord` and hand-written `row["column"]` mappings alike.
public protocol StoreTransaction {
    /// Which engine runs the transaction (for the rare statement that differs).
    var dialect: StoreDialect { get }
    /// Runs one statement that returns no rows.
    func execute(sql: String, arguments: [(any DatabaseValueConvertible)?]) throws
    /// Runs one statement and returns every row.
    func fetchAll(sql: String, arguments: [(any DatabaseValueConvertible)?]) throws -> [Row]
}

extension StoreTransaction {
    /// Runs a statement without arguments.
    public func execute(sql: String) throws {
        try execute(sql: sql, arguments: [])
    }

    /// Every row of a query without arguments.
    public func fetchAll(sql: String) throws -> [Row] {
        try fetchAll(sql: sql, arguments: [])
    }

    /// The first row, if any.
    public func fetchOne(sql: String, arguments: [(any DatabaseValueConvertible)?] = []) throws -> Row? {
        try fetchAll(sql: sql, arguments: arguments).first
    }

    /// The value of a one-column result's first row, `nil` when there is no row or the value is NULL.
    public func fetchValue<Value: DatabaseValueConvertible>(_ type: Value.Type, sql: String, arguments: [(any DatabaseValueConvertible)?] = []) throws -> Value? {
        guard let row = try fetchOne(sql: sql, arguments: arguments) else { return nil }
        guard row.count == 1 else {
            throw StoreValueError(sql: sql, reason: "expected one column, got \(row.count)")
        }
        let value: DatabaseValue = row[0]
        guard !value.isNull else { return nil }
        guard let decoded = Value.fromDatabaseValue(value) else {
            throw StoreValueError(sql: sql, reason: "cannot read \(value) as \(Value.self)")
        }
        return decoded
    }

    /// Every row decoded as `Record` (a GRDB record: decoding by column name).
    public func fetchAll<Record: FetchableRecord>(_ type: Record.Type, sql: String, arguments: [(any DatabaseValueConvertible)?] = []) throws -> [Record] {
        try fetchAll(sql: sql, arguments: arguments).map { try Record(row: $0) }
    }

    /// The first row decoded as `Record`, if any.
    public func fetchOne<Record: FetchableRecord>(_ type: Record.Type, sql: String, arguments: [(any DatabaseValueConvertible)?] = []) throws -> Record? {
        try fetchOne(sql: sql, arguments: arguments).map { try Record(row: $0) }
    }

    /// Inserts `record` into its table (`TableRecord.databaseTableName`), one column per encoded property.
    public func insert<Record: EncodableRecord & TableRecord>(_ record: Record) throws {
        let columns = try record.databaseDictionary.sorted { $0.key < $1.key }
        let names = columns.map { "\"\($0.key)\"" }.joined(separator: ", ")
        let marks = Array(repeating: "?", count: columns.count).joined(separator: ", ")
        try execute(sql: "INSERT INTO \"\(Record.databaseTableName)\" (\(names)) VALUES (\(marks))",
                    arguments: columns.map { $0.value })
    }
}
