import Foundation
import Topology
import Yams

/// A YAML node together with its field path, with typed accessors whose errors name the line
/// and field. The scenario loader reads every value through this type.
struct YAMLValue {
    let node: Node
    let field: String

    var location: FieldLocation { FieldLocation(line: node.mark?.line, field: field) }

    func problem(_ message: String) -> ScenarioProblem {
        ScenarioProblem(message, at: location)
    }

    var isNull: Bool {
        if case .scalar(let scalar) = node { return scalar.tag == .implicit && node.null != nil }
        return false
    }

    func string() throws(ScenarioProblem) -> String {
        guard case .scalar(let scalar) = node else { throw problem("expected a text value, found \(kind)") }
        let text = scalar.string.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty, !isNull else { throw problem("must not be empty") }
        return text
    }

    func int(in range: ClosedRange<Int>) throws(ScenarioProblem) -> Int {
        guard case .scalar = node, let value = node.int else { throw problem("expected a whole number, found \(describe)") }
        guard range.contains(value) else { throw problem("\(value) is out of range \(range.lowerBound)...\(range.upperBound)") }
        return value
    }

    func double(in range: ClosedRange<Double>) throws(ScenarioProblem) -> Double {
        guard case .scalar = node, let value = node.float, value.isFinite else {
            throw problem("expected a number, found \(describe)")
        }
        guard range.contains(value) else { throw problem("\(value) is out of range \(range.lowerBound)...\(range.upperBound)") }
        return value
    }

    /// A positive rate in bit/s: a number, or text with a unit such as `25G`, `400Gbps`, `1.5T`.
    func rate() throws(ScenarioProblem) -> Double {
        guard case .scalar(let scalar) = node else { throw problem("expected a rate such as 25G, found \(kind)") }
        let bps: Double
        switch BitRate.parse(scalar.string) {
        case .success(let rate): bps = rate.bitsPerSecond
        case .failure(let error): throw problem(error.description)
        }
        guard bps > 0 else { throw problem("rate must be positive (got \(scalar.string))") }
        return bps
    }

    func sequence() throws(ScenarioProblem) -> [YAMLValue] {
        guard case .sequence(let items) = node else { throw problem("expected a list, found \(kind)") }
        return items.enumerated().map { YAMLValue(node: $1, field: "\(field)[\($0)]") }
    }

    /// The mapping at this node; keys outside `allowedKeys` are an error naming the key.
    func mapping(allowedKeys: [String]) throws(ScenarioProblem) -> YAMLMapping {
        guard case .mapping(let pairs) = node else { throw problem("expected a mapping of fields, found \(kind)") }
        var entries: [(key: String, value: YAMLValue)] = []
        for (keyNode, valueNode) in pairs {
            let key = keyNode.string ?? ""
            let child = YAMLValue(node: valueNode, field: field.isEmpty ? key : "\(field).\(key)")
            guard allowedKeys.contains(key) else {
                throw ScenarioProblem(
                    "unknown field '\(key)' (expected one of: \(allowedKeys.joined(separator: ", ")))",
                    at: FieldLocation(line: keyNode.mark?.line, field: child.field)
                )
            }
            entries.append((key, child))
        }
        return YAMLMapping(owner: self, entries: entries)
    }

    private var kind: String {
        switch node {
        case .scalar: isNull ? "nothing" : "a single value"
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        }
    }

    private var describe: String {
        if case .scalar(let scalar) = node, !isNull { return "'\(scalar.string)'" }
        return kind
    }
}
