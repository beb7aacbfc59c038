import ArgumentParser

@main
struct Weft: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "weft",
        abstract: "Traffic-engineering path optimizer for spine-leaf fabrics.",
        subcommands: [TopoCommand.self, ControllerCommand.self, FlowsCommand.self, ServeCommand.self, DemandsCommand.self, TapCommand.self, OptimizeCommand.self, MincutCommand.self, BenchCommand.self, WhatIfCommand.self]
    )
}
