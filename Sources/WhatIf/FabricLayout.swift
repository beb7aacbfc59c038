import Foundation
import Topology

/// Where each switch of a fabric is drawn, in a unit square (x right, y down).
///
/// Tiered fabrics are drawn in layers — spines (or cores) on top, leaves (or edge switches) at
/// the bottom — because that is how engineers sketch a Clos. A WAN whose nodes all have
/// coordinates is drawn as a map (equirectangular, longitude scaled by the cosine of the mean
/// latitude); any other WAN by a deterministic force-directed placement seeded on a circle, so
/// the same topology always gets the same picture.
public struct FabricLayout: Sendable {
    /// Top-to-bottom order of roles in a tiered fabric.
    private static let tiers: [SwitchRole] = [.core, .spine, .aggregation, .leaf, .edge]

    public init() {}

    /// `spine-leaf`, `fat-tree` or `wan`.
    public func kind(of topology: Topology) -> String {
        let roles = Set(topology.switches.map(\.role))
        if roles == [.spine, .leaf] { return "spine-leaf" }
        if roles.isSubset(of: [.core, .aggregation, .edge]), roles.count > 1 { return "fat-tree" }
        return roles.isSubset(of: Set(Self.tiers)) && roles.count > 1 ? "tiered" : "wan"
    }

    /// A placement for every switch of `topology`, in switch order; `coordinates` (by switch
    /// name) draw a WAN as a map when every switch has one.
    public func place(_ topology: Topology, coordinates: [String: GeoCoordinate] = [:]) -> [WhatIfReport.NodePlacement] {
        let positions: [(x: Double, y: Double)]
        let located = topology.switches.compactMap { coordinates[$0.name] }
        if kind(of: topology) != "wan" {
            positions = layered(topology)
        } else if located.count == topology.switches.count, located.count > 1 {
            positions = map(located)
        } else {
            positions = forceDirected(topology)
        }
        return topology.switches.enumerated().map { index, node in
            WhatIfReport.NodePlacement(
                name: node.name, role: node.role.rawValue, hosts: topology.hosts(attachedTo: node.name).count,
                x: positions[index].x, y: positions[index].y
            )
        }
    }

    // MARK: Layers

    private func layered(_ topology: Topology) -> [(x: Double, y: Double)] {
        let presentTiers = Self.tiers.filter { tier in topology.switches.contains { $0.role == tier } }
        var positions = [(x: Double, y: Double)](repeating: (0.5, 0.5), count: topology.switches.count)
        for (level, tier) in presentTiers.enumerated() {
            let members = topology.switches.indices.filter { topology.switches[$0].role == tier }
            let y = presentTiers.count == 1 ? 0.5 : 0.08 + 0.84 * Double(level) / Double(presentTiers.count - 1)
            for (slot, index) in members.enumerated() {
                positions[index] = (x: (Double(slot) + 0.5) / Double(members.count), y: y)
            }
        }
        return positions
    }

    // MARK: Map

    private func map(_ coordinates: [GeoCoordinate]) -> [(x: Double, y: Double)] {
        let meanLatitude = coordinates.reduce(0) { $0 + $1.latitude } / Double(coordinates.count)
        let squeeze = cos(meanLatitude * Double.pi / 180)
        return normalized(x: coordinates.map { $0.longitude * squeeze }, y: coordinates.map { -$0.latitude })
    }

    // MARK: Force-directed (Fruchterman–Reingold)

    private func forceDirected(_ topology: Topology) -> [(x: Double, y: Double)] {
        let count = topology.switches.count
        guard count > 1 else { return [(0.5, 0.5)] }
        let indexByName = Dictionary(topology.switches.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
        var edgeSet = Set<[Int]>()
        for link in topology.links {
            guard let a = indexByName[link.source.node], let b = indexByName[link.target.node], a != b else { continue }
            edgeSet.insert([min(a, b), max(a, b)])
        }
        let edges = edgeSet.sorted { $0.lexicographicallyPrecedes($1) }
        var x = (0..<count).map { 0.5 + 0.4 * cos(2 * Double.pi * Double($0) / Double(count)) }
        var y = (0..<count).map { 0.5 + 0.4 * sin(2 * Double.pi * Double($0) / Double(count)) }
        let ideal = 0.9 / Double(count).squareRoot()
        var temperature = 0.1
        for _ in 0..<400 {
            var dx = [Double](repeating: 0, count: count)
            var dy = [Double](repeating: 0, count: count)
            for i in 0..<count {
                for j in (i + 1)..<count {
                    let ddx = x[i] - x[j], ddy = y[i] - y[j]
                    let distance = max((ddx * ddx + ddy * ddy).squareRoot(), 1e-4)
                    let force = ideal * ideal / distance
                    dx[i] += ddx / distance * force; dy[i] += ddy / distance * force
                    dx[j] -= ddx / distance * force; dy[j] -= ddy / distance * force
                }
            }
            for edge in edges {
                let (i, j) = (edge[0], edge[1])
                let ddx = x[i] - x[j], ddy = y[i] - y[j]
                let distance = max((ddx * ddx + ddy * ddy).squareRoot(), 1e-4)
                let force = distance * distance / ideal
                dx[i] -= ddx / distance * force; dy[i] -= ddy / distance * force
                dx[j] += ddx / distance * force; dy[j] += ddy / distance * force
            }
            for i in 0..<count {
                let length = max((dx[i] * dx[i] + dy[i] * dy[i]).squareRoot(), 1e-9)
                x[i] += dx[i] / length * min(length, temperature)
                y[i] += dy[i] / length * min(length, temperature)
            }
            temperature = max(temperature * 0.985, 0.002)
        }
        return normalized(x: x, y: y)
    }

    /// Scales positions into the unit square with a margin, keeping the aspect ratio.
    private func normalized(x: [Double], y: [Double]) -> [(x: Double, y: Double)] {
        guard let minX = x.min(), let maxX = x.max(), let minY = y.min(), let maxY = y.max() else { return [] }
        let span = max(maxX - minX, maxY - minY, 1e-9)
        let offsetX = (1 - (maxX - minX) / span) / 2, offsetY = (1 - (maxY - minY) / span) / 2
        return zip(x, y).map { px, py in
            (x: 0.05 + 0.9 * ((px - minX) / span + offsetX), y: 0.05 + 0.9 * ((py - minY) / span + offsetY))
        }
    }
}
