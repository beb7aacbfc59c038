/// The fields of a YAML mapping, read by name.
struct YAMLMapping {
    let owner: YAMLValue
    let entries: [(key: String, value: YAMLValue)]

    func optional(_ key: String) -> YAMLValue? {
        entries.first { $0.key == key }.map(\.value)
    }

    func required(_ key: String) throws(ScenarioProblem) -> YAMLValue {
        guard let value = optional(key) else {
            let path = owner.field.isEmpty ? key : "\(owner.field).\(key)"
            throw ScenarioProblem("missing required field '\(key)'", at: FieldLocation(line: owner.node.mark?.line, field: path))
        }
        return value
    }

    var keys: [String] { entries.map(\.key) }
}
