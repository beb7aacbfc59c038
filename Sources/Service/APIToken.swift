import Foundation

/// Where the API's bearer token comes from: `--token-file` first, else `WEFT_API_TOKEN`.
public enum APIToken {
    /// The environment variable read when no `--token-file` is given.
    public static let environmentVariable = "WEFT_API_TOKEN"

    /// The token, or `nil` when neither source gives one. A token file must hold a non-empty token
    /// (surrounding whitespace and the trailing newline are ignored).
    public static func load(file: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws(ServeError) -> String? {
        if let file {
            let text: String
            do {
                text = try String(contentsOfFile: file, encoding: .utf8)
            } catch {
                throw .unreadableTokenFile(path: file, reason: "cannot read the token file (\(error.localizedDescription))")
            }
            let token = text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !token.isEmpty else { throw .unreadableTokenFile(path: file, reason: "the token file is empty") }
            guard !token.contains(where: \.isWhitespace) else {
                throw .unreadableTokenFile(path: file, reason: "the token must be one line without spaces")
            }
            return token
        }
        guard let token = environment[environmentVariable]?.trimmingCharacters(in: .whitespacesAndNewlines), !token.isEmpty else {
            return nil
        }
        return token
    }

    /// Refuses a non-loopback listen address without a token.
    public static func check(_ token: String?, listen: ListenAddress) throws(ServeError) {
        if token == nil, !listen.isLoopback {
            throw .tokenRequired(listen: listen)
        }
    }
}
