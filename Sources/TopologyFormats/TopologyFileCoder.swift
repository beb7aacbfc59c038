import Foundation
import Topology
import Yams

/// Reads and writes Weft's own topology file: YAML or JSON, one schema (the `Codable` keys of
/// `Topology`: `switches[name, dpid, role, ports[number, name, mac, speed_bps, up]]`,
/// `links[from{switch, port}, to{switch, port}, capacity_bps, latency_s, up]`,
/// `hosts[name, mac, ip, attached_to{switch, port}, tenant]`, `tenants[name, description]`).
///
/// Decoding errors name the file, the field path (`switches[2].ports[0].speed_bps`) and, for YAML and
/// for JSON that YAML can also read, the line and column of the offending value.
public enum TopologyFileCoder {
    /// The two spellings of the format.
    public enum Syntax: String, Hashable, Sendable {
        case yaml, json
    }

    /// Decodes and validates a topology; every structural problem is reported, naming its element.
    public static func decodeTopology(from data: Data, syntax: Syntax, file: String) throws(TopologyFileError) -> Topology {
        let topology = try decode(Topology.self, from: data, syntax: syntax, file: file)
        let problems = topology.problems()
        guard problems.isEmpty else {
            throw TopologyFileError(problems: problems.map { TopologyFileProblem(file: file, field: $0.element, message: $0.message) })
        }
        return topology
    }

    /// Decodes any `Decodable` written in the file syntax, with located errors.
    public static func decode<Value: Decodable>(_ type: Value.Type, from data: Data, syntax: Syntax, file: String) throws(TopologyFileError) -> Value {
        guard let text = String(data: data, encoding: .utf8) else {
            throw TopologyFileError(file: file, message: "not UTF-8 text")
        }
        guard !text.allSatisfy(\.isWhitespace) else {
            throw TopologyFileError(file: file, message: "the file is empty")
        }
        switch syntax {
        case .yaml:
            let root = try compose(text, file: file)
            do {
                return try YAMLDecoder().decode(type, from: root)
            } catch let error as DecodingError {
                throw problem(error, file: file, root: root)
            } catch {
                throw TopologyFileError(file: file, message: String(describing: error))
            }
        case .json:
            do {
                return try JSONDecoder().decode(type, from: data)
            } catch let error as DecodingError {
                if case .dataCorrupted(let context) = error, context.codingPath.isEmpty {
                    throw syntaxProblem(context, text: text, file: file)
                }
                throw problem(error, file: file, root: try? Yams.compose(yaml: text))
            } catch {
                throw TopologyFileError(file: file, message: String(describing: error))
            }
        }
    }

    /// The topology as a YAML or JSON document (JSON keys sorted, both human-readable).
    public static func encode(_ topology: Topology, syntax: Syntax) throws(TopologyFileError) -> String {
        do {
            switch syntax {
            case .yaml:
                return try YAMLEncoder().encode(topology)
            case .json:
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                return String(decoding: try encoder.encode(topology), as: UTF8.self) + "\n"
            }
        } catch {
            throw TopologyFileError(file: topology.name, message: "cannot encode as \(syntax.rawValue): \(error)")
        }
    }

    // MARK: Locating errors

    private static func compose(_ text: String, file: String) throws(TopologyFileError) -> Node {
        guard let root = try YAMLNode.parse(text, file: file) else { throw TopologyFileError(file: file, message: "the file is empty") }
        return root.node
    }

    /// A JSON syntax error, located from Foundation's message ("… line 3, column 7") or, failing that,
    /// from YAML's reading of the same text.
    private static func syntaxProblem(_ context: DecodingError.Context, text: String, file: String) -> TopologyFileError {
        let detail = context.underlyingError.map { String(describing: $0) } ?? context.debugDescription
        if let (line, column) = lineAndColumn(in: detail) {
            return TopologyFileError(file: file, line: line, column: column, message: "malformed JSON: \(detail)")
        }
        do {
            _ = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            switch error {
            case .scanner, .parser: return TopologyFileError(problems: [YAMLNode.syntaxProblem(error, file: file, syntax: "JSON")])
            default: break
            }
        } catch {}
        return TopologyFileError(file: file, message: "malformed JSON: \(detail)")
    }

    private static func lineAndColumn(in text: String) -> (Int, Int)? {
        let words = text.replacingOccurrences(of: ",", with: " ").replacingOccurrences(of: ".", with: " ").split(separator: " ")
        guard let lineIndex = words.firstIndex(of: "line"), lineIndex + 1 < words.count, let line = Int(words[lineIndex + 1]) else {
            return nil
        }
        if let columnIndex = words.firstIndex(of: "column"), columnIndex + 1 < words.count, let column = Int(words[columnIndex + 1]) {
            return (line, column)
        }
        return (line, 1)
    }

    private static func problem(_ error: DecodingError, file: String, root: Node?) -> TopologyFileError {
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
            return TopologyFileError(file: file, message: String(describing: error))
        }
        let mark = root.flatMap { node(at: valuePath, in: $0)?.mark }
        return TopologyFileError(file: file, line: mark?.line, column: mark?.column, field: fieldPath(path), message: message)
    }

    /// `switches[2].ports[0].speed_bps`.
    static func fieldPath(_ path: [any CodingKey]) -> String {
        var text = ""
        for key in path {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
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
