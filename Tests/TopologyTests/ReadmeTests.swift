import Foundation
import Testing
@testable import Topology
import TopologyFormats
import WeftTestSupport

/// The README's examples work as printed.
@Suite struct ReadmeTests {
    private func codeBlocks(_ language: String) throws -> [String] {
        let readme = try Files.text(Files.repositoryRoot.appendingPathComponent("README.md").path)
        return readme.components(separatedBy: "```\(language)\n").dropFirst().compactMap { $0.components(separatedBy: "```").first }
    }

    @Test func theTopologyFileExampleImports() throws {
        let example = try #require(try codeBlocks("yaml").first)
        let topology = try TopologyImporter().read(Data(example.utf8), format: .yaml, file: "README.md").topology
        #expect(topology.switches.map(\.name) == ["spine1", "leaf1"])
        #expect(topology.links.map(\.capacityBps) == [100e9, 100e9])
        #expect(topology.hostNamed("web1")?.attachment == LinkEnd(node: "leaf1", port: 1))
    }

    @Test func everyCommandOfTheCLITourSucceeds() throws {
        let scratch = try ScratchDirectory()
        let weft = WeftProcess(directory: scratch.url)
        let tour = try #require(try codeBlocks("sh").first { $0.contains("weft topo diff") })
        let commands = tour.split(separator: "\n").map { ($0.components(separatedBy: " #").first ?? "").trimmingWhitespace() }.filter { $0.hasPrefix("weft ") }
        #expect(commands.count == 10)
        for command in commands {
            let arguments = command.split(separator: " ").dropFirst().map { word in
                word.hasPrefix("scenarios/") ? Files.repositoryRoot.appendingPathComponent(String(word)).path : String(word)
            }
            let outcome = try weft.run(arguments)
            #expect(outcome.status == 0, "\(command): \(outcome.stderr)")
        }
    }
}
