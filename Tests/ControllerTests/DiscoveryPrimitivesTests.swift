@testable import Controller
import OpenFlow
import Testing
import Topology
import TopologyFormats

@Suite("Discovery and measurement primitives")
struct DiscoveryPrimitivesTests {
    let a = DatapathID(1)
    let b = DatapathID(2)
    let start = ContinuousClock.now

    @Test("a port going down withdraws the links heard on it and sent from it, and nothing else")
    func portDownWithdrawsBothDirections() {
        var observations = LinkObservations()
        let forward = LLDPObservation(datapathID: b, port: 1, neighbourDatapathID: a, neighbourPort: 3)
        let backward = LLDPObservation(datapathID: a, port: 3, neighbourDatapathID: b, neighbourPort: 1)
        let other = LLDPObservation(datapathID: a, port: 4, neighbourDatapathID: b, neighbourPort: 2)
        for observation in [forward, backward, other] { observations.record(observation, at: start) }
        let withdrawn = observations.withdraw(datapathID: a, port: 3)
        #expect(Set(withdrawn) == [forward, backward])
        #expect(observations.current == [other])
    }

    @Test("an observation is new once, and expires when not heard again in time")
    func observationsExpire() {
        var observations = LinkObservations()
        let link = LLDPObservation(datapathID: b, port: 1, neighbourDatapathID: a, neighbourPort: 3)
        let firstTime = observations.record(link, at: start)
        let secondTime = observations.record(link, at: start + .seconds(1))
        #expect(firstTime && !secondTime)
        let early = observations.expire(heardBefore: start + .milliseconds(500))
        #expect(early.isEmpty)
        let late = observations.expire(heardBefore: start + .seconds(2))
        #expect(late == [link])
        #expect(observations.current.isEmpty)
    }

    @Test("the token bucket admits its burst, then its rate, and counts what it refuses")
    func tokenBucketLimits() {
        var bucket = TokenBucket(ratePerSecond: 10, burst: 5, now: start)
        var admitted = 0
        for _ in 0..<20 where bucket.admit(at: start) { admitted += 1 }
        #expect(admitted == 5)
        #expect(bucket.dropped == 15)
        var later = 0
        for _ in 0..<20 where bucket.admit(at: start + .milliseconds(500)) { later += 1 }
        #expect(later == 5)
    }

    @Test("two counter samples give bit and packet rates; a counter reset counts as zero")
    func portRatesFromCounters() throws {
        let first = PortCounterSample(PortStats(portNumber: 1, rxPackets: 100, txPackets: 10, rxBytes: 1_000, txBytes: 500), at: start)
        let second = PortCounterSample(PortStats(portNumber: 1, rxPackets: 300, txPackets: 5, rxBytes: 251_000, txBytes: 100), at: start + .milliseconds(500))
        let rate = try #require(second.rate(since: first))
        #expect(rate.receivedBps == 4_000_000)
        #expect(rate.receivedPps == 400)
        #expect(rate.transmittedBps == 0 && rate.transmittedPps == 0)
        #expect(second.rate(since: second) == nil)
    }
}
