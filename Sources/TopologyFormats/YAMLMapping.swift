/// The fields of a YAML mapping, read by name, in file order.
public struct YAMLMapping {
    public let owner: YAMLNode
    public let entries: [(key: String, value: YAMLNode)]

    public func optional(_ key: String) -> YAMLNode? {
        entries.first { $0.key == key }.map(\.value)
    }

    /// The field `key`; its absence is a problem at the mapping's line naming the field.
    public func required(_ key: String) throws(LocatedProblem) -> YAMLNode {
        guard let value = optional(key) else { throw owner.problem(field: key, "missing required field '\(key)'") }
        return value
    }

    public var keys: [String] { entries.map(\.key) }
}
