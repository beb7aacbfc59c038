/// What a port is to a tap service, for error messages.
public enum TapPortRole: String, Hashable, Sendable, CustomStringConvertible {
    case destination
    case source

    public var description: String { rawValue }
}
