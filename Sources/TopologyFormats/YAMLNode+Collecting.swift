extension YAMLNode {
    /// The value as a whole number, when it is a scalar that reads as one.
    public var intValue: Int? { node.int }

    /// The value as a number, when it is a scalar that reads as one.
    public var doubleValue: Double? { node.float }

    /// The items, when the value is a list.
    public var items: [YAMLNode]? {
        guard node.sequence != nil else { return nil }
        return try? sequence()
    }

    /// The list under `key` of a top-level mapping, or the top-level list itself; `key: ~` is empty.
    public func list(under key: String) throws(LocatedError) -> [YAMLNode] {
        if let items { return items }
        guard node.mapping != nil else {
            throw LocatedError(file: file, line: line, message: "expected a '\(key):' list or a top-level list")
        }
        guard let list = self[key] else { throw LocatedError(file: file, line: line, message: "expected a '\(key):' list") }
        if let text = list.scalarText, ["", "~", "null"].contains(text) { return [] }
        guard let items = list.items else { throw LocatedError(file: file, line: list.line, field: key, message: "expected a list") }
        return items
    }

    /// The fields of a mapping by name, for readers that report every problem: a non-mapping or
    /// an unknown key adds a problem to `problems` (the key is skipped) instead of stopping.
    public func fields(allowed: Set<String>, problems: inout [LocatedProblem]) -> [String: YAMLNode]? {
        guard let mapping = node.mapping else {
            problems.append(LocatedProblem(file: file, line: line, message: "expected a mapping (key: value)"))
            return nil
        }
        var result: [String: YAMLNode] = [:]
        for (key, value) in mapping {
            guard let name = key.string else { continue }
            guard allowed.contains(name) else {
                problems.append(LocatedProblem(file: file, line: key.mark?.line, field: name,
                                               message: "unknown field (expected one of \(allowed.sorted().joined(separator: ", ")))"))
                continue
            }
            result[name] = self[name]
        }
        return result
    }
}
