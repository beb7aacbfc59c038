import Foundation
import Glibc

/// Tells when a SQLite database file was written by any process: Linux inotify on the file's directory,
/// filtered to the database file and its write-ahead log. In WAL mode every commit appends to the
/// `-wal` file (a checkpoint writes the main file), while readers only touch the memory-mapped `-shm`
/// index, which inotify does not report: reading the store never wakes a watcher.
///
/// One thread per watch sleeps in `poll(2)` on the inotify descriptor and a pipe whose write ends it.
enum SQLiteChangeWatch {
    /// A stream that yields once the watch is in place, then after each write to `path` or `path-wal`;
    /// bursts collapse into one element while the consumer is busy. Finishing the consumer's iteration ends the watch and its thread.
    /// An empty stream (finished at once) when inotify is not available.
    static func changes(of path: String) -> AsyncStream<Void> {
        let (stream, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let file = URL(fileURLWithPath: path)
        let directory = file.deletingLastPathComponent().path
        let names: Set<String> = [file.lastPathComponent, file.lastPathComponent + "-wal"]
        let watch = inotify_init1(Int32(IN_CLOEXEC | IN_NONBLOCK))
        var stopPipe: [Int32] = [-1, -1]
        let piped = pipe(&stopPipe) == 0
        for descriptor in stopPipe where descriptor >= 0 { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
        let (stop, stopWriter) = (stopPipe[0], stopPipe[1])
        let mask = UInt32(IN_MODIFY | IN_CREATE | IN_MOVED_TO | IN_CLOSE_WRITE)
        guard watch >= 0, piped, inotify_add_watch(watch, directory, mask) >= 0 else {
            for descriptor in [watch, stop, stopWriter] where descriptor >= 0 { close(descriptor) }
            continuation.finish()
            return stream
        }
        continuation.yield()
        continuation.onTermination = { _ in
            var one: UInt8 = 1
            _ = write(stopWriter, &one, 1)
        }
        let thread = Thread {
            defer {
                close(watch)
                close(stop)
                close(stopWriter)
            }
            var buffer = [UInt8](repeating: 0, count: 64 * 1024)
            while true {
                var descriptors = [pollfd(fd: watch, events: Int16(POLLIN), revents: 0), pollfd(fd: stop, events: Int16(POLLIN), revents: 0)]
                let ready = poll(&descriptors, 2, -1)
                if ready < 0, errno == EINTR { continue }
                if ready < 0 || descriptors[1].revents != 0 { return }
                var touched = false
                while true {
                    let count = buffer.withUnsafeMutableBytes { read(watch, $0.baseAddress, $0.count) }
                    guard count > 0 else { break }
                    touched = touched || Self.names(in: buffer[..<count]).contains { names.contains($0) }
                }
                if touched { continuation.yield() }
            }
        }
        thread.name = "weft.store.watch"
        thread.start()
        return stream
    }

    /// The file names of the `inotify_event` records in `bytes` (header: wd, mask, cookie, len).
    private static func names(in bytes: ArraySlice<UInt8>) -> [String] {
        var names: [String] = []
        var offset = bytes.startIndex
        let header = MemoryLayout<inotify_event>.size
        while offset + header <= bytes.endIndex {
            let length = bytes[(offset + 12)..<(offset + 16)].withUnsafeBytes { Int($0.loadUnaligned(as: UInt32.self)) }
            let start = offset + header
            let end = min(start + length, bytes.endIndex)
            let raw = bytes[start..<end].prefix { $0 != 0 }
            names.append(String(decoding: raw, as: UTF8.self))
            offset = start + length
        }
        return names
    }
}
