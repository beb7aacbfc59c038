import Foundation
import Glibc
import Testing
import TopologyFormats
import WeftTestSupport

@Suite("Output files")
struct OutputFileTests {
    @Test("an output path that is a FIFO (as /dev/null or /dev/stdout is a device) stays what it is and gets the bytes")
    func specialFileIsWrittenThrough() async throws {
        let scratch = try ScratchDirectory()
        let fifo = scratch.path("out.fifo")
        try #require(mkfifo(fifo, 0o600) == 0)
        let reader = Task.detached { FileHandle(forReadingAtPath: fifo)?.readDataToEndOfFile() }
        try OutputFile.write(Data("id,src,dst\n".utf8), to: fifo)
        #expect(await reader.value == Data("id,src,dst\n".utf8))
        var status = stat()
        try #require(stat(fifo, &status) == 0)
        #expect(status.st_mode & S_IFMT == S_IFIFO)
    }

    @Test("a regular output file is replaced as a whole")
    func regularFileIsReplaced() throws {
        let scratch = try ScratchDirectory()
        let path = scratch.path("fabric.yaml")
        try Data("an older and longer content\n".utf8).write(to: URL(fileURLWithPath: path))
        try OutputFile.write(Data("new\n".utf8), to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "new\n")
    }
}
