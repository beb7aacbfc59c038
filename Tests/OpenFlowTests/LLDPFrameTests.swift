import Testing
@testable import OpenFlow

@Suite("LLDP discovery frames")
struct LLDPFrameTests {
    @Test func encodesTheDocumentedLayout() {
        let frame = LLDPFrame(sourceMAC: 0x0200_0000_0001, datapathID: 0x0a, portNumber: 3, ttl: 120, instance: "weft")
        // dst | src | ethertype | chassis(type 1, len 22, subtype 7, "dpid:000000000000000a") | port(type 2, len 5, subtype 2, 3)
        // | ttl(type 3, len 2, 120) | org(type 127, len 8, OUI 0a5746, subtype 1, "weft") | end | pad to 60
        let expected = hex("""
            0180c200000e 020000000001 88cc
            0216 07 647069643a30303030303030303030303030303061
            0405 02 00000003
            0602 0078
            fe08 0a5746 01 77656674
            0000
            """)
        let bytes = frame.encoded()
        #expect(hexString(Array(bytes.prefix(expected.count))) == hexString(expected))
        #expect(bytes.count == max(60, expected.count))
        #expect(bytes.dropFirst(expected.count).allSatisfy { $0 == 0 })
    }

    @Test func roundTripsWithAndWithoutInstanceName() throws {
        for instance in ["weft", "fabric-a/üñí", nil] as [String?] {
            let frame = LLDPFrame(sourceMAC: 0x0200_0000_00ff, datapathID: 0xfedc_ba98_7654_3210, portNumber: 0xffff_ff00, ttl: 5, instance: instance)
            #expect(try LLDPFrame(decoding: frame.encoded()) == frame)
        }
    }

    @Test func decodesBehindAVLANTag() throws {
        var bytes = LLDPFrame(sourceMAC: 1, datapathID: 2, portNumber: 3).encoded()
        bytes.insert(contentsOf: [0x81, 0x00, 0x00, 0x0a], at: 12)
        #expect(LLDPFrame.isLLDP(bytes))
        #expect(try LLDPFrame(decoding: bytes).datapathID == 2)
    }

    @Test func nonLLDPFrameIsATypedError() {
        let ipv4 = hex("ffffffffffff 020000000001 0800 4500001c")
        #expect(!LLDPFrame.isLLDP(ipv4))
        #expect(throws: LLDPError.notLLDP(etherType: 0x0800)) { try LLDPFrame(decoding: ipv4) }
        #expect(throws: LLDPError.truncated(offset: 12, needed: 11)) { try LLDPFrame(decoding: [1, 2, 3]) }
    }

    @Test func foreignLLDPIsATypedError() {
        // lldpd-style: chassis subtype 4 (MAC address), port subtype 3 (MAC), TTL, End
        let foreign = hex("0180c200000e 020000000001 88cc | 0207 04 020000000001 | 0407 03 020000000001 | 0602 0078 | 0000")
        #expect(throws: LLDPError.foreignChassisID(subtype: 4, value: hex("020000000001"))) { try LLDPFrame(decoding: foreign) }
    }

    @Test func malformedTLVsAreTypedErrors() {
        let overrun = hex("0180c200000e 020000000001 88cc | 02ff 07 6470")
        #expect(throws: LLDPError.malformedTLV(type: 1, offset: 14, reason: "length 255 overruns the frame")) { try LLDPFrame(decoding: overrun) }
        let noEnd = hex("0180c200000e 020000000001 88cc | 0602 0078")
        #expect(throws: LLDPError.truncated(offset: 18, needed: 2)) { try LLDPFrame(decoding: noEnd) }
        let noChassis = hex("0180c200000e 020000000001 88cc | 0602 0078 | 0000")
        #expect(throws: LLDPError.missingTLV("chassis id")) { try LLDPFrame(decoding: noChassis) }
        let badTTL = hex("0180c200000e 020000000001 88cc | 0601 78 | 0000")
        #expect(throws: LLDPError.self) { try LLDPFrame(decoding: badTTL) }
    }
}
