import Foundation
import TopologyFormats

/// Writes demands as the CSV or YAML files `DemandFile` reads, so every command that hands demands on
/// (`weft bench optimize --save-inputs`, `weft demands export`) writes one format that reads back
/// exactly: names quoted where they need it (node labels of imported graphs hold commas, quotes, spaces
/// and any Unicode), rates in bit/s with every digit kept.
public enum DemandFileWriter {
    /// The two syntaxes of a demand file.
    public enum Format: String, Sendable, CaseIterable {
        /// A header `id,src,dst,rate_bps,class`, then one demand per line.
        case csv
        /// `demands:` followed by one flow mapping per demand.
        case yaml

        /// The format `DemandFile.load` reads from a path with this extension (`.csv`, `.yaml`, `.yml`).
        public init?(path: String) {
            switch (path as NSString).pathExtension.lowercased() {
            case "csv": self = .csv
            case "yaml", "yml": self = .yaml
            default: return nil
            }
        }
    }

    /// The demands as the text of a demand file; fails, naming the demand and field, for what the format
    /// cannot hold (a line break in a CSV name, a negative or non-finite rate) and for what `DemandFile`
    /// would not read back as written (an empty id, source or destination, an id given twice).
    public static func text(of demands: [Demand], format: Format, file: String = "") throws(LocatedError) -> String {
        var problems: [LocatedProblem] = []
        var text = format == .csv ? "id,src,dst,rate_bps,class\n" : "demands:\n"
        var seen = Set<String>()
        for (index, demand) in demands.enumerated() {
            for (field, name) in [("id", demand.id), ("src", demand.source), ("dst", demand.destination)] where name.isEmpty {
                problems.append(LocatedProblem(file: file, field: field, message: "demand \(index + 1) ('\(demand.id)'): empty \(field), which a demand file cannot hold"))
            }
            if !demand.id.isEmpty, !seen.insert(demand.id).inserted {
                problems.append(LocatedProblem(file: file, field: "id", message: "demand \(index + 1): id '\(demand.id)' is given twice; a demand file reads ids once"))
            }
            if format == .csv {
                let names = [("id", demand.id), ("src", demand.source), ("dst", demand.destination), ("class", demand.qosClass.name)]
                for (field, name) in names where name.unicodeScalars.contains(where: { $0 == "\n" || $0 == "\r" }) {
                    problems.append(LocatedProblem(file: file, field: field, message: "demand '\(demand.id)': a CSV demand file cannot hold a line break in a name (write YAML)"))
                }
            }
            guard demand.rateBps.isFinite, demand.rateBps >= 0 else {
                problems.append(LocatedProblem(file: file, field: "rate_bps", message: "demand '\(demand.id)': \(demand.rateBps) is not a finite, non-negative rate"))
                continue
            }
            let rate = rateText(demand.rateBps)
            switch format {
            case .csv:
                text += [CSVLine.field(demand.id), CSVLine.field(demand.source), CSVLine.field(demand.destination), rate,
                         CSVLine.field(demand.qosClass.name)].joined(separator: ",") + "\n"
            case .yaml:
                text += "  - {id: \(yamlQuoted(demand.id)), src: \(yamlQuoted(demand.source)), dst: \(yamlQuoted(demand.destination)), rate_bps: \(rate), class: \(yamlQuoted(demand.qosClass.name))}\n"
            }
        }
        guard problems.isEmpty else { throw LocatedError(problems: problems) }
        return text
    }

    /// Writes the demands to `path` in `format` (default: from the extension, else CSV), replacing the file
    /// atomically, so a failure never leaves half a file.
    public static func write(_ demands: [Demand], to path: String, format: Format? = nil) throws(LocatedError) {
        let text = try text(of: demands, format: format ?? Format(path: path) ?? .csv, file: path)
        do {
            try OutputFile.write(Data(text.utf8), to: path)
        } catch {
            throw LocatedError(file: path, message: "cannot write: \(error.localizedDescription)")
        }
    }

    /// Whole rates as integers (`40000000000`), others in Swift's shortest form that reads back to the same
    /// `Double` (`0.5`, `1e+16`).
    static func rateText(_ bitsPerSecond: Double) -> String {
        bitsPerSecond == bitsPerSecond.rounded() && bitsPerSecond < 1e15 ? String(Int64(bitsPerSecond)) : "\(bitsPerSecond)"
    }

    /// A YAML double-quoted scalar: backslash and quote escaped, control characters and YAML's own line
    /// breaks (NEL, LS, PS) and the byte-order mark as `\uXXXX`, everything else as it is.
    static func yamlQuoted(_ text: String) -> String {
        var quoted = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": quoted += "\\\\"
            case "\"": quoted += "\\\""
            case "\n": quoted += "\\n"
            case "\t": quoted += "\\t"
            case "\r": quoted += "\\r"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F || scalar.value == 0x85 || scalar.value == 0x2028
                || scalar.value == 0x2029 || scalar.value == 0xFEFF:
                quoted += String(format: "\\u%04X", scalar.value)
            default: quoted.unicodeScalars.append(scalar)
            }
        }
        return quoted + "\""
    }
}
