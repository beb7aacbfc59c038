/// One step of a scenario: a label for the report and the actions applied before re-optimizing.
public struct ScenarioEvent: Hashable, Sendable {
    public var label: String
    public var actions: [ScenarioAction]
    public var location: FieldLocation

    public init(label: String, actions: [ScenarioAction], location: FieldLocation) {
        self.label = label
        self.actions = actions
        self.location = location
    }
}
