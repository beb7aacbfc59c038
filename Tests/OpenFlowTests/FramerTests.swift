import NIOCore
import Testing
@testable import OpenFlow

@Suite("Framing a byte stream into messages")
struct FramerTests {
    private let stream: [UInt8] = {
        var bytes: [UInt8] = []
        for (_, message) in Samples.messages {
            bytes += (try? message.encoded()) ?? []
        }
        return bytes
    }()

    @Test func coalescedMessagesComeOutOneByOneWithTheirXids() throws {
        var framer = OpenFlowFramer()
        framer.append(stream)
        var decoded: [OpenFlowMessage] = []
        while let message = try framer.nextMessage() {
            decoded.append(message)
        }
        #expect(decoded == Samples.messages.map(\.message))
        #expect(framer.bufferedByteCount == 0)
    }

    @Test func byteByByteInputYieldsTheSameMessages() throws {
        var framer = OpenFlowFramer()
        var decoded: [OpenFlowMessage] = []
        for byte in stream {
            framer.append([byte])
            while let message = try framer.nextMessage() {
                decoded.append(message)
            }
        }
        #expect(decoded.map(\.xid) == Samples.messages.map(\.message.xid))
        #expect(decoded == Samples.messages.map(\.message))
    }

    @Test func aPartialHeaderOrBodyYieldsNothingYet() throws {
        var framer = OpenFlowFramer()
        let hello = try OpenFlowMessage(xid: 1, .hello(Hello())).encoded()
        framer.append(hello.prefix(5))
        #expect(try framer.nextFrame() == nil)
        framer.append(hello[5..<12])
        #expect(try framer.nextFrame() == nil)
        framer.append(hello[12...])
        #expect(try framer.nextFrame() == hello)
        #expect(try framer.nextFrame() == nil)
    }

    @Test func byteBufferInputAndStatelessReadFrame() throws {
        var buffer = ByteBuffer(bytes: stream)
        var count = 0
        while let frame = try OpenFlowFramer.readFrame(from: &buffer) {
            _ = try OpenFlowMessage(decoding: frame)
            count += 1
        }
        #expect(count == Samples.messages.count)
        #expect(buffer.readableBytes == 0)

        var framer = OpenFlowFramer()
        framer.append(ByteBuffer(bytes: stream.prefix(20)))
        framer.append(ByteBuffer(bytes: stream.dropFirst(20)))
        #expect(try framer.nextMessage() == Samples.messages[0].message)
    }

    @Test func aLengthShorterThanTheHeaderIsAStreamErrorThatPersists() {
        var framer = OpenFlowFramer()
        framer.append(hex("04 00 0004 00000009"))
        for _ in 0..<3 {
            #expect(throws: OpenFlowError.self) { try framer.nextFrame() }
        }
        do {
            _ = try framer.nextFrame()
        } catch {
            #expect(error.context?.xid == 9)
            #expect(error.context?.field == "header.length")
        }
    }

    @Test func anUndecodableMessageIsConsumedSoTheNextOneStillDecodes() throws {
        var framer = OpenFlowFramer()
        framer.append(hex("04 10 0008 00000001"))   // OFPT_PORT_MOD: framed but not modelled
        framer.append(try OpenFlowMessage(xid: 2, .barrierRequest).encoded())
        #expect(throws: OpenFlowError.self) { try framer.nextMessage() }
        #expect(try framer.nextMessage() == OpenFlowMessage(xid: 2, .barrierRequest))
    }

    @Test func helloOfAnotherVersionIsFramedAndDecoded() throws {
        var framer = OpenFlowFramer()
        framer.append(hex("06 00 0010 00000001 | 0001 0008 00000052"))   // OF1.5 hello: versions 1, 4, 6
        let message = try #require(try framer.nextMessage())
        #expect(message.version == 6)
        guard case .hello(let hello) = message.payload else {
            Issue.record("expected a hello")
            return
        }
        #expect(hello.versions == [1, 4, 6])
        #expect(Hello().negotiatedVersion(withPeer: hello, peerHeaderVersion: 6) == 4)
        #expect(Hello().negotiatedVersion(withPeer: Hello(versions: [1]), peerHeaderVersion: 1) == nil)
        #expect(Hello().negotiatedVersion(withPeer: Hello(versions: []), peerHeaderVersion: 5) == 4)
    }
}
