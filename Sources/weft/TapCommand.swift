import ArgumentParser
import TaasPlanner
import TopologyFormats

/// `weft tap …`: TaaS-compatible tap services and tap flows, and mirror placement.
struct TapCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tap",
        abstract: "Tap services and tap flows (OpenStack TaaS model) and where their copies go.",
        subcommands: [TapServiceCommand.self, TapFlowCommand.self, TapPlanCommand.self]
    )
}

/// Runs a tap command body, turning tap errors into `error:` lines and exit status 1.
func runTapCommand(_ body: () throws -> Void) throws {
    try runReportingFailures {
        do {
            try body()
        } catch let error as TapStoreError {
            if case .store(let storeError) = error { throw CommandFailure(storeError) }
            throw CommandFailure(error.description)
        } catch let error as TapError {
            throw CommandFailure(error.description)
        } catch let error as LocatedError {
            throw CommandFailure(error.description.split(separator: "\n").map(String.init))
        }
    }
}
