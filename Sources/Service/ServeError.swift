import Controller

/// Why `weft serve` refuses to start; each case names the option or file at fault.
public enum ServeError: Error, Hashable, Sendable, CustomStringConvertible {
    /// An option value does not parse or is out of range.
    case invalidOption(option: String, value: String, reason: String)
    /// The API would listen beyond this machine with no bearer token configured.
    case tokenRequired(listen: ListenAddress)
    /// The token file cannot be read or holds no token.
    case unreadableTokenFile(path: String, reason: String)
    /// The demands file cannot be read or parsed.
    case invalidDemands(path: String, reason: String)
    /// `--openflow` on a store without switches and with no allow list: no switch could join.
    case noSwitchAdmitted(database: String)

    public var description: String {
        switch self {
        case let .invalidOption(option, value, reason):
            "--\(option) '\(value)': \(reason)"
        case let .tokenRequired(listen):
            "refusing to serve the API on non-loopback address \(listen) without a token: pass --token-file FILE or set WEFT_API_TOKEN"
        case let .unreadableTokenFile(path, reason):
            "\(path): \(reason)"
        case let .invalidDemands(path, reason):
            "\(path): \(reason)"
        case let .noSwitchAdmitted(database):
            "--openflow: " + SwitchAdmission.nothingAdmitted(store: database)
        }
    }
}
