import Foundation

/// Writes the files Weft produces (exports, saved inputs, reports).
///
/// A regular file is replaced atomically, so a failure never leaves half a file. Anything else the
/// user names as output — `/dev/null`, `/dev/stdout`, a FIFO — is written through as it is: an atomic
/// replace would rename a regular file over the device (as root, over `/dev/null` for everyone).
public enum OutputFile {
    /// Writes `data` to `path`: an atomic replace for a regular or new file, straight through otherwise.
    public static func write(_ data: Data, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        if isSpecialFile(path) {
            let handle = try FileHandle(forWritingTo: url)
            defer { try? handle.close() }
            try handle.write(contentsOf: data)
        } else {
            try data.write(to: url, options: .atomic)
        }
    }

    /// Whether `path` exists and is not a regular file or a directory (after following links).
    static func isSpecialFile(_ path: String) -> Bool {
        var status = stat()
        guard stat(path, &status) == 0 else { return false }
        let type = status.st_mode & S_IFMT
        return type != S_IFREG && type != S_IFDIR
    }
}
