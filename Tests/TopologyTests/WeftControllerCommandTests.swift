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
        #expect(refused.stderr.contains("--restart-grace 'thirty'"), "\(refused.stderr)")
        #expect(refused.stderr.contains("ms, s, m or h"), "\(refused.stderr)")
    }
}
