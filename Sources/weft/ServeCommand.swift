import ArgumentParser
import Foundation
import Service

/// `weft serve`: the HTTP API over a Weft database.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the JSON HTTP API: path computation and reservations, TaaS tap resources, metrics.",
        discussion: """
            Without --token-file or WEFT_API_TOKEN the API only listens on a loopback address. \
            The API is described in docs/openapi.yaml (also served at GET /v1/openapi.yaml).
            """
    )

    @OptionGroup var store: StoreOptions

    @Option(help: "Address to serve the API on, host:port.")
    var listen = "127.0.0.1:8181"

    @Option(name: .customLong("token-file"), help: "File holding the API bearer token (default: $WEFT_API_TOKEN).")
    var tokenFile: String?

    @Option(help: "Fraction of every link's capacity reservations leave free, 0 ≤ headroom < 1.")
    var headroom = 0.0

    @Option(help: "Embed the OpenFlow 1.3 controller, accepting switches on host:port (e.g. 0.0.0.0:6653).")
    var openflow: String?

    func run() async throws {
        do {
            let listen = try ListenAddress(parsing: listen)
            guard (0..<1).contains(headroom) else {
                throw ServeError.invalidOption(option: "headroom", value: "\(headroom)", reason: "must be at least 0 and below 1")
            }
            let configuration = WeftServer.Configuration(
                databasePath: store.path, listen: listen, token: try APIToken.load(file: tokenFile), headroom: headroom,
                openFlow: try openflow.map { try ListenAddress(parsing: $0, option: "openflow") })
            let server = try WeftServer(configuration: configuration, reoptimization: nil)
            server.metrics.bootstrapSwiftMetrics()
            try await server.application().runService()
        } catch let error as CancellationError {
            throw error
        } catch {
            printError("error: \(error)")
            throw ExitCode.failure
        }
    }
}
