import Foundation
import Topology

/// Reads an SNDlib network in the native text format (`?SNDlib native format; type: network`) into a
/// topology of `router` nodes.
///
/// The format has sections `META ( key = value … )`, `NODES ( id ( longitude latitude ) … )`,
/// `LINKS ( id ( source target ) pre_installed_capacity pre_installed_capacity_cost routing_cost
/// setup_cost ( {module_capacity module_cost}* ) … )`, `DEMANDS` and `ADMISSIBLE_PATHS`, one entry per
/// line; `#` starts a comment line. Demands and admissible paths are skipped here.
///
/// - Each link is one undirected cable: two directed links on a fresh port at each end, so parallel
///   links stay separate. A link from a node to itself is skipped with a warning.
/// - Capacity is the pre-installed capacity when positive; otherwise the largest module capacity (the
///   biggest circuit the instance allows to be installed); otherwise `defaultCapacityBps`.
/// - Capacities are in the META `unit` (`MBITPERSEC`, `GBITPERSEC`, `KBITPERSEC`, `BITPERSEC`);
///   instances without META use Mbit/s, SNDlib's usual unit (e.g. 155/622 = STM-1/STM-4).
/// - Latency is 0: some instances give planar, not geographic, coordinates.
public struct SNDlibImporter: Hashable, Sendable {
    /// How every SNDlib native file starts.
    public static let header = "?SNDlib native format"

    public var defaultCapacityBps: Double

    public init(defaultCapacityBps: Double = 10e9) {
        self.defaultCapacityBps = defaultCapacityBps
    }

    /// Parses `data`; `file` names the source in problems and gives the topology name when the file
    /// has no `# network NAME` comment.
    public func read(_ data: Data, file: String) throws(LocatedError) -> ImportedTopology {
        let text = String(decoding: data, as: UTF8.self)
        var problems: [LocatedProblem] = []
        var warnings: [LocatedProblem] = []
        func problem(_ line: Int, _ element: String?, _ message: String) {
            problems.append(LocatedProblem(file: file, line: line, field: element, message: message))
        }

        var section: String?
        var sectionLine = 0
        var skipDepth = 0
        var sawHeader = false
        var networkName: String?
        var unitMultiplier = 1e6
        var nodeNames: [String] = []
        var nodeLines: [String: Int] = [:]
        var cables: [(source: String, target: String, capacity: Double)] = []
        var defaulted = 0

        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let lineNumber = index + 1
            let line = rawLine.trimmingWhitespace()
            if line.isEmpty { continue }
            if !sawHeader {
                guard line.hasPrefix(Self.header) else {
                    problem(lineNumber, nil, "not an SNDlib native file: the first line must start with '\(Self.header)'")
                    break
                }
                if let type = line.range(of: "type:").map({ line[$0.upperBound...].split(separator: ";").first?.trimmingWhitespace() ?? "" }), type != "network" {
                    problem(lineNumber, nil, "this is an SNDlib '\(type)' file; only 'network' files describe a topology")
                    break
                }
                sawHeader = true
                continue
            }
            if line.hasPrefix("#") {
                if section == nil, networkName == nil, line.hasPrefix("# network ") {
                    networkName = String(line.dropFirst("# network ".count)).trimmingWhitespace()
                }
                continue
            }
            if skipDepth > 0 {
                skipDepth += line.filter { $0 == "(" }.count - line.filter { $0 == ")" }.count
                if skipDepth <= 0 {
                    skipDepth = 0
                    section = nil
                }
                continue
            }
            guard let current = section else {
                let tokens = Self.tokens(line)
                guard tokens.count == 2, tokens[1] == "(" else {
                    problem(lineNumber, nil, "expected a section such as 'NODES (' but found '\(line)'")
                    continue
                }
                switch tokens[0] {
                case "META", "NODES", "LINKS":
                    section = tokens[0]
                    sectionLine = lineNumber
                case "DEMANDS", "ADMISSIBLE_PATHS":
                    section = tokens[0]
                    sectionLine = lineNumber
                    skipDepth = 1
                default:
                    problem(lineNumber, nil, "unknown section '\(tokens[0])'")
                }
                continue
            }
            if line == ")" {
                section = nil
                continue
            }
            switch current {
            case "META":
                let parts = line.split(separator: "=", maxSplits: 1).map { $0.trimmingWhitespace() }
                if parts.count == 2, parts[0] == "unit" {
                    guard let multiplier = Self.unitMultipliers[parts[1].uppercased()] else {
                        problem(lineNumber, "META unit", "unknown unit '\(parts[1])' (known: \(Self.unitMultipliers.keys.sorted().joined(separator: ", ")))")
                        continue
                    }
                    unitMultiplier = multiplier
                }
            case "NODES":
                let tokens = Self.tokens(line)
                let wellFormed = tokens.count == 1 || (tokens.count == 5 && tokens[1] == "(" && tokens[4] == ")"
                    && Double(tokens[2]) != nil && Double(tokens[3]) != nil)
                guard wellFormed else {
                    problem(lineNumber, nil, "expected a node 'id ( longitude latitude )' but found '\(line)'")
                    continue
                }
                let id = tokens[0]
                if let first = nodeLines[id] {
                    problem(lineNumber, "node \(id)", "duplicate node (first defined on line \(first))")
                    continue
                }
                nodeLines[id] = lineNumber
                nodeNames.append(id)
            default:
                let link: LinkEntry
                do {
                    link = try Self.link(Self.tokens(line))
                } catch {
                    problem(lineNumber, nil, "\(error.message) in '\(line)'")
                    continue
                }
                var unknown = false
                for end in [link.source, link.target] where nodeLines[end] == nil {
                    problem(lineNumber, "link \(link.id)", "unknown node '\(end)'")
                    unknown = true
                }
                if unknown { continue }
                if link.source == link.target {
                    warnings.append(LocatedProblem(file: file, line: lineNumber, field: "link \(link.id)", message: "link from a node to itself skipped"))
                    continue
                }
                var capacity = link.preInstalled > 0 ? link.preInstalled : (link.modules.max() ?? 0)
                if capacity > 0 {
                    capacity *= unitMultiplier
                } else {
                    capacity = defaultCapacityBps
                    defaulted += 1
                }
                cables.append((link.source, link.target, capacity))
            }
        }
        if !sawHeader, problems.isEmpty {
            problems.append(LocatedProblem(file: file, message: "the file is empty"))
        }
        if let section, problems.isEmpty {
            problem(sectionLine, nil, "section \(section) is not closed with ')'")
        }
        if sawHeader, nodeNames.isEmpty, problems.isEmpty {
            problems.append(LocatedProblem(file: file, message: "no NODES section: the network has no nodes"))
        }
        guard problems.isEmpty else { throw LocatedError(problems: problems) }
        if defaulted > 0 {
            warnings.append(LocatedProblem(
                file: file,
                message: "\(defaulted) links have neither pre-installed nor module capacity; assumed \(BitRate(bitsPerSecond: defaultCapacityBps).formatted)"
            ))
        }

        var builder = WANBuilder(nodes: nodeNames)
        for cable in cables {
            builder.addCable(cable.source, cable.target, capacityBps: cable.capacity)
        }
        let name = networkName ?? ((file as NSString).lastPathComponent as NSString).deletingPathExtension
        return ImportedTopology(topology: builder.topology(named: name), warnings: warnings)
    }

    private static let unitMultipliers: [String: Double] = [
        "BITPERSEC": 1, "KBITPERSEC": 1e3, "MBITPERSEC": 1e6, "GBITPERSEC": 1e9, "TBITPERSEC": 1e12,
    ]

    private struct LinkEntry {
        var id: String
        var source: String
        var target: String
        var preInstalled: Double
        var modules: [Double]
    }

    private struct EntryError: Error {
        var message: String
    }

    /// `id ( source target ) pre pre_cost routing_cost setup_cost ( {capacity cost}* )`.
    private static func link(_ tokens: [String]) throws(EntryError) -> LinkEntry {
        guard tokens.count >= 11, tokens[1] == "(", tokens[4] == ")", tokens[9] == "(", tokens.last == ")" else {
            throw EntryError(message: "expected a link 'id ( source target ) capacity cost cost cost ( modules )'")
        }
        let numbers = tokens[5...8].map { Double($0) }
        guard let preInstalled = numbers[0], numbers.allSatisfy({ $0 != nil }) else {
            throw EntryError(message: "capacity and costs must be numbers")
        }
        guard preInstalled >= 0 else {
            throw EntryError(message: "negative pre-installed capacity \(tokens[5])")
        }
        let moduleTokens = Array(tokens[10..<(tokens.count - 1)])
        guard moduleTokens.count % 2 == 0 else {
            throw EntryError(message: "modules must come in (capacity cost) pairs")
        }
        var modules: [Double] = []
        for pair in stride(from: 0, to: moduleTokens.count, by: 2) {
            guard let capacity = Double(moduleTokens[pair]), Double(moduleTokens[pair + 1]) != nil else {
                throw EntryError(message: "module capacity and cost must be numbers")
            }
            guard capacity >= 0 else { throw EntryError(message: "negative module capacity \(moduleTokens[pair])") }
            modules.append(capacity)
        }
        return LinkEntry(id: tokens[0], source: tokens[2], target: tokens[3], preInstalled: preInstalled, modules: modules)
    }

    /// Splits a line into words, with every parenthesis its own token.
    private static func tokens(_ line: String) -> [String] {
        line.replacingOccurrences(of: "(", with: " ( ").replacingOccurrences(of: ")", with: " ) ")
            .split(whereSeparator: \.isWhitespace).map(String.init)
    }
}
