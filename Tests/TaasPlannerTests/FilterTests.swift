import Testing
import Topology
@testable import TaasPlanner

@Suite("Mirror filter values")
struct FilterTests {
    @Test("TaaS vlan_filter syntax parses, merges and prints back")
    func vlanSyntax() throws {
        let ranges = try #require(NumberRanges("27-30,1-5,9,6,18"))
        #expect(ranges.description == "1-6,9,18,27-30")
        #expect(ranges.count == 6 + 1 + 1 + 4)
        #expect(NumberRanges("5-1") == nil)
        #expect(NumberRanges("a") == nil)
        #expect(NumberRanges("") == nil)
    }

    @Test("ranges decompose into masked blocks that cover exactly the range")
    func maskedBlocks() throws {
        for text in ["1-5", "0-4095", "100-200", "7", "1000-1023,3000-3100"] {
            let ranges = try #require(NumberRanges(text))
            let blocks = ranges.maskedBlocks(bits: 12)
            for value in UInt16(0)...4095 {
                let covered = blocks.filter { value & $0.mask == $0.value }.count
                #expect(covered == (ranges.contains(value) ? 1 : 0), "\(text) value \(value)")
            }
        }
        #expect(try #require(NumberRanges("0-4095")).maskedBlocks(bits: 12).count == 2)
    }

    @Test("IPv4 prefixes clear host bits and test membership")
    func prefixes() throws {
        let prefix = try #require(IPv4Prefix("10.1.2.3/16"))
        #expect(prefix.description == "10.1.0.0/16")
        #expect(prefix.contains(try #require(IPv4Address("10.1.200.1"))))
        #expect(!prefix.contains(try #require(IPv4Address("10.2.0.1"))))
        #expect(IPv4Prefix("10.0.0.0/33") == nil)
        #expect(try #require(IPv4Prefix("0.0.0.0/0")).contains(try #require(IPv4Address("1.2.3.4"))))
    }

    @Test("port references parse as switch:port or host name")
    func portReferences() {
        #expect(PortReference("leaf1:3") == .switchPort(LinkEnd(node: "leaf1", port: 3)))
        #expect(PortReference(" h1-1 ") == .host("h1-1"))
        #expect(PortReference("a:b") == .host("a:b"))
        #expect(PortReference("") == nil)
        #expect(TapDirection(parsing: "both") == .both)
        #expect(TapDirection(parsing: "sideways") == nil)
    }
}
