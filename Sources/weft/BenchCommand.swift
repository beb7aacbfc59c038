import ArgumentParser

/// `weft bench …`: speed measurements printed next to a reference.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmarks that print timings next to a reference.",
        subcommands: [BenchOptimizeCommand.self, BenchAPICommand.self, BenchMincutCommand.self, BenchFlowsCommand.self, BenchWakeupCommand.self])
}
