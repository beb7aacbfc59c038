/// A step of a scenario could not be computed (a solver failed); names the step.
public struct ScenarioRunError: Error, Hashable, Sendable, CustomStringConvertible {
    /// 0 for the baseline.
    public var step: Int
    public var label: String
    public var message: String

    public init(step: Int, label: String, message: String) {
        self.step = step
        self.label = label
        self.message = message
    }

    public var description: String { "step \(step) ('\(label)'): \(message)" }
}
