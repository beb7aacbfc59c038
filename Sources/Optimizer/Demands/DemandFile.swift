import Foundation
import Topology
import TopologyFormats

/// Demands read from a file, with the line each came from so later errors can point at it.
///
/// CSV: a header naming the columns `src,dst,rate_bps[,class][,id]` in any order, then one demand per
/// line; blank lines and lines starting with `#` are skipped. YAML: a `demands:` list (or a top-level
/// list) of `{src, dst, rate_bps | rate, class, id}`. Rates accept `10G`, `2.5Gbps`, `1e9`
/// (`BitRate`). A missing class means `bronze`; ids default to `src->dst/class`.
public struct DemandFile: Hashable, Sendable {
    public var path: String
    public var demands: [Demand]
    /// The 1-based line of each demand, by demand id.
    public var lines: [String: Int]

    public init(path: String, demands: [Demand], lines: [String: Int]) {
        self.path = path
        self.demands = demands
        self.lines = lines
    }

    /// Reads CSV or YAML, chosen by the file extension (`.csv`; `.yaml`/`.yml`).
    public static func load(path: String, classes: QoSClassCatalog = .defaults) throws(LocatedError) -> DemandFile {
        let text = try readText(path)
        switch (path as NSString).pathExtension.lowercased() {
        case "csv": return try parseCSV(text, file: path, classes: classes)
        case "yaml", "yml": return try parseYAML(text, file: path, classes: classes)
        default: throw LocatedError(file: path, message: "unknown demand file type (use .csv, .yaml or .yml)")
        }
    }

    /// Points each optimizer demand problem at the line its demand came from.
    public func locate(_ problems: [DemandProblem]) -> LocatedError {
        LocatedError(problems: problems.map {
            LocatedProblem(file: path, line: lines[$0.demandID], field: $0.field, message: $0.message)
        })
    }

    static func readText(_ path: String) throws(LocatedError) -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LocatedError(file: path, message: "cannot read file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw LocatedError(file: path, message: "not UTF-8 text")
        }
        return text
    }

    // MARK: CSV

    /// Demands from CSV text; fields holding commas or quotes are in double quotes (`CSVLine`), as
    /// `DemandFileWriter` writes them. `file` names the source in errors.
    public static func parseCSV(_ text: String, file: String, classes: QoSClassCatalog = .defaults) throws(LocatedError) -> DemandFile {
        var builder = Builder(file: file, classes: classes)
        var columns: [String: Int]?
        for (offset, rawLine) in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).enumerated() {
            let line = offset + 1
            let content = rawLine.trimmingCharacters(in: .whitespacesAndNewlines)
            if content.isEmpty || content.hasPrefix("#") { continue }
            guard let cells = CSVLine.fields(content) else {
                builder.problem(line, nil, "a quoted field is not closed, or text follows its closing quote")
                continue
            }
            guard let header = columns else {
                columns = builder.header(cells, line: line)
                if columns == nil { return try builder.finish() }
                continue
            }
            guard cells.count <= header.count else {
                builder.problem(line, nil, "\(cells.count) fields but the header has \(header.count)")
                continue
            }
            func cell(_ name: String) -> String? {
                header[name].flatMap { $0 < cells.count ? cells[$0] : nil }
            }
            builder.add(line: line, id: cell("id"), source: cell("src"), destination: cell("dst"),
                        rate: cell("rate_bps").map { ($0, "rate_bps") }, className: cell("class"))
        }
        if columns == nil { builder.problem(nil, nil, "empty file: expected a header line src,dst,rate_bps,class") }
        return try builder.finish()
    }

    // MARK: YAML

    /// Reads a YAML demand list. A plain list of flat records (every generated file) is read straight
    /// from libyaml's events (`YAMLRecordList`); anything else, and any file with a problem, through
    /// `YAMLNode`, whose problems name the file, line and field.
    public static func parseYAML(_ text: String, file: String, classes: QoSClassCatalog = .defaults) throws(LocatedError) -> DemandFile {
        if let records = YAMLRecordList(yaml: text, under: "demands"), let demands = parseRecords(records, file: file, classes: classes) {
            return demands
        }
        return try parseYAMLNodes(text, file: file, classes: classes)
    }

    /// Reads a YAML demand list through `YAMLNode` (any YAML, problems located).
    static func parseYAMLNodes(_ text: String, file: String, classes: QoSClassCatalog = .defaults) throws(LocatedError) -> DemandFile {
        let items = try YAMLNode.parse(text, file: file)?.list(under: "demands") ?? []
        var builder = Builder(file: file, classes: classes)
        for item in items {
            guard let fields = item.fields(allowed: ["id", "src", "dst", "rate", "rate_bps", "class"], problems: &builder.problems) else { continue }
            let rate = fields["rate_bps"].map { ($0.scalarText ?? "", "rate_bps") } ?? fields["rate"].map { ($0.scalarText ?? "", "rate") }
            builder.add(line: item.line ?? 0, id: fields["id"]?.scalarText, source: fields["src"]?.scalarText, destination: fields["dst"]?.scalarText,
                        rate: rate, className: fields["class"]?.scalarText)
        }
        return try builder.finish()
    }

    /// The demands of flat records, or nil when any record has a problem (an unknown field, a bad
    /// value): the caller then reads the file through `YAMLNode` for its located problems.
    private static func parseRecords(_ list: YAMLRecordList, file: String, classes: QoSClassCatalog) -> DemandFile? {
        let allowed: Set<String> = ["id", "src", "dst", "rate", "rate_bps", "class"]
        var builder = Builder(file: file, classes: classes)
        builder.demands.reserveCapacity(list.records.count)
        for record in list.records {
            guard record.fields.allSatisfy({ allowed.contains($0.name) }) else { return nil }
            let rate = record["rate_bps"].map { ($0, "rate_bps") } ?? record["rate"].map { ($0, "rate") }
            builder.add(line: record.line, id: record["id"], source: record["src"], destination: record["dst"], rate: rate, className: record["class"])
            guard builder.problems.isEmpty else { return nil }
        }
        return try? builder.finish()
    }

    /// Collects demands and problems from either syntax.
    private struct Builder {
        let file: String
        let classes: QoSClassCatalog
        var demands: [Demand] = []
        var lines: [String: Int] = [:]
        var problems: [LocatedProblem] = []

        init(file: String, classes: QoSClassCatalog) {
            self.file = file
            self.classes = classes
        }

        mutating func problem(_ line: Int?, _ field: String?, _ message: String) {
            problems.append(LocatedProblem(file: file, line: line, field: field, message: message))
        }

        /// Column positions from a CSV header, or nil (with a problem) when required columns are missing.
        mutating func header(_ cells: [String], line: Int) -> [String: Int]? {
            var columns: [String: Int] = [:]
            let known: Set<String> = ["src", "dst", "rate_bps", "class", "id"]
            for (index, name) in cells.enumerated() {
                let key = name.lowercased()
                guard known.contains(key) else {
                    problem(line, name, "unknown column (expected src, dst, rate_bps, class, id)")
                    continue
                }
                if columns[key] != nil { problem(line, name, "column appears twice") }
                columns[key] = index
            }
            let missing = ["src", "dst", "rate_bps"].filter { columns[$0] == nil }
            guard missing.isEmpty else {
                problem(line, nil, "header lacks \(missing.joined(separator: ", ")) (expected src,dst,rate_bps,class)")
                return nil
            }
            return columns
        }

        mutating func add(line: Int, id: String?, source: String?, destination: String?, rate: (String, String)?, className: String?) {
            let before = problems.count
            if source?.isEmpty ?? true { problem(line, "src", "missing source") }
            if destination?.isEmpty ?? true { problem(line, "dst", "missing destination") }
            var bitsPerSecond = 0.0
            if let (text, field) = rate, !text.isEmpty {
                switch BitRate.parse(text) {
                case .success(let parsed): bitsPerSecond = parsed.bitsPerSecond
                case .failure(let error): problem(line, field, error.description)
                }
            } else {
                problem(line, "rate_bps", "missing rate")
            }
            var qosClass = QoSClass.bronze
            if let className, !className.isEmpty {
                if let known = classes.named(className) {
                    qosClass = known
                } else {
                    problem(line, "class", "unknown class '\(className)' (known: \(classes.names))")
                }
            }
            guard problems.count == before, let source, let destination else { return }
            var demand = Demand(source: source, destination: destination, rateBps: bitsPerSecond, qosClass: qosClass)
            if let id, !id.isEmpty { demand.id = id }
            if lines[demand.id] != nil {
                if id?.isEmpty ?? true {
                    demand.id += "#\(line)"
                } else {
                    problem(line, "id", "duplicate demand id '\(demand.id)' (first on line \(lines[demand.id]!))")
                    return
                }
            }
            lines[demand.id] = line
            demands.append(demand)
        }

        func finish() throws(LocatedError) -> DemandFile {
            guard problems.isEmpty else { throw LocatedError(problems: problems) }
            return DemandFile(path: file, demands: demands, lines: lines)
        }
    }
}
