import Foundation

/// The traffic classes demands may name: the built-in ones, overridden or extended by a class file.
///
/// Class file (YAML): a `classes:` list (or a top-level list) of `{name, weight, priority}`. A class
/// named like a built-in one replaces it; others are added.
public struct QoSClassCatalog: Hashable, Sendable {
    /// Highest priority first, then by name.
    public private(set) var classes: [QoSClass]

    public init(_ classes: [QoSClass]) {
        self.classes = classes.sorted { ($0.priority, $0.name) < ($1.priority, $1.name) }
    }

    /// gold, silver, bronze and mirror.
    public static let defaults = QoSClassCatalog(QoSClass.defaults)

    public func named(_ name: String) -> QoSClass? {
        classes.first { $0.name == name }
    }

    /// Class names, comma-separated, for messages.
    var names: String { classes.map(\.name).joined(separator: ", ") }

    /// Reads a class file; the result holds the defaults plus the file's classes.
    public static func load(path: String) throws(DemandFileError) -> QoSClassCatalog {
        try parseYAML(DemandFile.readText(path), file: path)
    }

    public static func parseYAML(_ text: String, file: String) throws(DemandFileError) -> QoSClassCatalog {
        let items = try YAMLNodes.items(of: try YAMLNodes.compose(text, file: file), key: "classes", file: file)
        var problems: [DemandFileProblem] = []
        var byName = Dictionary(uniqueKeysWithValues: QoSClass.defaults.map { ($0.name, $0) })
        var seen = Set<String>()
        for item in items {
            guard let fields = YAMLNodes.fields(of: item, file: file, allowed: ["name", "weight", "priority"], problems: &problems) else { continue }
            let line = item.mark?.line
            guard let name = fields["name"]?.string, !name.isEmpty else {
                problems.append(DemandFileProblem(file: file, line: line, field: "name", message: "missing class name"))
                continue
            }
            if !seen.insert(name).inserted {
                problems.append(DemandFileProblem(file: file, line: line, field: "name", message: "class '\(name)' defined twice"))
            }
            let weight = fields["weight"]?.float
            if weight == nil || !(weight! > 0) || !weight!.isFinite {
                problems.append(DemandFileProblem(file: file, line: fields["weight"]?.mark?.line ?? line, field: "weight",
                                                  message: "class '\(name)' needs a positive number weight (got \(fields["weight"]?.string ?? "nothing"))"))
            }
            let priority = fields["priority"]?.int
            if priority == nil || priority! < 0 {
                problems.append(DemandFileProblem(file: file, line: fields["priority"]?.mark?.line ?? line, field: "priority",
                                                  message: "class '\(name)' needs a non-negative integer priority (got \(fields["priority"]?.string ?? "nothing"))"))
            }
            if let weight, let priority {
                byName[name] = QoSClass(name: name, weight: weight, priority: priority)
            }
        }
        guard problems.isEmpty else { throw DemandFileError(problems: problems) }
        return QoSClassCatalog(Array(byName.values))
    }
}
