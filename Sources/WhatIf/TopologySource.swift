import Topology
import TopologyFormats

/// The fabric a scenario runs on: generated from parameters, or read from a file.
public enum TopologySource: Hashable, Sendable {
    case spineLeaf(SpineLeafGenerator)
    case fatTree(FatTreeGenerator)
    /// A topology file (GraphML, SNDlib, Weft YAML/JSON), path resolved against the scenario file;
    /// links the file gives no speed for get `defaultCapacityBps`.
    case file(String, defaultCapacityBps: Double)
    /// `topology: store`: the latest version of the store given with `weft whatif --db`.
    case store
}
