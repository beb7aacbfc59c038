import Foundation
import Testing
import Topology

@testable import Service
import TopologyStore
import WeftTestSupport

/// The built `weft` executable run inside an OVS fabric's switch namespace, and the helpers the
/// end-to-end tests use to talk to it there.
enum WeftSubprocess {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let executable = WeftProcess.executable.path

    /// A database holding the fabric's topology, in the fabric's directory, and ports for the API and
    /// an OpenFlow controller.
    struct Setup {
        let fabric: OVSFabric
        let directory: URL
        let database: String
        let apiPort = Int.random(in: 20_000...29_999)
        let openFlowPort = UInt16.random(in: 30_000...39_999)

        init(_ fabric: OVSFabric) throws {
            try #require(FileManager.default.isExecutableFile(atPath: executable), "\(executable) is not built; run swift build --build-tests")
            self.fabric = fabric
            directory = URL(fileURLWithPath: fabric.directory)
            database = directory.appendingPathComponent("weft.sqlite").path
            try TopologyStore(path: database, additionalMigrations: ServeSchema.allMigrations).save(fabric.topology, source: "ovs fabric")
        }

        var api: String { "http://127.0.0.1:\(apiPort)" }

        /// Starts `weft controller --db … --listen 127.0.0.1:<openFlowPort>` (no statistics polling) inside
        /// the fabric's switch namespace, logging to `<name>.log` in the fabric's directory.
        func controller(_ name: String = "weft-controller") throws -> ManagedProcess {
            try ManagedProcess(
                name: name, executable: "/usr/sbin/ip",
                arguments: ["netns", "exec", fabric.switchNamespace, executable, "controller", "--db", database,
                            "--listen", "127.0.0.1:\(openFlowPort)", "--stats-interval", "0"],
                logPath: directory.appendingPathComponent("\(name).log").path)
        }

        /// Starts `weft serve --db … --listen … arguments…` inside the fabric's switch namespace.
        func serve(_ arguments: [String] = []) throws -> ManagedProcess {
            try ManagedProcess(
                name: "weft serve", executable: "/usr/sbin/ip",
                arguments: ["netns", "exec", fabric.switchNamespace, executable, "serve", "--db", database, "--listen", "127.0.0.1:\(apiPort)"] + arguments,
                logPath: directory.appendingPathComponent("weft-serve.log").path)
        }
    }

    /// GET inside the switch namespace (where weft serve listens), returning the body; throws on HTTP errors.
    static func get(_ api: String, _ path: String, in fabric: OVSFabric) async throws -> String {
        try await Command("/usr/sbin/ip", ["netns", "exec", fabric.switchNamespace, "/usr/bin/curl", "-sSf", "--max-time", "5", api + path]).run()
    }

    /// A request with a JSON body inside the switch namespace; returns the HTTP status and the body.
    static func send(_ method: String, _ api: String, _ path: String, json: String, in fabric: OVSFabric) async throws -> (status: Int, body: String) {
        let output = try await Command("/usr/sbin/ip", [
            "netns", "exec", fabric.switchNamespace, "/usr/bin/curl", "-sS", "--max-time", "5", "-X", method,
            "-H", "Content-Type: application/json", "-d", json, "-w", "\\n%{http_code}", api + path,
        ]).run()
        let lines = output.split(separator: "\n", omittingEmptySubsequences: false)
        return (Int(lines.last ?? "") ?? 0, lines.dropLast().joined(separator: "\n"))
    }

    /// Bridges whose controller connection is up.
    static func connectedBridges(_ fabric: OVSFabric) async -> Int {
        let text = (try? await fabric.vsctl(["--columns=is_connected", "--bare", "list", "Controller"])) ?? ""
        return text.split(separator: "\n").filter { $0 == "true" }.count
    }

    static func waitUntil(seconds: Double, _ condition: () async -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while ContinuousClock.now < deadline {
            if await condition() { return true }
            try? await Task.sleep(for: .milliseconds(200))
        }
        return await condition()
    }
}

extension JSONDecoder {
    /// Decodes the API's JSON (ISO 8601 dates).
    static var api: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}
