import Foundation
import Optimizer

/// Writes demands as a YAML demand file `weft optimize --demands` reads (a list of
/// `{id, src, dst, rate_bps, class}`; names quoted, so commas and spaces in node labels survive).
enum DemandListFile {
    static func write(_ demands: [Demand], to path: String) throws {
        func quoted(_ text: String) throws -> String {
            String(decoding: try JSONEncoder().encode(text), as: UTF8.self)
        }
        var text = ""
        for demand in demands {
            text += "- {id: \(try quoted(demand.id)), src: \(try quoted(demand.source)), dst: \(try quoted(demand.destination)), rate_bps: \(demand.rateBps), class: \(try quoted(demand.qosClass.name))}\n"
        }
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        } catch {
            throw CommandFailure("--write-demands: cannot write \(path): \(error.localizedDescription)")
        }
    }
}
