import Foundation
import GRDB
import Logging
import NIOCore
import PostgresNIO

/// A PostgreSQL transaction seen through `StoreTransaction`: `?` placeholders become `$1, $2, …`,
/// arguments are bound with their GRDB storage type, and result cells become GRDB `Row` values
/// (integers as Int64, booleans as 0/1, text as String), so row mappings are shared with SQLite.
///
/// A statement that gets no answer within `timeout` (a frozen or partitioned server) closes the
/// connection, which fails it; the engine connects again on its next call.
struct PostgresTransaction: StoreTransaction {
    let connection: PostgresConnection
    let logger: Logger
    let timeout: Duration
    var dialect: StoreDialect { .postgres }

    func execute(sql: String, arguments: [(any DatabaseValueConvertible)?]) throws {
        _ = try run(sql, arguments)
    }

    func fetchAll(sql: String, arguments: [(any DatabaseValueConvertible)?]) throws -> [Row] {
        try run(sql, arguments).rows.map { try Self.row($0, sql: sql) }
    }

    private func run(_ sql: String, _ arguments: [(any DatabaseValueConvertible)?]) throws -> PostgresQueryResult {
        var bindings = PostgresBindings(capacity: arguments.count)
        for argument in arguments {
            switch (argument?.databaseValue ?? .null).storage {
            case .null: bindings.appendNull()
            case .int64(let value): bindings.append(value)
            case .double(let value): bindings.append(value)
            case .string(let value): bindings.append(value)
            case .blob(let value): bindings.append(ByteBuffer(bytes: value))
            }
        }
        let answer = connection.query(PostgresQuery(unsafeSQL: Self.numbered(sql), binds: bindings), logger: logger)
        let connection = connection
        let deadline = connection.eventLoop.scheduleTask(in: .nanoseconds(Int64(timeout / .nanoseconds(1)))) {
            let closing: EventLoopFuture<Void> = connection.close()
            closing.whenComplete { _ in }
        }
        defer { deadline.cancel() }
        return try answer.wait()
    }

    /// `?` → `$n`, outside quoted strings and identifiers.
    static func numbered(_ sql: String) -> String {
        var result = ""
        result.reserveCapacity(sql.utf8.count + 16)
        var count = 0
        var quote: Character?
        for character in sql {
            if let open = quote {
                if character == open { quote = nil }
                result.append(character)
            } else if character == "'" || character == "\"" {
                quote = character
                result.append(character)
            } else if character == "?" {
                count += 1
                result += "$\(count)"
            } else {
                result.append(character)
            }
        }
        return result
    }

    private static func row(_ row: PostgresRow, sql: String) throws -> Row {
        var columns: [String: (any DatabaseValueConvertible)?] = [:]
        for cell in row {
            columns[cell.columnName] = try value(cell, sql: sql)
        }
        return Row(columns)
    }

    private static func value(_ cell: PostgresCell, sql: String) throws -> (any DatabaseValueConvertible)? {
        guard cell.bytes != nil else { return nil }
        switch cell.dataType {
        case .int2: return Int64(try cell.decode(Int16.self))
        case .int4: return Int64(try cell.decode(Int32.self))
        case .int8: return try cell.decode(Int64.self)
        case .float4: return Double(try cell.decode(Float.self))
        case .float8: return try cell.decode(Double.self)
        case .bool: return try cell.decode(Bool.self) ? Int64(1) : Int64(0)
        case .bytea: return Data(buffer: try cell.decode(ByteBuffer.self))
        default:
            do {
                return try cell.decode(String.self)
            } catch {
                throw StoreValueError(sql: sql, reason: "column \(cell.columnName) has type \(cell.dataType), which Weft does not read")
            }
        }
    }
}
