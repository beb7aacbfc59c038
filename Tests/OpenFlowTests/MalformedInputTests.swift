import Testing
@testable import OpenFlow

/// Malformed input must produce a typed ``OpenFlowError`` naming the message, field and offset.
@Suite("Malformed messages give typed errors")
struct MalformedInputTests {
    private func decodeError(_ layout: String) -> OpenFlowError? {
        do {
            _ = try OpenFlowMessage(decoding: hex(layout))
            return nil
        } catch {
            return error
        }
    }

    @Test func truncatedHeader() {
        #expect(decodeError("04 00 00") == .truncated(.init(field: "header.length", offset: 2), needed: 2, available: 1))
    }

    @Test func lengthShorterThanTheHeader() {
        let error = decodeError("04 14 0007 00000005")
        #expect(error == .badLength(.init(messageType: 20, xid: 5, field: "header.length", offset: 2), length: 7, reason: "shorter than the 8-byte header"))
    }

    @Test func lengthNotMatchingTheContent() {
        let error = decodeError("04 14 0010 00000005")
        #expect(error == .badLength(.init(messageType: 20, xid: 5, field: "header.length", offset: 2), length: 16, reason: "the message has 8 bytes"))
    }

    @Test func trailingBytesAfterAFixedSizeBody() {
        #expect(decodeError("04 14 000a 00000005 0000")?.context?.field == "OFPT_BARRIER_REQUEST body")
    }

    @Test func truncatedFixedBodyNamesTheField() {
        let error = decodeError("04 06 0010 00000003 000000000000000a")
        #expect(error == .truncated(.init(messageType: 6, xid: 3, field: "features.n_buffers", offset: 16), needed: 4, available: 0))
        #expect(error?.description == "truncated features.n_buffers at byte 16 of OFPT_FEATURES_REPLY (xid 3): need 4 bytes, 0 left")
    }

    @Test func unknownAndUnmodelledMessageTypes() {
        #expect(decodeError("04 63 0008 00000001") == .unsupportedMessageType(.init(messageType: 99, xid: 1, field: "header.type", offset: 1), type: 99))
        #expect(decodeError("04 1a 0008 00000001") == .unsupportedMessageType(.init(messageType: 26, xid: 1, field: "header.type", offset: 1), type: 26))
    }

    @Test func aRoleRequestWithoutItsBodyIsTruncated() {
        #expect(decodeError("04 18 0008 00000001") == .truncated(.init(messageType: 24, xid: 1, field: "role_request.role", offset: 8), needed: 4, available: 0))
    }

    @Test func wrongVersionOnANonHelloMessage() {
        #expect(decodeError("01 14 0008 00000001") == .unsupportedVersion(.init(messageType: 20, xid: 1, field: "header.version", offset: 0), version: 1))
    }

    @Test func oxmLengthOverrunningTheMatch() {
        // match length 12 but the in_port TLV claims 8 bytes of value
        let error = decodeError("04 0a 002a 00000001 ffffffff 0000 00 00 0000000000000000 | 0001 000c 80000008 00000003 00000000 | 0000")
        #expect(error == .badLength(.init(messageType: 10, xid: 1, field: "packet_in.match.oxm.length", offset: 31), length: 8,
                                    reason: "OXM value overruns the 4 bytes left"))
    }

    @Test func oxmWithTheWrongLengthForItsField() {
        let error = decodeError("04 0a 002a 00000001 ffffffff 0000 00 00 0000000000000000 | 0001 000a 80000002 0003 000000000000 | 0000")
        #expect(error == .badLength(.init(messageType: 10, xid: 1, field: "packet_in.match.oxm.length", offset: 31), length: 2,
                                    reason: "OXM field 0 needs 4 bytes"))
    }

    @Test func matchLengthOverrunningTheMessage() {
        let error = decodeError("04 0a 002a 00000001 ffffffff 0000 00 00 0000000000000000 | 0001 00f0 80000004 00000003 00000000 | 0000")
        #expect(error == .truncated(.init(messageType: 10, xid: 1, field: "packet_in.match.oxm_fields", offset: 28), needed: 236, available: 14))
    }

    @Test func unknownOpenFlowBasicOXMField() {
        let error = decodeError("04 0a 002a 00000001 ffffffff 0000 00 00 0000000000000000 | 0001 000c 80007e04 00000003 00000000 | 0000")
        #expect(error == .unknownOXMField(.init(messageType: 10, xid: 1, field: "packet_in.match.oxm", offset: 28), field: 63))
    }

    @Test func unknownMatchType() {
        let error = decodeError("04 0a 002a 00000001 ffffffff 0000 00 00 0000000000000000 | 0000 000c 80000004 00000003 00000000 | 0000")
        #expect(error == .badValue(.init(messageType: 10, xid: 1, field: "packet_in.match.type", offset: 24), value: 0,
                                   reason: "only OFPMT_OXM (1) matches exist in OpenFlow 1.3"))
    }

    private func packetOut(actions: String) -> String {
        let actionBytes = hex(actions)
        let length = 24 + actionBytes.count
        return "04 0d " + hexString([UInt8(length >> 8), UInt8(length & 0xff)]) + " 00000001 ffffffff fffffffd "
            + hexString([UInt8(actionBytes.count >> 8), UInt8(actionBytes.count & 0xff)]) + " 000000000000 " + actions
    }

    @Test func actionLengthNotAMultipleOf8() {
        let error = decodeError(packetOut(actions: "0016 000c 00000001 00000000"))
        #expect(error == .badLength(.init(messageType: 13, xid: 1, field: "packet_out.actions", offset: 24), length: 12, reason: "not a multiple of 8"))
    }

    @Test func zeroActionLengthIsAnErrorNotAnEndlessLoop() {
        let error = decodeError(packetOut(actions: "0000 0000 00000000"))
        #expect(error == .badLength(.init(messageType: 13, xid: 1, field: "packet_out.actions", offset: 24), length: 0, reason: "shorter than the minimum 8"))
    }

    @Test func actionLengthWrongForItsType() {
        let error = decodeError(packetOut(actions: "0000 0008 00000001"))
        #expect(error == .badLength(.init(messageType: 13, xid: 1, field: "action.len", offset: 26), length: 8, reason: "action type 0 is 16 bytes"))
    }

    @Test func unknownActionType() {
        let error = decodeError(packetOut(actions: "0063 0008 00000000"))
        #expect(error == .unknownActionType(.init(messageType: 13, xid: 1, field: "action.type", offset: 24), type: 99))
    }

    @Test func actionsLengthOverrunningTheMessage() {
        let error = decodeError("04 0d 0020 00000001 ffffffff fffffffd 0040 000000000000 0000 0010 00000001")
        #expect(error == .badLength(.init(messageType: 13, xid: 1, field: "packet_out.actions_len", offset: 16), length: 64,
                                    reason: "actions overrun the 8 bytes left"))
    }

    @Test func unknownInstructionTypeAndBadFlowModCommand() throws {
        var bytes = try OpenFlowMessage(xid: 1, .flowMod(FlowMod(instructions: [.gotoTable(1)]))).encoded()
        bytes[bytes.count - 7] = 9   // instruction type 1 → 9
        #expect(throws: OpenFlowError.unknownInstructionType(.init(messageType: 14, xid: 1, field: "instruction.type", offset: 56), type: 9)) {
            try OpenFlowMessage(decoding: bytes)
        }
        bytes = try OpenFlowMessage(xid: 1, .flowMod(FlowMod())).encoded()
        bytes[25] = 7   // command
        #expect(throws: OpenFlowError.badValue(.init(messageType: 14, xid: 1, field: "flow_mod.command", offset: 25), value: 7, reason: "not an OFPFC_* command")) {
            try OpenFlowMessage(decoding: bytes)
        }
    }

    @Test func bucketAndMultipartLengthErrors() throws {
        var bytes = try OpenFlowMessage(xid: 1, .groupMod(GroupMod(type: .select, groupID: 1, buckets: [Bucket(weight: 1, actions: [])]))).encoded()
        bytes[17] = 8   // bucket length 16 → 8
        #expect(throws: OpenFlowError.badLength(.init(messageType: 15, xid: 1, field: "group_mod.buckets", offset: 16), length: 8, reason: "shorter than the minimum 16")) {
            try OpenFlowMessage(decoding: bytes)
        }
        let portDescription = hex("04 13 0018 00000001 000d 0000 00000000 0000000100000000")
        #expect(throws: OpenFlowError.badLength(.init(messageType: 19, xid: 1, field: "port_desc", offset: 16), length: 8, reason: "not a multiple of the 64-byte port_desc entry")) {
            try OpenFlowMessage(decoding: portDescription)
        }
        #expect(throws: OpenFlowError.unsupportedMultipartType(.init(messageType: 19, xid: 1, field: "multipart_reply.type", offset: 8), type: 0)) {
            try OpenFlowMessage(decoding: hex("04 13 0010 00000001 0000 0000 00000000"))
        }
    }
}
