import Topology
import TopologyFormats

/// The LLDP observations currently believed, each with the time it was last heard.
///
/// A link is believed while its observation is younger than the timeout; a port going down withdraws
/// every observation that involves it, in either direction, at once.
struct LinkObservations: Sendable {
    private var lastHeard: [LLDPObservation: ContinuousClock.Instant] = [:]

    /// Records `observation` at `instant`; returns whether it is new.
    @discardableResult
    mutating func record(_ observation: LLDPObservation, at instant: ContinuousClock.Instant) -> Bool {
        lastHeard.updateValue(instant, forKey: observation) == nil
    }

    /// Forgets observations last heard before `deadline`; returns those forgotten.
    mutating func expire(heardBefore deadline: ContinuousClock.Instant) -> [LLDPObservation] {
        let stale = lastHeard.filter { $0.value < deadline }.map(\.key)
        for observation in stale { lastHeard[observation] = nil }
        return stale
    }

    /// Forgets every observation heard on or sent from this port; returns those forgotten.
    mutating func withdraw(datapathID: DatapathID, port: UInt32) -> [LLDPObservation] {
        let involved = lastHeard.keys.filter {
            ($0.datapathID == datapathID && $0.port == port) || ($0.neighbourDatapathID == datapathID && $0.neighbourPort == port)
        }
        for observation in involved { lastHeard[observation] = nil }
        return involved
    }

    /// Marks every observation involving one of `switches` as heard at `instant`: their links are kept
    /// while those switches have not reconnected yet.
    mutating func refresh(involving switches: Set<DatapathID>, at instant: ContinuousClock.Instant) {
        guard !switches.isEmpty else { return }
        for observation in lastHeard.keys where switches.contains(observation.datapathID) || switches.contains(observation.neighbourDatapathID) {
            lastHeard[observation] = instant
        }
    }

    /// Forgets everything heard by or from a switch (it disconnected); returns those forgotten.
    mutating func withdraw(datapathID: DatapathID) -> [LLDPObservation] {
        let involved = lastHeard.keys.filter { $0.datapathID == datapathID || $0.neighbourDatapathID == datapathID }
        for observation in involved { lastHeard[observation] = nil }
        return involved
    }

    /// Current observations in a stable order.
    var current: [LLDPObservation] {
        lastHeard.keys.sorted { ($0.datapathID, $0.port) < ($1.datapathID, $1.port) }
    }
}
