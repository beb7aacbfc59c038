/// Traffic an allocation puts on one directed link, in total and per class.
public struct LinkLoad: Hashable, Sendable, Codable {
    /// Index into `Topology.links`.
    public var linkIndex: Int
    /// `a:1->b:2`.
    public var name: String
    public var capacityBps: Double
    public var isUp: Bool
    public var loadBps: Double
    /// Load per class name in bit/s; classes with no load are absent.
    public var loadByClass: [String: Double]

    public init(linkIndex: Int, name: String, capacityBps: Double, isUp: Bool, loadByClass: [String: Double]) {
        self.linkIndex = linkIndex
        self.name = name
        self.capacityBps = capacityBps
        self.isUp = isUp
        self.loadByClass = loadByClass
        self.loadBps = loadByClass.values.reduce(0, +)
    }

    /// Load over capacity; 0 on a link without capacity.
    public var utilization: Double { capacityBps > 0 ? loadBps / capacityBps : 0 }

    /// Each class's load over the link capacity.
    public var utilizationByClass: [String: Double] {
        loadByClass.mapValues { capacityBps > 0 ? $0 / capacityBps : 0 }
    }

    enum CodingKeys: String, CodingKey {
        case linkIndex = "link_index"
        case name
        case capacityBps = "capacity_bps"
        case isUp = "up"
        case loadBps = "load_bps"
        case loadByClass = "load_by_class_bps"
    }
}
