/// One thing wrong with a scenario, with the line and field it concerns.
public struct ScenarioProblem: Error, Hashable, Sendable, CustomStringConvertible {
    public var location: FieldLocation
    public var message: String

    public init(_ message: String, at location: FieldLocation) {
        self.location = location
        self.message = message
    }

    public var description: String { "\(location): \(message)" }
}
