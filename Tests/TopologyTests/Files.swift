import Foundation

/// Where the test inputs live: fixture files in the test bundle, shipped topologies in the repository.
enum Files {
    /// A file from `Tests/TopologyTests/Fixtures`.
    static func fixture(_ name: String) -> String {
        Bundle.module.bundleURL.appendingPathComponent("Fixtures").appendingPathComponent(name).path
    }

    /// The repository root, found from this source file's path.
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A file from `scenarios/topologies`.
    static func shipped(_ name: String) -> String {
        repositoryRoot.appendingPathComponent("scenarios/topologies").appendingPathComponent(name).path
    }

    static func text(_ path: String) throws -> String {
        try String(contentsOfFile: path, encoding: .utf8)
    }
}
