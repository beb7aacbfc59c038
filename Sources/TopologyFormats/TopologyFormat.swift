import Foundation
import Topology

/// The topology file formats Weft reads.
public enum TopologyFormat: String, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// Internet Topology Zoo GraphML.
    case graphml
    /// SNDlib native (text) network format.
    case sndlib
    /// Weft's own topology file, YAML.
    case yaml
    /// Weft's own topology file, JSON (same schema as YAML).
    case json
    /// Switches and ports plus LLDP observations (YAML or JSON), turned into links.
    case lldp

    public var description: String { rawValue }

    /// The format a file name implies: `.graphml`; `.sndlib`; `.yaml`/`.yml`; `.json`;
    /// `.lldp.yaml`/`.lldp.yml`/`.lldp.json`; `.txt` when its first line is the SNDlib header
    /// (`?SNDlib native format`), as in the files SNDlib distributes.
    public static func detect(path: String, contents: Data? = nil) throws(LocatedError) -> TopologyFormat {
        let name = (path as NSString).lastPathComponent.lowercased()
        for suffix in [".lldp.yaml", ".lldp.yml", ".lldp.json"] where name.hasSuffix(suffix) {
            return .lldp
        }
        switch (name as NSString).pathExtension {
        case "graphml": return .graphml
        case "sndlib": return .sndlib
        case "yaml", "yml": return .yaml
        case "json": return .json
        case "txt":
            if let contents, String(decoding: contents.prefix(64), as: UTF8.self).hasPrefix(SNDlibImporter.header) {
                return .sndlib
            }
        default:
            break
        }
        let known = allCases.map(\.rawValue).joined(separator: "|")
        throw LocatedError(file: path, message: "unknown topology format (from the file name); pass --format \(known)")
    }

    /// Parses a `--format` value given for `path`.
    public static func named(_ text: String, for path: String) throws(LocatedError) -> TopologyFormat {
        guard let format = TopologyFormat(rawValue: text.lowercased()) else {
            let known = allCases.map(\.rawValue).joined(separator: ", ")
            throw LocatedError(file: path, message: "unknown format '\(text)' (known: \(known))")
        }
        return format
    }
}
