import ArgumentParser
import Controller
import Topology

/// Who may connect to the OpenFlow port, shared by `weft controller` and `weft serve --openflow`:
/// switch admission (stored datapath ids, an allow list, or every switch for a first discovery) and
/// OpenFlow over TLS with mutual authentication.
struct OpenFlowPortOptions: ParsableArguments {
    @Option(name: .customLong("allow-dpid"), help: ArgumentHelp(
        "Admit this datapath id besides the stored switches (repeatable; 16 hex digits, 0x… or decimal).", valueName: "dpid"))
    var allowDPID: [String] = []

    @Option(name: .customLong("allow-dpid-file"), help: ArgumentHelp(
        "Admit the datapath ids listed in this file, one per line (# comments).", valueName: "file"))
    var allowDPIDFile: String?

    @Flag(name: .customLong("admit-all"), help: "Admit every switch that connects (first discovery of a new fabric; not for a reachable port).")
    var admitAll = false

    @Option(name: .customLong("tls-cert"), help: ArgumentHelp("PEM certificate the controller presents (OpenFlow over TLS).", valueName: "file"))
    var tlsCert: String?

    @Option(name: .customLong("tls-key"), help: ArgumentHelp("PEM private key of --tls-cert.", valueName: "file"))
    var tlsKey: String?

    @Option(name: .customLong("tls-ca"), help: ArgumentHelp("PEM CA certificates that switch certificates must chain to.", valueName: "file"))
    var tlsCA: String?

    /// The admission these options describe; records each bad datapath id or unreadable file.
    func admission(problems: inout [String]) -> SwitchAdmission {
        var allowed: Set<DatapathID> = []
        for text in allowDPID {
            if let id = DatapathID(text) {
                allowed.insert(id)
            } else {
                problems.append("--allow-dpid '\(text)': not a datapath id (16 hex digits, 0x-prefixed hex or a decimal number)")
            }
        }
        if let allowDPIDFile {
            do {
                allowed.formUnion(try SwitchAdmission.allowList(contentsOf: allowDPIDFile))
            } catch {
                problems.append("--allow-dpid-file \(error.description)")
            }
        }
        return SwitchAdmission(allowed: allowed, admitsEverySwitch: admitAll)
    }

    /// TLS settings when all three files are given; a problem when only some are.
    func tls(problems: inout [String]) -> ControllerTLS? {
        switch (tlsCert, tlsKey, tlsCA) {
        case (nil, nil, nil):
            return nil
        case let (cert?, key?, ca?):
            return ControllerTLS(certificatePath: cert, privateKeyPath: key, trustedCAPath: ca)
        default:
            problems.append("--tls-cert, --tls-key and --tls-ca go together (mutual authentication needs all three)")
            return nil
        }
    }
}
