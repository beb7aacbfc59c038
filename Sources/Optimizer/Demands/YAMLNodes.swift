import Yams

/// Small helpers for reading Yams nodes with line numbers for error messages.
enum YAMLNodes {
    /// Parses `text` into a node; syntax errors become a located problem.
    static func compose(_ text: String, file: String) throws(DemandFileError) -> Node? {
        do {
            return try Yams.compose(yaml: text)
        } catch let error as YamlError {
            switch error {
            case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _):
                throw DemandFileError(file: file, line: mark.line, message: "YAML syntax: \(problem)")
            default:
                throw DemandFileError(file: file, message: "YAML syntax: \(error)")
            }
        } catch {
            throw DemandFileError(file: file, message: "YAML syntax: \(error)")
        }
    }

    /// The list under `key` of a top-level mapping, or the top-level sequence itself.
    static func items(of root: Node?, key: String, file: String) throws(DemandFileError) -> [Node] {
        guard let root else { return [] }
        if let sequence = root.sequence { return Array(sequence) }
        if let mapping = root.mapping {
            guard let list = mapping[key] else {
                throw DemandFileError(file: file, line: root.mark?.line, message: "expected a '\(key):' list")
            }
            if case .scalar(let scalar) = list, scalar.string.isEmpty || scalar.string == "~" || scalar.string == "null" { return [] }
            guard let sequence = list.sequence else {
                throw DemandFileError(file: file, line: list.mark?.line, field: key, message: "expected a list")
            }
            return Array(sequence)
        }
        throw DemandFileError(file: file, line: root.mark?.line, message: "expected a '\(key):' list or a top-level list")
    }

    /// Key/value pairs of a mapping item as strings to nodes, with problems for non-mappings.
    static func fields(of item: Node, file: String, allowed: Set<String>, problems: inout [DemandFileProblem]) -> [String: Node]? {
        guard let mapping = item.mapping else {
            problems.append(DemandFileProblem(file: file, line: item.mark?.line, message: "expected a mapping (key: value)"))
            return nil
        }
        var result: [String: Node] = [:]
        for (key, value) in mapping {
            guard let name = key.string else { continue }
            if !allowed.contains(name) {
                problems.append(DemandFileProblem(file: file, line: key.mark?.line, field: name,
                                                  message: "unknown field (expected one of \(allowed.sorted().joined(separator: ", ")))"))
                continue
            }
            result[name] = value
        }
        return result
    }
}
