import Foundation
import Testing
import WeftTestSupport

/// `weft controller`'s options, checked before it opens the store or listens.
@Suite struct WeftControllerCommandTests {
    let scratch: ScratchDirectory
    let weft: WeftProcess

    init() throws {
        scratch = try ScratchDirectory()
        weft = WeftProcess(directory: scratch.url)
    }

    @Test func restartGraceIsADurationAsForServe() throws {
        let refused = try weft.run(["controller", "--db", "fabric.sqlite", "--restart-grace", "thirty"])
        #expect(refused.status == 1)
        #expect(refused.stderrLines.first?.hasPrefix("error: --restart-grace 'thirty'") == true, "\(refused.stderr)")
        #expect(refused.stderr.contains("ms, s, m or h"), "\(refused.stderr)")
    }

    @Test func listenIsHostAndPortAsForServe() throws {
        for (listen, reason) in [("6653", "expected host:port"), (":6653", "the host is empty"), ("0.0.0.0:66530", "the port must be 0...65535"),
                                 ("[::1]6653", "expected [ipv6]:port")] {
            let refused = try weft.run(["controller", "--db", "fabric.sqlite", "--listen", listen])
            #expect(refused.status == 1)
            #expect(refused.stderrLines == ["error: --listen '\(listen)': \(reason)"], "\(refused.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: scratch.url.appendingPathComponent("fabric.sqlite").path))
    }

    @Test func everyProblemIsOneErrorLineAsInTheOtherCommands() throws {
        let refused = try weft.run(["controller", "--db", "fabric.sqlite", "--listen", "6653", "--log-level", "loud"])
        #expect(refused.status == 1)
        #expect(refused.stderrLines == ["error: --listen '6653': expected host:port",
                                        "error: --log-level 'loud' is not one of trace, debug, info, notice, warning, error, critical"], "\(refused.stderr)")
    }
}
