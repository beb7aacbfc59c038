import ArgumentParser
import Foundation
import Optimizer
import Topology
import TopologyStore
import TopologyFormats

/// A command failed on bad input: one line per problem on standard error, exit status 1.
struct CommandFailure: Error, CustomStringConvertible {
    var problems: [String]
    /// The store was busy (another process held its write lock): trying again later can succeed.
    var isBusy = false

    init(_ problems: [String]) {
        self.problems = problems
    }

    init(_ problem: String) {
        problems = [problem]
    }

    init(_ error: LocatedError) {
        problems = error.problems.map(\.description)
    }

    init(_ error: TopologyStoreError) {
        if case .invalidTopology(let invalid) = error {
            problems = invalid.problems.map { "topology \(invalid.topology): \($0)" }
        } else {
            problems = [error.description]
        }
        isBusy = error.isBusy
    }

    /// An optimizer failure; invalid demands are named with the file, line and field they came from.
    init(_ error: OptimizerError, demandsFrom file: DemandFile) {
        if case .invalidDemands(let problems) = error {
            self.init(file.locate(problems))
        } else {
            self.init(error.description)
        }
    }

    var description: String { problems.joined(separator: "\n") }
}

/// Runs a command body; a `CommandFailure` (or a Weft error) is printed as `error: …` lines and
/// exits with code 1, so every command fails the same way.
func runReportingFailures(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch {
        throw reported(error)
    }
}

/// `runReportingFailures` for the `async` commands.
func runReportingFailures(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch {
        throw reported(error)
    }
}

/// A Weft failure printed as `error: …` lines, becoming exit code 1; other errors pass unchanged.
private func reported(_ error: any Error) -> any Error {
    let failure: CommandFailure
    switch error {
    case let error as CommandFailure: failure = error
    case let error as LocatedError: failure = CommandFailure(error)
    case let error as TopologyStoreError: failure = CommandFailure(error)
    default: return error
    }
    failure.problems.forEach { printError("error: \($0)") }
    return ExitCode.failure
}

/// Writes a line to standard error.
func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

/// Parses a rate option such as `--uplink 100G`; the failure names the option.
func parseRate(_ text: String, option: String) throws(CommandFailure) -> Double {
    switch BitRate.parse(text) {
    case .success(let rate) where rate.bitsPerSecond > 0:
        return rate.bitsPerSecond
    case .success:
        throw CommandFailure("\(option): the rate must be positive")
    case .failure(let error):
        throw CommandFailure("\(option): \(error)")
    }
}
