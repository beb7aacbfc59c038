/// Why a demand got less than it asked for.
public struct Shortfall: Hashable, Sendable, Codable, CustomStringConvertible {
    public enum Kind: String, Hashable, Sendable, Codable {
        /// No path of up links joins the endpoints.
        case disconnected
        /// A host endpoint's port is slower than the demand, or down, or shared with other demands.
        case accessLimited = "access-limited"
        /// The fabric's capacity went to demands of higher value or priority.
        case capacity
    }

    public var kind: Kind
    /// One line a person can act on, naming the nodes involved.
    public var message: String

    public init(kind: Kind, message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
