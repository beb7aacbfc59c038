import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import PostgresNIO

/// A PostgreSQL database shared by several Weft instances, through PostgresNIO.
///
/// One connection, used by one transaction at a time; a connection that was lost is replaced on the
/// next call. Every write transaction first takes a transaction-level advisory lock, so writers are
/// serialized across instances exactly as SQLite serializes them on one file (a read-decide-write is
/// atomic); reads run in REPEATABLE READ snapshots. A write that waits for that lock (or any lock)
/// longer than ``lockTimeout`` fails with `TopologyStoreError.busy`, as a busy SQLite file does. Calls block the calling thread until the server
/// answers (as GRDB does); they must not be made on a SwiftNIO event loop.
public final class PostgresEngine: StoreEngine, @unchecked Sendable {
    public let location: String
    public var dialect: StoreDialect { .postgres }
    public let target: PostgresLocation
    private let configuration: PostgresConnection.Configuration
    private let logger: Logger
    /// How long one statement may wait for the server before the connection is dropped.
    public let statementTimeout: Duration
    /// How long the server lets a statement wait for a lock (PostgreSQL's `lock_timeout`): four fifths
    /// of `statementTimeout`, so a held lock is reported as busy before the connection is given up.
    public var lockTimeout: Duration { statementTimeout * 4 / 5 }
    /// Guards `connection` and serializes transactions.
    private let lock = NIOLock()
    private var connection: PostgresConnection?
    private var closed = false

    /// Key of the advisory lock every write transaction holds ("Weft" in ASCII).
    static let writeLockKey: Int64 = 0x5765_6674

    /// Connects to the database at `url`; fails with a clear reason when the URL is wrong, the server
    /// cannot be reached, the credentials are refused or the database does not exist.
    public init(url: String, connectTimeout: Duration = .seconds(5), statementTimeout: Duration = .seconds(5),
                logger: Logger = Logger(label: "weft.store.postgres")) throws(TopologyStoreError) {
        target = try PostgresLocation(url: url)
        location = target.redacted
        configuration = target.configuration(connectTimeout: connectTimeout)
        self.statementTimeout = statementTimeout
        self.logger = logger
        do {
            connection = try Self.connect(configuration, lockTimeout: lockTimeout, logger: logger)
        } catch {
            throw .cannotOpen(path: location, reason: Self.reason(error))
        }
    }

    deinit {
        try? connection?.close().wait()
    }

    public func migrate(_ migrations: [StoreMigration]) throws(TopologyStoreError) {
        let known = Set(migrations.map(\.identifier))
        do {
            let applied: Set<String> = try write { tx in
                try tx.execute(sql: """
                    CREATE TABLE IF NOT EXISTS weft_migrations (identifier TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())
                    """)
                return Set(try tx.fetchAll(sql: "SELECT identifier FROM weft_migrations").map { $0["identifier"] as String })
            }
            let unknown = applied.subtracting(known).sorted()
            guard unknown.isEmpty else {
                throw TopologyStoreError.newerSchema(path: location, unknownMigrations: unknown)
            }
        } catch let error as TopologyStoreError {
            throw error
        } catch {
            throw .cannotOpen(path: location, reason: Self.reason(error))
        }
        for migration in migrations {
            do {
                try transaction(writing: true) { tx in
                    let done = try tx.fetchOne(sql: "SELECT identifier FROM weft_migrations WHERE identifier = ?", arguments: [migration.identifier])
                    guard done == nil else { return }
                    for statement in SQLScript.statements(migration.postgres) {
                        try tx.execute(sql: statement)
                    }
                    try tx.execute(sql: "INSERT INTO weft_migrations (identifier) VALUES (?)", arguments: [migration.identifier])
                }
            } catch let error as TopologyStoreError {
                throw error
            } catch {
                throw .migrationFailed(path: location, identifier: migration.identifier, reason: Self.reason(error))
            }
        }
    }

    public func read<T>(_ body: (any StoreTransaction) throws -> T) throws -> T {
        try transaction(writing: false, body)
    }

    public func write<T>(_ body: (any StoreTransaction) throws -> T) throws -> T {
        try transaction(writing: true, body)
    }

    /// Runs `body` outside any transaction (each statement commits on its own), e.g. to take or
    /// release session-level advisory locks.
    public func session<T>(_ body: (any StoreTransaction) throws -> T) throws -> T {
        try lock.withLock {
            let connection = try currentConnection()
            do {
                return try body(PostgresTransaction(connection: connection, logger: logger, timeout: statementTimeout))
            } catch {
                if connection.isClosed { self.connection = nil }
                throw error
            }
        }
    }

    public func close() throws {
        let open = lock.withLock { () -> PostgresConnection? in
            closed = true
            defer { connection = nil }
            return connection
        }
        try open?.close().wait()
    }

    // MARK: Change notifications

    /// The LISTEN/NOTIFY channel every write transaction notifies on commit.
    static let changeChannel = "weft_store_changed"

    /// A separate connection LISTENs on `changeChannel`: yields once listening (and again after each
    /// reconnection, as changes may have been missed meanwhile), then for each notification; it
    /// reconnects after losing the server, one second apart.
    public func changes() -> AsyncStream<Void> {
        let (stream, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let configuration = configuration
        let logger = logger
        let location = location
        let task = Task {
            while !Task.isCancelled {
                do {
                    let id = Self.connectionIDs.withLockedValue { $0 += 1; return $0 }
                    let connection = try await PostgresConnection.connect(configuration: configuration, id: id, logger: logger)
                    do {
                        try await connection.listen(on: Self.changeChannel) { notifications in
                            continuation.yield()
                            for try await _ in notifications { continuation.yield() }
                        }
                    } catch {
                        // A connection must be closed before it is released, whatever ended the listening.
                        try? await connection.close()
                        throw error
                    }
                    try? await connection.close()
                } catch {
                    if Task.isCancelled { break }
                    logger.warning("store change listener lost its connection", metadata: ["db": "\(location)", "error": "\(Self.reason(error))"])
                    try? await Task.sleep(for: .seconds(1))
                }
            }
            continuation.finish()
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    // MARK: Transactions

    private func transaction<T>(writing: Bool, _ body: (any StoreTransaction) throws -> T) throws -> T {
        try lock.withLock {
            let connection = try currentConnection()
            let tx = PostgresTransaction(connection: connection, logger: logger, timeout: statementTimeout)
            do {
                if writing {
                    try tx.execute(sql: "BEGIN")
                    try tx.execute(sql: "SELECT pg_advisory_xact_lock(?)", arguments: [Self.writeLockKey])
                } else {
                    try tx.execute(sql: "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
                }
                let value = try body(tx)
                if writing {
                    // Delivered to every listener when (and only if) the transaction commits.
                    try tx.execute(sql: "NOTIFY \(Self.changeChannel)")
                }
                try tx.execute(sql: "COMMIT")
                return value
            } catch {
                if connection.isClosed {
                    self.connection = nil
                } else {
                    try? tx.execute(sql: "ROLLBACK")
                }
                if Self.isBusy(error) { throw TopologyStoreError.busy(path: location, reason: Self.reason(error)) }
                throw error
            }
        }
    }

    /// The open connection, reconnecting when the previous one was lost. Call with `lock` held.
    private func currentConnection() throws -> PostgresConnection {
        guard !closed else { throw PostgresEngineClosed(location: location) }
        if let connection, !connection.isClosed { return connection }
        let fresh = try Self.connect(configuration, lockTimeout: lockTimeout, logger: logger)
        connection = fresh
        return fresh
    }

    private static let connectionIDs = NIOLockedValueBox(0)

    private static func connect(_ configuration: PostgresConnection.Configuration, lockTimeout: Duration, logger: Logger) throws -> PostgresConnection {
        let id = connectionIDs.withLockedValue { $0 += 1; return $0 }
        let connection = try PostgresConnection.connect(on: MultiThreadedEventLoopGroup.singleton.any(), configuration: configuration, id: id, logger: logger).wait()
        do {
            // A process paused inside a transaction (SIGSTOP, a long GC-like stall) must not hold the
            // write lock for everyone: the server ends such a session after this long.
            _ = try connection.query("SET idle_in_transaction_session_timeout = '5s'", logger: logger).wait()
            let milliseconds = max(1, lockTimeout / .milliseconds(1))
            _ = try connection.query("SET lock_timeout = \(unescaped: String(Int(milliseconds)))", logger: logger).wait()
        } catch {
            try? connection.close().wait()
            throw error
        }
        return connection
    }

    /// Whether the server gave up waiting for a lock another session holds (`lock_not_available`), or
    /// cancelled the transaction because of a concurrent one (serialization failure, deadlock).
    static func isBusy(_ error: any Error) -> Bool {
        guard let state = (error as? PSQLError)?.serverInfo?[.sqlState] else { return false }
        return ["55P03", "40001", "40P01"].contains(state)
    }

    /// The server's message (and SQLSTATE) or the network error, never PostgresNIO's generic text.
    public static func reason(_ error: any Error) -> String {
        guard let error = error as? PSQLError else { return String(describing: error) }
        if let message = error.serverInfo?[.message] {
            let state = error.serverInfo?[.sqlState].map { " (SQLSTATE \($0))" } ?? ""
            let detail = error.serverInfo?[.detail].map { ": \($0)" } ?? ""
            return message + detail + state
        }
        if let underlying = error.underlying {
            return "\(error.code): \(underlying)"
        }
        return "\(error.code)"
    }
}

/// A call on a `PostgresEngine` after `close()`.
struct PostgresEngineClosed: Error, CustomStringConvertible {
    var location: String
    var description: String { "\(location): the store was closed" }
}
