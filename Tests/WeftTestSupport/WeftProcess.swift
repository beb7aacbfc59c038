import Foundation

/// The built `weft` executable, run to completion as a real subprocess in a directory (its working
/// directory, so relative paths in the arguments are resolved there), as users run it.
public struct WeftProcess: Sendable {
    public struct Outcome: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String

        public var stderrLines: [String] { stderr.split(separator: "\n").map(String.init) }
    }

    /// `weft` is built next to the test runner by `swift build --build-tests`, in the same build
    /// directory whatever the configuration.
    public static let executable = Bundle.main.bundleURL.appendingPathComponent("weft")

    public let directory: URL

    public init(directory: URL) {
        self.directory = directory
    }

    /// Runs `weft arguments…` to completion; output goes through temporary files, so large exports
    /// cannot block.
    public func run(_ arguments: [String]) throws -> Outcome {
        guard FileManager.default.isExecutableFile(atPath: Self.executable.path) else {
            throw MissingExecutable(path: Self.executable.path)
        }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("weft-process-\(UUID().uuidString)")
        let stdoutURL = scratch.appendingPathExtension("out")
        let stderrURL = scratch.appendingPathExtension("err")
        try Data().write(to: stdoutURL)
        try Data().write(to: stderrURL)
        defer {
            try? FileManager.default.removeItem(at: stdoutURL)
            try? FileManager.default.removeItem(at: stderrURL)
        }
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.standardOutput = try FileHandle(forWritingTo: stdoutURL)
        process.standardError = try FileHandle(forWritingTo: stderrURL)
        try process.run()
        process.waitUntilExit()
        return Outcome(
            status: process.terminationStatus,
            stdout: try String(contentsOf: stdoutURL, encoding: .utf8),
            stderr: try String(contentsOf: stderrURL, encoding: .utf8)
        )
    }

    public struct MissingExecutable: Error, CustomStringConvertible {
        public var path: String
        public var description: String { "\(path) is not built; run `swift build --build-tests` (or `make test`) first" }
    }
}
