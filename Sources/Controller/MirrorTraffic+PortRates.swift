import TaasPlanner
import Topology

extension MirrorTraffic {
    /// Mirror demand measured by the controller: each polled port's receive rate (from the attached
    /// host, TaaS `OUT`) and transmit rate (towards it, TaaS `IN`), with packet rates for sizing
    /// truncated copies.
    public static func measured(_ rates: [PortRate]) -> MirrorTraffic {
        .portRates(Dictionary(rates.map { rate in
            (rate.port, TaasPlanner.PortRate(receivedBps: rate.rxBps, transmittedBps: rate.txBps,
                                             receivedPps: rate.rxPacketsPerSecond, transmittedPps: rate.txPacketsPerSecond))
        }, uniquingKeysWith: { first, _ in first }))
    }
}
