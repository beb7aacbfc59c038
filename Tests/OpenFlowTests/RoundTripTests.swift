import Testing
@testable import OpenFlow

@Suite("Encode then decode gives the same message")
struct RoundTripTests {
    @Test(arguments: Samples.messages.map(\.name))
    func roundTrips(name: String) throws {
        let message = try #require(Samples.messages.first { $0.name == name }?.message)
        let bytes = try message.encoded()
        #expect(Int(try OpenFlowHeader(decoding: bytes).length) == bytes.count)
        #expect(try OpenFlowMessage(decoding: bytes) == message)
    }

    @Test func unmodelledOXMFieldsAndExperimenterActionsSurviveARoundTrip() throws {
        let mod = FlowMod(match: [.other(oxmClass: 0x8000, field: 26, hasMask: false, payload: Array(repeating: 0xfe, count: 16)),
                                  .other(oxmClass: 0x0001, field: 0, hasMask: false, payload: [0, 0, 0, 5])],
                          instructions: [.applyActions([.experimenter(id: 0x2320, data: [0, 1, 2, 3, 4, 5, 6, 7]), .decrementNetworkTTL]),
                                         .writeMetadata(1, mask: 0xff)])
        let message = OpenFlowMessage(xid: 1, .flowMod(mod))
        #expect(try OpenFlowMessage(decoding: message.encoded()) == message)
    }

    @Test func overlongPortNamesAreCutToFifteenBytes() throws {
        let port = PortDescription(portNumber: 1, hardwareAddress: 0, name: "a-very-long-interface-name")
        let message = OpenFlowMessage(xid: 1, .portStatus(PortStatus(reason: .add, port: port)))
        guard case .portStatus(let decoded) = try OpenFlowMessage(decoding: message.encoded()).payload else {
            Issue.record("expected port status")
            return
        }
        #expect(decoded.port.name == "a-very-long-int")
    }

    @Test func aMessageLongerThan64KiBIsAnEncodingError() {
        let message = OpenFlowMessage(xid: 1, .echoRequest(Array(repeating: 0, count: 70_000)))
        #expect(throws: OpenFlowError.tooLongToEncode(what: "OFPT_ECHO_REQUEST", length: 70_008)) { try message.encoded() }
    }
}
