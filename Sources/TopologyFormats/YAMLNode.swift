import Foundation
import Topology
import Yams

/// A YAML node with its file and field path, read through typed accessors whose problems name
/// the file, line, column and field (`events[1].actions[0].fail_link`).
///
/// The one YAML reader for every file Weft reads: topologies (for locating decoding errors),
/// demands, classes, taps and scenarios. Modules that use it do not link Yams themselves.
public struct YAMLNode {
    package let node: Node
    /// The file as the user named it.
    public let file: String
    /// Dotted field path with 0-based sequence indices; empty for the document root.
    public let field: String

    package init(node: Node, file: String, field: String) {
        self.node = node
        self.file = file
        self.field = field
    }

    /// Parses `text`; `nil` for a document with no content. Syntax errors are located problems.
    public static func parse(_ text: String, file: String) throws(LocatedError) -> YAMLNode? {
        do {
            return try Yams.compose(yaml: text).map { YAMLNode(node: $0, file: file, field: "") }
        } catch let error as YamlError {
            throw LocatedError(problems: [syntaxProblem(error, file: file)])
        } catch {
            throw LocatedError(file: file, message: "malformed YAML: \(error)")
        }
    }

    /// A located problem for a YAML or JSON syntax error.
    package static func syntaxProblem(_ error: YamlError, file: String, syntax: String = "YAML") -> LocatedProblem {
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _), let .composer(context, problem, mark, _):
            let detail = context.map { "\(problem) (\($0.text) on line \($0.mark.line))" } ?? problem
            return LocatedProblem(file: file, line: mark.line, column: mark.column, message: "malformed \(syntax): \(detail)")
        case let .duplicatedKeysInMapping(duplicates, context):
            return LocatedProblem(
                file: file, line: context.mark.line, column: context.mark.column,
                message: "duplicate key \(duplicates.sorted().map { "'\($0)'" }.joined(separator: ", "))"
            )
        default:
            return LocatedProblem(file: file, message: "malformed \(syntax): \(error)")
        }
    }

    /// 1-based line of the value, when known.
    public var line: Int? { node.mark?.line }
    /// 1-based column of the value, when known.
    public var column: Int? { node.mark?.column }

    /// A problem about this value.
    public func problem(_ message: String) -> LocatedProblem {
        LocatedProblem(file: file, line: line, column: column, field: field, message: message)
    }

    /// A problem about the field `key` of this value (a missing or misplaced field).
    public func problem(field key: String, _ message: String) -> LocatedProblem {
        LocatedProblem(file: file, line: line, column: column, field: path(key), message: message)
    }

    /// `null`, `~` or nothing at all.
    public var isNull: Bool {
        if case .scalar(let scalar) = node { return scalar.tag == .implicit && node.null != nil }
        return false
    }

    /// The text of a scalar, whatever its type (`nil` for lists and mappings).
    public var scalarText: String? {
        if case .scalar(let scalar) = node { return scalar.string }
        return nil
    }

    /// Non-empty text, trimmed.
    public func string() throws(LocatedProblem) -> String {
        guard case .scalar(let scalar) = node else { throw problem("expected a text value, found \(kind)") }
        let text = scalar.string.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty, !isNull else { throw problem("must not be empty") }
        return text
    }

    public func int(in range: ClosedRange<Int>) throws(LocatedProblem) -> Int {
        guard case .scalar = node, let value = node.int else { throw problem("expected a whole number, found \(describe)") }
        guard range.contains(value) else { throw problem("\(value) is out of range \(range.lowerBound)...\(range.upperBound)") }
        return value
    }

    public func double(in range: ClosedRange<Double>) throws(LocatedProblem) -> Double {
        guard case .scalar = node, let value = node.float, value.isFinite else {
            throw problem("expected a number, found \(describe)")
        }
        guard range.contains(value) else { throw problem("\(value) is out of range \(range.lowerBound)...\(range.upperBound)") }
        return value
    }

    /// A positive rate in bit/s: a number, or text with a unit such as `25G`, `400Gbps`, `1.5T`.
    public func rate() throws(LocatedProblem) -> Double {
        guard case .scalar(let scalar) = node else { throw problem("expected a rate such as 25G, found \(kind)") }
        let bps: Double
        switch BitRate.parse(scalar.string) {
        case .success(let rate): bps = rate.bitsPerSecond
        case .failure(let error): throw problem(error.description)
        }
        guard bps > 0 else { throw problem("rate must be positive (got \(scalar.string))") }
        return bps
    }

    /// The items of a list.
    public func sequence() throws(LocatedProblem) -> [YAMLNode] {
        guard case .sequence(let items) = node else { throw problem("expected a list, found \(kind)") }
        return items.enumerated().map { YAMLNode(node: $1, file: file, field: "\(field)[\($0)]") }
    }

    /// The mapping at this node; a key outside `allowedKeys` is a problem naming the key.
    public func mapping(allowedKeys: [String]) throws(LocatedProblem) -> YAMLMapping {
        guard case .mapping(let pairs) = node else { throw problem("expected a mapping of fields, found \(kind)") }
        var entries: [(key: String, value: YAMLNode)] = []
        for (keyNode, valueNode) in pairs {
            let key = keyNode.string ?? ""
            guard allowedKeys.contains(key) else {
                throw LocatedProblem(
                    file: file, line: keyNode.mark?.line, column: keyNode.mark?.column, field: path(key),
                    message: "unknown field '\(key)' (expected one of: \(allowedKeys.joined(separator: ", ")))"
                )
            }
            entries.append((key, YAMLNode(node: valueNode, file: file, field: path(key))))
        }
        return YAMLMapping(owner: self, entries: entries)
    }

    /// What the value is, for messages: `a list`, `a mapping`, `nothing`…
    public var kind: String {
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

    private func path(_ key: String) -> String {
        field.isEmpty ? key : "\(field).\(key)"
    }
}
