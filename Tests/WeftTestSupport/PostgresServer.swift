import Foundation
import Glibc

/// A real PostgreSQL server for tests: Debian's `postgresql` 15, `initdb` into a fresh temporary
/// directory as the unprivileged `postgres` user, listening on a free loopback port (password
/// authentication over TCP, trust on its private unix socket), stopped by process id.
///
/// `shared` is started once per test process and stopped when the process exits; each test takes
/// its own database from it (`newDatabaseURL()`).
public final class PostgresServer: @unchecked Sendable {
    public static let binaries = "/usr/lib/postgresql/15/bin"
    public static let user = "weft"
    public static let password = "weft-test-secret"

    /// The one server of this test process (started on first use).
    public static let shared: Result<PostgresServer, any Error> = {
        let result = Result { try PostgresServer() }
        if case .success = result {
            atexit { if case .success(let server) = PostgresServer.shared { server.stop() } }
        }
        return result
    }()

    public let directory: String
    public let port: Int
    private let lock = NSLock()
    private var process: Process?
    private var databaseCount = 0

    /// Initializes a cluster in a new temporary directory and starts it.
    public init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("weft-pg-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let passwordFile = "\(directory)/password"
        try Self.password.write(toFile: passwordFile, atomically: true, encoding: .utf8)
        try Self.run("/bin/chown", ["-R", "postgres:postgres", directory])
        try Self.run("/usr/bin/setpriv", Self.asPostgres + [
            "\(Self.binaries)/initdb", "-D", "\(directory)/data", "-U", Self.user, "--pwfile=\(passwordFile)",
            "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--no-sync",
        ])
        port = try Self.freeLoopbackPort()
        try start()
    }

    /// `postgres://weft:…@127.0.0.1:port/name`.
    public func url(database name: String, password: String = PostgresServer.password) -> String {
        "postgres://\(Self.user):\(password)@127.0.0.1:\(port)/\(name)"
    }

    /// `postgres://weft@localhost:port/name?host=<directory>`: the unix socket, reachable from any
    /// network namespace (trust authentication).
    public func socketURL(database name: String) -> String {
        "postgres://\(Self.user)@localhost:\(port)/\(name)?host=\(directory)"
    }

    /// Creates a new empty database and returns its name.
    public func newDatabase() throws -> String {
        let name = lock.withLock {
            databaseCount += 1
            return "weft_test_\(getpid())_\(databaseCount)"
        }
        try psql("CREATE DATABASE \(name)")
        return name
    }

    /// Creates a new empty database and returns its URL.
    public func newDatabaseURL() throws -> String {
        url(database: try newDatabase())
    }

    /// Runs one SQL command as the superuser over the private unix socket.
    public func psql(_ sql: String, database: String = "postgres") throws {
        try Self.run("/usr/bin/psql", ["-h", directory, "-p", String(port), "-U", Self.user, "-d", database, "-v", "ON_ERROR_STOP=1", "-qc", sql])
    }

    /// The server's process id while it runs.
    public var pid: pid_t? { lock.withLock { process?.isRunning == true ? process?.processIdentifier : nil } }

    /// Starts the server (again, after `stop()`) and waits until it accepts connections.
    public func start() throws {
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: "\(directory)/server.log", isDirectory: false).creatingIfMissing())
        try log.seekToEnd()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
        process.arguments = Self.asPostgres + [
            "\(Self.binaries)/postgres", "-D", "\(directory)/data", "-p", String(port), "-k", directory,
            "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "max_connections=200",
        ]
        process.standardOutput = log
        process.standardError = log
        try process.run()
        lock.withLock { self.process = process }
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            if (try? Self.run("/usr/bin/pg_isready", ["-q", "-h", "127.0.0.1", "-p", String(port)])) != nil { return }
            guard process.isRunning else { break }
            usleep(100_000)
        }
        throw ServerFailure(message: "PostgreSQL did not become ready on port \(port); see \(directory)/server.log")
    }

    /// Sends `signal` to the server and every backend it started, by process id (SIGSTOP freezes the
    /// server: connections stay open, nothing answers; SIGCONT thaws it).
    public func signalAll(_ signal: Int32) {
        guard let server = pid else { return }
        var pids = [server]
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] {
            guard let child = Int32(entry), let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { continue }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            if fields.count > 1, Int32(fields[1]) == server { pids.append(child) }
        }
        for process in pids { kill(process, signal) }
    }

    /// Fast shutdown (SIGINT) by process id; SIGKILL after ten seconds.
    public func stop() {
        guard let process = lock.withLock({ self.process }), process.isRunning else { return }
        kill(process.processIdentifier, SIGINT)
        let deadline = Date().addingTimeInterval(10)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    // MARK: Helpers

    private static let asPostgres = ["--reuid=postgres", "--regid=postgres", "--init-groups"]

    @discardableResult
    private static func run(_ executable: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0 else {
            throw ServerFailure(message: "\(executable) \(arguments.joined(separator: " ")) exited with \(process.terminationStatus): \(text)")
        }
        return text
    }

    /// A TCP port on 127.0.0.1 that nothing listens on right now.
    public static func freeLoopbackPort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ServerFailure(message: "socket() failed") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        guard bound else { throw ServerFailure(message: "cannot bind a loopback port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    public struct ServerFailure: Error, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }
}

extension URL {
    fileprivate func creatingIfMissing() -> URL {
        if !FileManager.default.fileExists(atPath: path) {
            FileManager.default.createFile(atPath: path, contents: nil)
        }
        return self
    }
}
