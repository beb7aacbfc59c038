import Foundation
@testable import WhatIf

/// Where the shipped scenarios and the built `weft` binary are, found from this file's path.
enum ShippedScenarios {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let directory = packageRoot.appendingPathComponent("scenarios")

    /// Every `scenarios/*.yaml`, sorted by name.
    static var files: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted().map { directory.appendingPathComponent($0).path }
    }

    static func prepared(_ path: String) throws -> PreparedScenario {
        try PreparedScenario(ScenarioLoader().load(file: path), file: path)
    }
}
