import Foundation
import Topology
import Yams

/// Reads and writes Weft's own topology file: YAML or JSON, one schema (the `Codable` keys of
/// `Topology`: `switches[name, dpid, role, ports[number, name, mac, speed_bps, up]]`,
/// `links[from{switch, port}, to{switch, port}, capacity_bps, latency_s, up]`,
/// `hosts[name, mac, ip, attached_to{switch, port}, tenant]`, `tenants[name, description]`).
///
/// YAML is decoded straight from libyaml's events (`YAMLEventDecoder`); only a file that this fast
/// reading cannot take, or that does not decode, goes through Yams' node tree and decoder, whose
/// errors name the file, the field path (`switches[2].ports[0].speed_bps`) and,
/// for YAML and for JSON that YAML can also read, the line and column of the offending value.
public enum TopologyFileCoder {
    /// The two spellings of the format.
    public enum Syntax: String, Hashable, Sendable {
        case yaml, json
    }

    /// Decodes and validates a topology; every structural problem is reported, naming its element.
    public static func decodeTopology(from data: Data, syntax: Syntax, file: String) throws(LocatedError) -> Topology {
        let topology = try decode(Topology.self, from: data, syntax: syntax, file: file)
        let problems = topology.problems()
        guard problems.isEmpty else {
            throw LocatedError(problems: problems.map { LocatedProblem(file: file, field: $0.element, message: $0.message) })
        }
        return topology
    }

    /// Decodes any `Decodable` written in the file syntax, with located errors.
    public static func decode<Value: Decodable>(_ type: Value.Type, from data: Data, syntax: Syntax, file: String) throws(LocatedError) -> Value {
        guard let text = String(data: data, encoding: .utf8) else {
            throw LocatedError(file: file, message: "not UTF-8 text")
        }
        guard !text.allSatisfy(\.isWhitespace) else {
            throw LocatedError(file: file, message: "the file is empty")
        }
        switch syntax {
        case .yaml:
            if let value = try? YAMLEventDecoder(yaml: text)?.decode(type) {
                return value
            }
            guard let root = try YAMLNode.parse(text, file: file) else { throw LocatedError(file: file, message: "the file is empty") }
            return try root.decode(type)
        case .json:
            do {
                return try JSONDecoder().decode(type, from: data)
            } catch let error as DecodingError {
                if case .dataCorrupted(let context) = error, context.codingPath.isEmpty {
                    throw syntaxProblem(context, text: text, file: file)
                }
                throw LocatedError(problems: [YAMLNode.problem(error, file: file, root: try? Yams.compose(yaml: text))])
            } catch {
                throw LocatedError(file: file, message: String(describing: error))
            }
        }
    }

    /// The topology as a YAML or JSON document (JSON keys sorted, both human-readable).
    public static func encode(_ topology: Topology, syntax: Syntax) throws(LocatedError) -> String {
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
            throw LocatedError(file: topology.name, message: "cannot encode as \(syntax.rawValue): \(error)")
        }
    }

    // MARK: Locating errors

    /// A JSON syntax error, located from Foundation's message ("… line 3, column 7") or, failing that,
    /// from YAML's reading of the same text.
    private static func syntaxProblem(_ context: DecodingError.Context, text: String, file: String) -> LocatedError {
        let detail = context.underlyingError.map { String(describing: $0) } ?? context.debugDescription
        if let (line, column) = lineAndColumn(in: detail) {
            return LocatedError(file: file, line: line, column: column, message: "malformed JSON: \(detail)")
        }
        do {
            _ = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            switch error {
            case .scanner, .parser: return LocatedError(problems: [YAMLNode.syntaxProblem(error, file: file, syntax: "JSON")])
            default: break
            }
        } catch {}
        return LocatedError(file: file, message: "malformed JSON: \(detail)")
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
}
