import Foundation
import Topology

/// Reads a topology file in any supported format into a validated topology.
///
/// Nothing is written anywhere: callers save the result (`TopologyStore.save`) only when this
/// succeeds, which is what makes a failed import leave the store untouched.
public struct TopologyImporter: Hashable, Sendable {
    /// Capacity assumed for GraphML edges and SNDlib links that give none, and for LLDP links
    /// between ports that report no speed.
    public var defaultCapacityBps: Double

    public init(defaultCapacityBps: Double = 10e9) {
        self.defaultCapacityBps = defaultCapacityBps
    }

    /// Reads the file at `path`; the format comes from `format`, else from the file name
    /// (`TopologyFormat.detect`).
    public func importFile(atPath path: String, format: TopologyFormat? = nil) throws(LocatedError) -> ImportedTopology {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw LocatedError(file: path, message: "no such file")
        }
        guard !isDirectory.boolValue else {
            throw LocatedError(file: path, message: "is a directory, not a topology file")
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw LocatedError(file: path, message: "cannot read: \(error.localizedDescription)")
        }
        let resolved: TopologyFormat
        if let format {
            resolved = format
        } else {
            resolved = try TopologyFormat.detect(path: path, contents: data)
        }
        return try read(data, format: resolved, file: path)
    }

    /// Reads `data` in `format`; `file` names the source in problems.
    public func read(_ data: Data, format: TopologyFormat, file: String) throws(LocatedError) -> ImportedTopology {
        let imported: ImportedTopology
        switch format {
        case .graphml:
            imported = try GraphMLImporter(defaultCapacityBps: defaultCapacityBps).read(data, file: file)
        case .sndlib:
            imported = try SNDlibImporter(defaultCapacityBps: defaultCapacityBps).read(data, file: file)
        case .yaml:
            imported = ImportedTopology(topology: try TopologyFileCoder.decode(Topology.self, from: data, syntax: .yaml, file: file))
        case .json:
            imported = ImportedTopology(topology: try TopologyFileCoder.decode(Topology.self, from: data, syntax: .json, file: file))
        case .lldp:
            imported = try readLLDP(data, file: file)
        }
        let problems = imported.topology.problems()
        guard problems.isEmpty else {
            throw LocatedError(problems: problems.map { LocatedProblem(file: file, field: $0.element, message: $0.message) })
        }
        return imported
    }

    /// An LLDP snapshot: every rejected observation is a problem, since an import should describe
    /// the whole fabric.
    private func readLLDP(_ data: Data, file: String) throws(LocatedError) -> ImportedTopology {
        let syntax: TopologyFileCoder.Syntax = file.lowercased().hasSuffix(".json") ? .json : .yaml
        let snapshot = try TopologyFileCoder.decode(LLDPSnapshot.self, from: data, syntax: syntax, file: file)
        let result = LLDPLinkDiscovery(defaultCapacityBps: defaultCapacityBps).discover(snapshot.unlinkedTopology, observations: snapshot.observations)
        guard result.rejections.isEmpty else {
            throw LocatedError(problems: result.rejections.map {
                LocatedProblem(file: file, field: "observations[\($0.index)]", message: $0.reason)
            })
        }
        return ImportedTopology(topology: result.topology)
    }
}
