/// Why the controller could not start.
public enum ControllerError: Error, Hashable, Sendable, CustomStringConvertible {
    case invalidConfiguration([String])
    case cannotListen(address: String, reason: String)

    public var description: String {
        switch self {
        case let .invalidConfiguration(problems): "invalid controller configuration:\n" + problems.map { "  - \($0)" }.joined(separator: "\n")
        case let .cannotListen(address, reason): "cannot listen on \(address): \(reason)"
        }
    }
}
