import Foundation
import Testing

@testable import Service

@Suite("weft serve options: listen address, token, intervals")
struct ServeOptionTests {
    @Test("listen addresses parse, and only loopback ones count as loopback", arguments: [
        ("127.0.0.1:8181", "127.0.0.1", 8181, true), ("localhost:80", "localhost", 80, true), ("[::1]:8181", "::1", 8181, true),
        ("127.4.5.6:1", "127.4.5.6", 1, true), ("0.0.0.0:6653", "0.0.0.0", 6653, false), ("10.0.0.7:8181", "10.0.0.7", 8181, false),
        ("[::]:8181", "::", 8181, false), ("127.example.com:80", "127.example.com", 80, false),
    ])
    func listenAddress(_ text: String, _ host: String, _ port: Int, _ loopback: Bool) throws {
        let address = try ListenAddress(parsing: text)
        #expect(address.host == host)
        #expect(address.port == port)
        #expect(address.isLoopback == loopback)
        #expect(address.description == text)
    }

    @Test("malformed listen addresses are refused naming the option", arguments: ["8181", "host:", ":8181", "host:99999", "[::1]8181", "a:b"])
    func badListenAddress(_ text: String) {
        #expect(throws: ServeError.self) { try ListenAddress(parsing: text) }
        do {
            _ = try ListenAddress(parsing: text)
        } catch {
            #expect(error.description.hasPrefix("--listen '\(text)'"))
        }
    }

    @Test("a non-loopback address without a token is refused; with one it is allowed")
    func tokenRequiredBeyondLoopback() throws {
        let open = try ListenAddress(parsing: "0.0.0.0:8181")
        #expect(throws: ServeError.tokenRequired(listen: open)) { try APIToken.check(nil, listen: open) }
        try APIToken.check("t0ken", listen: open)
        try APIToken.check(nil, listen: ListenAddress(parsing: "127.0.0.1:8181"))
    }

    @Test("the token comes from the file first, else from WEFT_API_TOKEN; empty files are refused")
    func tokenSources() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("weft-token-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("token").path
        try "  abc123\n".write(toFile: file, atomically: true, encoding: .utf8)
        #expect(try APIToken.load(file: file, environment: ["WEFT_API_TOKEN": "env"]) == "abc123")
        #expect(try APIToken.load(file: nil, environment: ["WEFT_API_TOKEN": "env"]) == "env")
        #expect(try APIToken.load(file: nil, environment: [:]) == nil)
        try "\n".write(toFile: file, atomically: true, encoding: .utf8)
        #expect(throws: ServeError.self) { try APIToken.load(file: file, environment: [:]) }
        #expect(throws: ServeError.self) { try APIToken.load(file: directory.appendingPathComponent("missing").path, environment: [:]) }
    }

    @Test("intervals parse with units; 0 and off disable the timer", arguments: [
        ("60s", Duration.seconds(60)), ("5m", .seconds(300)), ("1h", .seconds(3600)), ("500ms", .milliseconds(500)),
        ("1.5s", .milliseconds(1500)), ("0", nil), ("off", nil),
    ])
    func intervals(_ text: String, _ expected: Duration?) throws {
        #expect(try IntervalParser.parse(text, option: "reoptimize-every") == expected)
    }

    @Test("malformed intervals are refused", arguments: ["60", "fast", "1d", "-5s", "1ms"])
    func badIntervals(_ text: String) {
        #expect(throws: ServeError.self) { try IntervalParser.parse(text, option: "reoptimize-every") }
    }
}
