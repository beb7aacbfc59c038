import Optimizer

/// A QoS class as a scenario declares it, with where it was declared.
public struct ClassSpec: Hashable, Sendable {
    public var qosClass: QoSClass
    public var location: FieldLocation

    public init(_ qosClass: QoSClass, location: FieldLocation) {
        self.qosClass = qosClass
        self.location = location
    }

    public var name: String { qosClass.name }
}
