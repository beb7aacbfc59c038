/// A tap flow or path reservation that a step's event broke: its copies' path or its reserved path
/// crosses a switch or link that went down in this step. One sentence each, for the report and the
/// command's output.
public struct StepImpact: Hashable, Sendable, Codable {
    /// What was broken: a tap flow's mirror copies or a path reservation.
    public enum Kind: String, Hashable, Sendable, Codable {
        case tapFlow = "tap_flow"
        case reservation
    }

    /// Whether a tap flow or a reservation broke.
    public var kind: Kind
    /// The tap flow's name or the reservation's id.
    public var name: String
    /// What broke and what happens to it now, in one sentence.
    public var message: String

    public init(kind: Kind, name: String, message: String) {
        self.kind = kind
        self.name = name
        self.message = message
    }
}
