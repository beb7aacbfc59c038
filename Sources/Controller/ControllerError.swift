/// Why the controller could not start.
public enum ControllerError: Error, Hashable, Sendable, CustomStringConvertible {
    case invalidConfiguration([String])
    /// `run()` was called again, or the port asked for after it ended: a controller runs once.
    case notRunning
    case cannotListen(address: String, reason: String)
    /// A TLS certificate, key or CA file cannot be loaded.
    case invalidTLS(path: String, reason: String)

    public var description: String {
        switch self {
        case let .invalidConfiguration(problems): "invalid controller configuration:\n" + problems.map { "  - \($0)" }.joined(separator: "\n")
        case let .cannotListen(address, reason): "cannot listen on \(address): \(reason)"
        case let .invalidTLS(path, reason): "\(path): \(reason)"
        case .notRunning: "the controller is not running: it ran once and ended (create a new FabricController to run again)"
        }
    }
}
