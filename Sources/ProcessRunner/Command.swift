import Foundation
import Glibc

/// Runs an external program to completion without blocking a Swift concurrency thread.
///
/// Spawns with `posix_spawn` and reaps with `waitpid` on a dispatch thread. Foundation's `Process`
/// is not used: it learns of the child's exit from a socket the child inherits, and a daemon started
/// with `--detach` keeps that socket open, so the exit is never noticed. Output goes to files for the
/// same reason (a detached daemon would hold a pipe open).
///
/// Standard output and standard error each go to their own file, so a program that writes a lot to
/// one of them never blocks on a full pipe while the other is being read.
///
/// Used by `weft bench flows` (its private Open vSwitch), `weft bench mincut` (LEMON, networkx),
/// `GLPSolOracle` (glpsol) and the test harness (OVS fabrics, namespaces, PostgreSQL), which is why
/// it is a library of its own.
public struct Command: Sendable {
    /// A program exited non-zero, or could not be started.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        /// The program and its arguments.
        public var command: [String]
        /// Its exit status (128 + signal when a signal ended it), or -1 when it could not be started.
        public var status: Int32
        /// Its standard error followed by its standard output, or why it could not be started.
        public var output: String

        public var description: String {
            "`\(command.joined(separator: " "))` exited \(status): \(output.trimmingCharacters(in: .whitespacesAndNewlines))"
        }
    }

    /// Absolute path of the program (not looked up in `PATH`).
    public var executable: String
    public var arguments: [String]
    /// Variables added to (or replacing those of) this process's environment.
    public var environment: [String: String]

    /// A program to run; nothing starts until `run()` or `runReturningStatus()`.
    public init(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) {
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
    }

    /// Runs the program and returns its standard output; throws `Failure` when it exits non-zero.
    @discardableResult
    public func run() async throws -> String {
        let (status, output, errors) = try await runReturningStatus()
        guard status == 0 else {
            throw Failure(command: [executable] + arguments, status: status, output: errors + output)
        }
        return output
    }

    /// Runs the program and returns its exit status, standard output and standard error.
    public func runReturningStatus() async throws -> (status: Int32, output: String, errors: String) {
        try await runReturningStatus(input: nil)
    }

    /// Runs the program with the file at `input` (a path; `/dev/null` when nil) as its standard
    /// input and returns its exit status, standard output and standard error.
    public func runReturningStatus(input: String?) async throws -> (status: Int32, output: String, errors: String) {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try runReturningStatusBlocking(input: input) })
            }
        }
    }

    /// `runReturningStatus(input:)` for synchronous callers (a command's `run()`, `GLPSolOracle`):
    /// waits for the program on the calling thread, so it must not be called from a Swift concurrency thread.
    public func runReturningStatusBlocking(input: String? = nil) throws -> (status: Int32, output: String, errors: String) {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("weft-cmd-\(UUID().uuidString)").path
        let outPath = scratch + ".out"
        let errPath = scratch + ".err"
        defer {
            unlink(outPath)
            unlink(errPath)
        }
        let pid = try spawn(stdin: input ?? "/dev/null", stdout: outPath, stderr: errPath)
        var raw: Int32 = 0
        while waitpid(pid, &raw, 0) < 0 && errno == EINTR {}
        let exited = raw & 0x7F == 0
        let status = exited ? (raw >> 8) & 0xFF : 128 + (raw & 0x7F)
        let output = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
        let errors = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
        return (status, output, errors)
    }

    private func spawn(stdin: String, stdout: String, stderr: String) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, stdin, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let merged = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        // The calling thread may block signals (dispatch threads do); the child must start with none
        // blocked and default handlers, or a daemon it leaves behind would ignore SIGTERM.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var defaults = sigset_t()
        sigfillset(&defaults)
        sigdelset(&defaults, SIGKILL)
        sigdelset(&defaults, SIGSTOP)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard result == 0 else {
            throw Failure(command: [executable] + arguments, status: -1, output: "spawn failed: \(String(cString: strerror(result)))")
        }
        return pid
    }
}
