import Foundation
import TopologyFormats

/// The traffic classes demands may name: the built-in ones, overridden or extended by a class file,
/// plus which DSCP values select each class and which hosts or tenants are pinned to one.
///
/// Class file (YAML): a `classes:` list (or a top-level list) of
/// `{name, weight, priority, dscp: [46], hosts: [h1], tenants: [acme]}`. A class named like a built-in
/// one replaces it; others are added. `dscp` values are integers 0–63 and no value may select two
/// classes; `hosts`/`tenants` pin every packet of those senders to the class whatever its DSCP
/// (a host pin wins over its tenant's pin). Unmarked traffic, and DSCP values no class names, fall to
/// the lowest tenant class (``defaultClass``).
public struct QoSClassCatalog: Hashable, Sendable {
    /// Highest priority first, then by name.
    public private(set) var classes: [QoSClass]
    /// Host name → class name, for hosts pinned to a class.
    public private(set) var hostPins: [String: String]
    /// Tenant name → class name, for tenants pinned to a class.
    public private(set) var tenantPins: [String: String]

    public init(_ classes: [QoSClass], hostPins: [String: String] = [:], tenantPins: [String: String] = [:]) {
        self.classes = classes.sorted { ($0.priority, $0.name) < ($1.priority, $1.name) }
        self.hostPins = hostPins
        self.tenantPins = tenantPins
    }

    /// gold (DSCP 46), silver (DSCP 26), bronze (everything else) and mirror.
    public static let defaults = QoSClassCatalog(QoSClass.defaults)

    public func named(_ name: String) -> QoSClass? {
        classes.first { $0.name == name }
    }

    /// Class names, comma-separated, for messages.
    var names: String { classes.map(\.name).joined(separator: ", ") }

    /// The class that takes unmatched traffic: the lowest-priority class other than `mirror`.
    public var defaultClass: QoSClass? {
        classes.last { $0.name != QoSClass.mirror.name } ?? classes.last
    }

    /// The class a packet with `dscp` is classified into at the ingress leaf.
    public func classifying(dscp: UInt8) -> QoSClass? {
        classes.first { $0.dscp.contains(dscp) } ?? defaultClass
    }

    /// The class a host (owned by `tenant`) is pinned to, if any: a host pin wins over a tenant pin.
    public func pinnedClass(host: String, tenant: String?) -> QoSClass? {
        if let name = hostPins[host] { return named(name) }
        if let tenant, let name = tenantPins[tenant] { return named(name) }
        return nil
    }

    /// Reads a class file; the result holds the defaults plus the file's classes.
    public static func load(path: String) throws(LocatedError) -> QoSClassCatalog {
        try parseYAML(DemandFile.readText(path), file: path)
    }

    public static func parseYAML(_ text: String, file: String) throws(LocatedError) -> QoSClassCatalog {
        let items = try YAMLNode.parse(text, file: file)?.list(under: "classes") ?? []
        var problems: [LocatedProblem] = []
        var byName = Dictionary(uniqueKeysWithValues: QoSClass.defaults.map { ($0.name, $0) })
        var lines: [String: Int] = [:]
        var hostPins: [String: String] = [:], tenantPins: [String: String] = [:]
        var seen = Set<String>()
        for item in items {
            guard let fields = item.fields(allowed: ["name", "weight", "priority", "dscp", "hosts", "tenants"], problems: &problems) else { continue }
            let line = item.line
            func problem(_ field: String?, _ node: YAMLNode?, _ message: String) {
                problems.append(LocatedProblem(file: file, line: node?.line ?? line, field: field, message: message))
            }
            guard let name = fields["name"]?.scalarText, !name.isEmpty else {
                problem("name", nil, "missing class name")
                continue
            }
            if !seen.insert(name).inserted { problem("name", nil, "class '\(name)' defined twice") }
            let weight = fields["weight"]?.doubleValue
            if weight == nil || !(weight! > 0) || !weight!.isFinite {
                problem("weight", fields["weight"], "class '\(name)' needs a positive number weight (got \(fields["weight"]?.scalarText ?? "nothing"))")
            }
            let priority = fields["priority"]?.intValue
            if priority == nil || priority! < 0 {
                problem("priority", fields["priority"], "class '\(name)' needs a non-negative integer priority (got \(fields["priority"]?.scalarText ?? "nothing"))")
            }
            var dscp: [UInt8] = []
            for node in list(fields["dscp"], field: "dscp", className: name, problem: problem) {
                if let value = node.intValue, (0...63).contains(value) {
                    dscp.append(UInt8(value))
                } else {
                    problem("dscp", node, "class '\(name)': DSCP '\(node.scalarText ?? "?")' must be an integer from 0 to 63")
                }
            }
            for key in ["hosts", "tenants"] {
                for node in list(fields[key], field: key, className: name, problem: problem) {
                    guard let pinned = node.scalarText, !pinned.isEmpty else {
                        problem(key, node, "class '\(name)': expected a \(key == "hosts" ? "host" : "tenant") name")
                        continue
                    }
                    let previous = key == "hosts" ? hostPins.updateValue(name, forKey: pinned) : tenantPins.updateValue(name, forKey: pinned)
                    if let previous, previous != name {
                        problem(key, node, "'\(pinned)' is pinned to both '\(previous)' and '\(name)'")
                    }
                }
            }
            lines[name] = line
            if let weight, let priority {
                byName[name] = QoSClass(name: name, weight: weight, priority: priority, dscp: dscp)
            }
        }
        var owner: [UInt8: String] = [:]
        for qosClass in byName.values.sorted(by: { $0.name < $1.name }) {
            for value in qosClass.dscp {
                if let other = owner[value] {
                    let line = [other, qosClass.name].compactMap { lines[$0] }.max()
                    problems.append(LocatedProblem(file: file, line: line, field: "dscp",
                                                      message: "DSCP \(value) selects two classes, '\(other)' and '\(qosClass.name)'"
                                                        + ([other, qosClass.name].contains { lines[$0] == nil } ? " (built-in; redefine it to change its DSCP)" : "")))
                } else {
                    owner[value] = qosClass.name
                }
            }
        }
        guard problems.isEmpty else { throw LocatedError(problems: problems) }
        return QoSClassCatalog(Array(byName.values), hostPins: hostPins, tenantPins: tenantPins)
    }

    /// The items of an optional YAML list field (a single scalar counts as a one-item list).
    private static func list(_ node: YAMLNode?, field: String, className: String, problem: (String?, YAMLNode?, String) -> Void) -> [YAMLNode] {
        guard let node else { return [] }
        if let items = node.items { return items }
        if node.scalarText != nil { return [node] }
        problem(field, node, "class '\(className)': expected a list")
        return []
    }
}
