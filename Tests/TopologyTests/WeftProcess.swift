import Foundation

/// The built `weft` executable, run as a real subprocess in a scratch directory.
struct WeftProcess {
    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String

        var stderrLines: [String] { stderr.split(separator: "\n").map(String.init) }
    }

    /// `weft` sits next to the test resources in the build directory (`swift build --build-tests`
    /// builds it along with the tests).
    static let executable = Bundle.module.bundleURL.deletingLastPathComponent().appendingPathComponent("weft")

    let directory: URL

    /// Runs `weft arguments…` to completion; output goes through files, so large exports cannot block.
    func run(_ arguments: [String]) throws -> Outcome {
        guard FileManager.default.isExecutableFile(atPath: Self.executable.path) else {
            throw MissingExecutable(path: Self.executable.path)
        }
        let stdoutURL = directory.appendingPathComponent("stdout-\(UUID().uuidString)")
        let stderrURL = directory.appendingPathComponent("stderr-\(UUID().uuidString)")
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

    struct MissingExecutable: Error, CustomStringConvertible {
        var path: String
        var description: String { "\(path) is not built; run `swift build --build-tests` (or `make test`) first" }
    }
}
