import Testing
@testable import Topology

@Suite struct BitRateTests {
    @Test(arguments: [
        ("100G", 100e9), ("25Gbps", 25e9), ("2.5 Gbit/s", 2.5e9), ("155M", 155e6), ("1.5e9", 1.5e9),
        ("10 Mb/s", 10e6), ("1T", 1e12), ("800", 800), ("100k", 100e3), ("40 gbps", 40e9),
    ])
    func parsesTheFormsPeopleType(text: String, bitsPerSecond: Double) {
        #expect(BitRate(text)?.bitsPerSecond == bitsPerSecond)
    }

    @Test(arguments: ["", "fast", "10GB", "10 MB/s", "-5G", "10X", "G", "1e999"])
    func rejectsWhatIsNotABitRate(text: String) {
        #expect(BitRate(text) == nil)
    }

    @Test func explainsWhyATextIsRejected() {
        guard case .failure(let error) = BitRate.parse("10GB") else {
            Issue.record("10GB parsed")
            return
        }
        #expect(error.description.contains("bytes are not accepted"))
    }

    @Test(arguments: [(100e9, "100G"), (2.5e9, "2.5G"), (155e6, "155M"), (9.92e9, "9.92G"), (800, "800")])
    func printsTheShortForm(bitsPerSecond: Double, text: String) {
        #expect(BitRate(bitsPerSecond: bitsPerSecond).description == text)
        #expect(BitRate(text)?.bitsPerSecond == bitsPerSecond)
    }

    @Test func formatsWithAUnitForTables() {
        #expect(BitRate(bitsPerSecond: 25e9).formatted == "25 Gbit/s")
        #expect(BitRate(bitsPerSecond: 12).formatted == "12 bit/s")
    }
}
