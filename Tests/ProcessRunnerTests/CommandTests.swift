import Foundation
import ProcessRunner
import Testing

@Suite struct CommandTests {
    /// A pipe holds 64 KiB: a runner that reads standard output to its end before standard error
    /// waits forever on a program that first fills standard error (`weft bench mincut` did).
    @Test(.timeLimit(.minutes(1)))
    func aProgramWritingMoreThanAPipeHoldsToStandardErrorFinishesWithBothOutputs() async throws {
        let input = FileManager.default.temporaryDirectory.appendingPathComponent("weft-command-test-\(UUID().uuidString)").path
        try "3 2\n0 1 5\n1 2 7\n".write(toFile: input, atomically: true, encoding: .utf8)
        defer { unlink(input) }
        let script = "head -c 300000 /dev/zero | tr '\\0' e >&2; cat; echo done"
        let (status, output, errors) = try await Command("/bin/sh", ["-c", script]).runReturningStatus(input: input)
        #expect(status == 0)
        #expect(output == "3 2\n0 1 5\n1 2 7\ndone\n")
        #expect(errors.utf8.count == 300_000)
        #expect(errors.allSatisfy { $0 == "e" })
    }

    @Test func aMissingInputFileIsAFailureNamingTheProgram() async throws {
        let missing = "/nonexistent/weft-command-test-\(UUID().uuidString)"
        let failure = await #expect(throws: Command.Failure.self) {
            try await Command("/bin/cat", []).runReturningStatus(input: missing)
        }
        #expect(failure?.status == -1)
        #expect(failure?.command == ["/bin/cat"])
    }
}
