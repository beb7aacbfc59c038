import Foundation
import Glibc

/// A long-running program started for a test (`weft serve`, `osken-manager`), with its output in a
/// log file, stopped by its process id.
public final class ManagedProcess: Sendable {
    public let name: String
    public let logPath: String
    private let process: Process

    /// Starts `executable arguments…`; standard output and error go to `logPath`.
    public init(name: String, executable: String, arguments: [String], environment: [String: String] = [:], logPath: String) throws {
        self.name = name
        self.logPath = logPath
        FileManager.default.createFile(atPath: logPath, contents: nil)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        process.standardOutput = log
        process.standardError = log
        try process.run()
        self.process = process
    }

    public var pid: pid_t { process.processIdentifier }

    public var isRunning: Bool { process.isRunning }

    /// Everything the program printed so far.
    public var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    /// SIGTERM by pid, then SIGKILL if it has not exited within two seconds.
    public func stop() async {
        guard process.isRunning else { return }
        kill(pid, SIGTERM)
        for _ in 0..<100 where process.isRunning {
            try? await Task.sleep(for: .milliseconds(20))
        }
        if process.isRunning {
            kill(pid, SIGKILL)
        }
        process.waitUntilExit()
    }
}
