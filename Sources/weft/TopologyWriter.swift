import Foundation
import Topology
import TopologyFormats

/// Writes a topology as a Weft topology file (YAML or JSON), a Graphviz digraph or Topology Zoo
/// style GraphML (labels and link speeds only, as an imported fabric looks).
enum TopologyWriter {
    enum Format: String, CaseIterable {
        case json, yaml, dot, graphml
    }

    /// The format named by `--format`, else by the output file's extension, else JSON.
    static func format(named name: String?, output: String?) throws(CommandFailure) -> Format {
        if let name {
            guard let format = Format(rawValue: name.lowercased()) else {
                throw CommandFailure("--format: unknown export format '\(name)' (known: \(Format.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            return format
        }
        guard let output else { return .json }
        switch (output as NSString).pathExtension.lowercased() {
        case "json": return .json
        case "yaml", "yml": return .yaml
        case "dot", "gv": return .dot
        case "graphml": return .graphml
        default: throw CommandFailure("\(output): cannot tell the format from the extension; pass --format json|yaml|dot|graphml")
        }
    }

    static func text(of topology: Topology, format: Format) throws(CommandFailure) -> String {
        do {
            switch format {
            case .json: return try TopologyFileCoder.encode(topology, syntax: .json)
            case .yaml: return try TopologyFileCoder.encode(topology, syntax: .yaml)
            case .dot: return topology.dotGraph()
            case .graphml: return topology.graphML()
            }
        } catch {
            throw CommandFailure(error)
        }
    }

    /// Writes `topology` to `path` in `format` (or the format the extension names).
    static func write(_ topology: Topology, to path: String, format: String?) throws(CommandFailure) {
        let text = try text(of: topology, format: try Self.format(named: format, output: path))
        do {
            try OutputFile.write(Data(text.utf8), to: path)
        } catch {
            throw CommandFailure("\(path): cannot write: \(error.localizedDescription)")
        }
    }
}
