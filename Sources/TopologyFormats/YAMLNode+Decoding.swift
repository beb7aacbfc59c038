import Foundation
import Yams

extension YAMLNode {
    /// Decodes the document at this node as `Value` with Yams' decoder; a decoding error names the
    /// field path (`switches[2].ports[0].speed_bps`) and the line and column of the offending value.
    /// (`TopologyFileCoder` reads large files faster, through `YAMLEventDecoder`, and comes here
    /// only when that fails.)
    public func decode<Value: Decodable>(_ type: Value.Type) throws(LocatedError) -> Value {
        do {
            return try YAMLDecoder().decode(type, from: node)
        } catch let error as DecodingError {
            throw LocatedError(problems: [Self.problem(error, file: file, root: node)])
        } catch {
            throw LocatedError(file: file, message: String(describing: error))
        }
    }

    /// The value of `key` when this is a mapping that has it.
    public subscript(key: String) -> YAMLNode? {
        node.mapping?[key].map { YAMLNode(node: $0, file: file, field: field.isEmpty ? key : "\(field).\(key)") }
    }

    /// The item at `index` when this is a list that long.
    public subscript(index: Int) -> YAMLNode? {
        guard let items = node.sequence, items.indices.contains(index) else { return nil }
        return YAMLNode(node: items[index], file: file, field: "\(field)[\(index)]")
    }

    /// A decoding error as a located problem; `root` (when the text is also YAML) gives the line.
    package static func problem(_ error: DecodingError, file: String, root: Node?) -> LocatedProblem {
        let path: [any CodingKey]
        let valuePath: [any CodingKey]
        let message: String
        switch error {
        case let .keyNotFound(key, context):
            path = context.codingPath + [key]
            valuePath = context.codingPath
            message = "missing field '\(key.stringValue)'"
        case let .typeMismatch(type, context):
            path = context.codingPath
            valuePath = path
            message = "expected \(describe(type))"
        case let .valueNotFound(type, context):
            path = context.codingPath
            valuePath = path
            message = "missing value (expected \(describe(type)))"
        case let .dataCorrupted(context):
            path = context.codingPath
            valuePath = path
            message = context.debugDescription
        @unknown default:
            return LocatedProblem(file: file, message: String(describing: error))
        }
        let mark = root.flatMap { node(at: valuePath, in: $0)?.mark }
        return LocatedProblem(file: file, line: mark?.line, column: mark?.column, field: fieldPath(path), message: message)
    }

    /// `switches[2].ports[0].speed_bps`, or `(top level)`.
    static func fieldPath(_ path: [any CodingKey]) -> String {
        let text = FieldPath.text(path)
        return text.isEmpty ? "(top level)" : text
    }

    /// The deepest node along `path`.
    private static func node(at path: [any CodingKey], in root: Node) -> Node? {
        var node = root
        for key in path {
            if let index = key.intValue, let sequence = node.sequence, sequence.indices.contains(index) {
                node = sequence[index]
            } else if let next = node.mapping?[key.stringValue] {
                node = next
            } else {
                break
            }
        }
        return node
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is Double.Type, is Float.Type: "a number"
        case is UInt32.Type, is UInt64.Type, is Int.Type: "a whole number"
        case is Bool.Type: "true or false"
        case is String.Type: "text"
        default:
            String(describing: type).hasPrefix("Array") ? "a list" : (String(describing: type).hasPrefix("Dictionary") ? "a mapping" : "\(type)")
        }
    }
}
