import Foundation
import PostgresNIO

/// Where a PostgreSQL database is, parsed from `postgres://user:password@host:port/database`.
///
/// `?host=/run/postgresql` selects a unix socket directory instead of TCP (as libpq does).
/// TLS is not supported yet: `sslmode` other than `disable`/`prefer`/`allow` is refused.
public struct PostgresLocation: Sendable, Hashable {
    public var host: String
    public var port: Int
    /// A unix socket directory; when set, `host` is ignored.
    public var socketDirectory: String?
    public var username: String
    public var password: String?
    public var database: String

    /// The URL without its password, for messages and logs.
    public var redacted: String {
        let target = socketDirectory.map { "localhost:\(port)/\(database)?host=\($0)" } ?? "\(host):\(port)/\(database)"
        return "postgres://\(username)@\(target)"
    }

    /// Whether `text` names a PostgreSQL database rather than a SQLite file.
    public static func isPostgresURL(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    /// Parses a `postgres://` or `postgresql://` URL; the error names what is wrong with it.
    public init(url text: String) throws(TopologyStoreError) {
        let shown = Self.withoutPassword(text)
        guard Self.isPostgresURL(text), let components = URLComponents(string: text) else {
            throw .badLocation(location: shown, reason: "expected postgres://user[:password]@host[:port]/database")
        }
        let query = Dictionary((components.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { _, last in last })
        let unknown = Set(query.keys).subtracting(["host", "sslmode"]).sorted()
        guard unknown.isEmpty else {
            throw .badLocation(location: shown, reason: "unknown parameter \(unknown.map { "'\($0)'" }.joined(separator: ", ")) (known: host, sslmode)")
        }
        if let mode = query["sslmode"], !["disable", "allow", "prefer"].contains(mode) {
            throw .badLocation(location: shown, reason: "sslmode=\(mode) is not supported (TLS is not implemented; use sslmode=disable)")
        }
        socketDirectory = query["host"].flatMap { $0.isEmpty ? nil : $0 }
        host = components.host.flatMap { $0.isEmpty ? nil : $0 } ?? "localhost"
        guard components.host?.isEmpty == false || socketDirectory != nil else {
            throw .badLocation(location: shown, reason: "no host (postgres://user@host/database)")
        }
        let port = components.port ?? 5432
        guard (1...65535).contains(port) else {
            throw .badLocation(location: shown, reason: "port \(port) is out of range 1-65535")
        }
        self.port = port
        guard let user = components.user, !user.isEmpty else {
            throw .badLocation(location: shown, reason: "no user name (postgres://user@host/database)")
        }
        username = user
        password = components.password
        let name = String(components.path.drop(while: { $0 == "/" }))
        guard !name.isEmpty, !name.contains("/") else {
            throw .badLocation(location: shown, reason: "no database name (postgres://user@host/database)")
        }
        database = name
    }

    /// The PostgresNIO connection settings.
    func configuration(connectTimeout: Duration) -> PostgresConnection.Configuration {
        var configuration: PostgresConnection.Configuration
        if let socketDirectory {
            configuration = .init(unixSocketPath: "\(socketDirectory)/.s.PGSQL.\(port)", username: username, password: password, database: database)
        } else {
            configuration = .init(host: host, port: port, username: username, password: password, database: database, tls: .disable)
        }
        configuration.options.connectTimeout = .nanoseconds(Int64(connectTimeout.components.seconds) * 1_000_000_000
            + connectTimeout.components.attoseconds / 1_000_000_000)
        return configuration
    }

    private static func withoutPassword(_ text: String) -> String {
        guard var components = URLComponents(string: text), components.password != nil else { return text }
        components.password = nil
        return components.string ?? "postgres://…"
    }
}
