import Foundation
import Topology

/// Which switches the controller takes into the fabric.
///
/// The OpenFlow port belongs to the fabric: a switch is admitted when its datapath id is in the stored
/// topology (the controller's inventory) or in `allowed` (`--allow-dpid`, `--allow-dpid-file`), or when
/// `admitsEverySwitch` is set (`--admit-all`, for the first discovery of a new fabric). Any other peer
/// is disconnected after the handshake: it never becomes part of the topology, never causes a stored
/// version, is logged once per datapath id (rate-limited) and counted.
public struct SwitchAdmission: Hashable, Sendable {
    /// Datapath ids admitted in addition to the inventory's switches.
    public var allowed: Set<DatapathID>
    /// Admit whatever connects (first discovery of a new fabric).
    public var admitsEverySwitch: Bool

    public init(allowed: Set<DatapathID> = [], admitsEverySwitch: Bool = false) {
        self.allowed = allowed
        self.admitsEverySwitch = admitsEverySwitch
    }

    /// Only the inventory's switches.
    public static let storedSwitches = SwitchAdmission()
    /// Every switch that connects.
    public static let everySwitch = SwitchAdmission(admitsEverySwitch: true)

    /// Whether `id` may join a fabric whose stored switches are `inventory`'s.
    public func admits(_ id: DatapathID, inventory: Topology) -> Bool {
        admitsEverySwitch || allowed.contains(id) || inventory.switchWith(datapathID: id) != nil
    }

    /// Whether a controller with this admission and `inventory` would admit no switch at all.
    public func admitsNothing(inventory: Topology) -> Bool {
        !admitsEverySwitch && allowed.isEmpty && inventory.switches.isEmpty
    }

    /// Why a controller on the store at `store` would admit nothing, and what to do about it.
    public static func nothingAdmitted(store: String) -> String {
        "the store \(store) holds no switches, so no switch would be admitted: list the fabric's datapath ids with "
            + "--allow-dpid/--allow-dpid-file, or pass --admit-all for a first discovery (then restart without it)"
    }

    /// The datapath ids in an allow-list file: one per line (16 hex digits, `0x…`, colon-separated or
    /// decimal), `#` starts a comment, blank lines are skipped.
    public static func allowList(contentsOf path: String) throws(SwitchAdmissionError) -> Set<DatapathID> {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw .unreadableFile(path: path, reason: error.localizedDescription)
        }
        var ids: Set<DatapathID> = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let content = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let entry = content.trimmingCharacters(in: .whitespaces)
            guard !entry.isEmpty else { continue }
            guard let id = DatapathID(entry) else { throw .invalidEntry(path: path, line: index + 1, text: entry) }
            ids.insert(id)
        }
        return ids
    }
}

/// Why an allow list cannot be used; names the file and line.
public enum SwitchAdmissionError: Error, Hashable, Sendable, CustomStringConvertible {
    case unreadableFile(path: String, reason: String)
    case invalidEntry(path: String, line: Int, text: String)

    public var description: String {
        switch self {
        case let .unreadableFile(path, reason):
            "\(path): cannot read the datapath-id allow list: \(reason)"
        case let .invalidEntry(path, line, text):
            "\(path):\(line): '\(text)' is not a datapath id (16 hex digits, 0x-prefixed hex or a decimal number)"
        }
    }
}
