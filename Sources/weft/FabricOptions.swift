import ArgumentParser

/// Link rates and tenants shared by the fabric generators.
struct FabricOptions: ParsableArguments {
    @Option(help: "Switch-to-switch link rate, e.g. 100G.") var uplink = "100G"
    @Option(help: "Host link rate, e.g. 25G.") var downlink = "25G"
    @Option(help: "Tenants the hosts are spread over (round-robin).") var tenants = 1

    func uplinkBps() throws(CommandFailure) -> Double { try parseRate(uplink, option: "--uplink") }
    func downlinkBps() throws(CommandFailure) -> Double { try parseRate(downlink, option: "--downlink") }
}
