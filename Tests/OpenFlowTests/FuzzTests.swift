import Testing
@testable import OpenFlow

/// SplitMix64: a tiny deterministic generator so every fuzz run sees the same inputs.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}

/// Feeds random and mutated frames to the decoder, the framer and the LLDP decoder. The property
/// is that nothing traps or hangs: every input either decodes or throws a typed error.
@Suite("Fuzzing the decoders with random and mutated frames")
struct FuzzTests {
    private static let seeds: [[UInt8]] = Samples.messages.compactMap { try? $0.message.encoded() }

    private enum Mutation: CaseIterable {
        case bitFlips, truncation, headerLength, innerLength, randomBytes, splice, randomFrame
    }

    private static func mutate(_ seed: [UInt8], _ mutation: Mutation, _ rng: inout SeededGenerator) -> [UInt8] {
        var bytes = seed
        switch mutation {
        case .bitFlips:
            for _ in 0..<Int.random(in: 1...4, using: &rng) {
                let index = Int.random(in: 0..<bytes.count, using: &rng)
                bytes[index] ^= 1 << UInt8.random(in: 0...7, using: &rng)
            }
        case .truncation:
            bytes = Array(bytes.prefix(Int.random(in: 0..<bytes.count, using: &rng)))
            if bytes.count >= 4, Bool.random(using: &rng) {
                bytes[2] = UInt8(truncatingIfNeeded: bytes.count >> 8)
                bytes[3] = UInt8(truncatingIfNeeded: bytes.count)
            }
        case .headerLength:
            let length = Bool.random(using: &rng) ? Int.random(in: 0...0xffff, using: &rng) : bytes.count + Int.random(in: -16...16, using: &rng)
            bytes[2] = UInt8(truncatingIfNeeded: length >> 8)
            bytes[3] = UInt8(truncatingIfNeeded: length)
        case .innerLength:
            guard bytes.count > 10 else { break }
            let index = Int.random(in: 8..<(bytes.count - 1), using: &rng)
            let value = [0, 1, 4, 7, 8, 12, 16, 0xff, 0xffff, Int.random(in: 0...0xffff, using: &rng)].randomElement(using: &rng) ?? 0
            bytes[index] = UInt8(truncatingIfNeeded: value >> 8)
            bytes[index + 1] = UInt8(truncatingIfNeeded: value)
        case .randomBytes:
            for _ in 0..<Int.random(in: 1...16, using: &rng) {
                bytes[Int.random(in: 0..<bytes.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
            }
        case .splice:
            let other = seeds.randomElement(using: &rng) ?? seed
            let cut = Int.random(in: 0...min(bytes.count, other.count), using: &rng)
            bytes = Array(bytes.prefix(cut) + other.dropFirst(cut))
            bytes[2] = UInt8(truncatingIfNeeded: bytes.count >> 8)
            bytes[3] = UInt8(truncatingIfNeeded: bytes.count)
        case .randomFrame:
            let length = Int.random(in: 8...160, using: &rng)
            bytes = []
            bytes.reserveCapacity(length + 8)
            while bytes.count < length {
                let word = rng.next()
                for shift in [0, 8, 16, 24, 32, 40, 48, 56] as [UInt64] {
                    bytes.append(UInt8(truncatingIfNeeded: word >> shift))
                }
            }
            bytes.removeLast(bytes.count - length)
            bytes[0] = 4
            bytes[1] = UInt8.random(in: 0...31, using: &rng)
            bytes[2] = 0
            bytes[3] = UInt8(length)
        }
        return bytes
    }

    /// Port names are decoded leniently (invalid UTF-8 becomes U+FFFD), so they need not re-encode identically.
    private static func carriesPortNames(_ message: OpenFlowMessage) -> Bool {
        switch message.payload {
        case .portStatus: return true
        case .multipartReply(let reply):
            if case .portDescription = reply.body { return true }
            return false
        default: return false
        }
    }

    @Test func hundredThousandMutatedFramesNeverTrap() throws {
        var rng = SeededGenerator(seed: 0x5745_4654)
        var decoded = 0, rejected = 0, stable = 0, checkedStability = 0
        var framer = OpenFlowFramer()
        var framedMessages = 0
        let frameCount = 120_000
        let mutations = Mutation.allCases
        for index in 0..<frameCount {
            let seed = Self.seeds[index % Self.seeds.count]
            let frame = Self.mutate(seed, mutations[index % mutations.count], &rng)
            do {
                let message = try OpenFlowMessage(decoding: frame)
                decoded += 1
                if !Self.carriesPortNames(message) {
                    checkedStability += 1
                    if let again = try? OpenFlowMessage(decoding: message.encoded()), again == message {
                        stable += 1
                    }
                }
            } catch {
                rejected += 1
                _ = error.description
            }
            framer.append(frame)
            do {
                while let next = try framer.nextFrame() {
                    framedMessages += 1
                    _ = try? OpenFlowMessage(decoding: next)
                }
            } catch {
                framer = OpenFlowFramer()   // a stream error: the session would close the connection
            }
        }
        #expect(decoded + rejected == frameCount)
        #expect(decoded > 1_000, "mutations should leave many frames decodable")
        #expect(rejected > 10_000, "mutations should produce many typed errors")
        #expect(stable == checkedStability, "a decoded message re-encodes to bytes that decode to the same message")
        #expect(framedMessages > 0)
    }

    @Test func tenThousandMutatedLLDPFramesNeverTrap() {
        var rng = SeededGenerator(seed: 0x4c4c_4450)
        let seed = LLDPFrame(sourceMAC: 0x0200_0000_0001, datapathID: 0x0a, portNumber: 3, instance: "weft").encoded()
        var outcomes = 0
        for index in 0..<10_000 {
            let frame = Self.mutate(seed, index.isMultiple(of: 2) ? .bitFlips : .truncation, &rng)
            switch Result(catching: { () throws(LLDPError) in try LLDPFrame(decoding: frame) }) {
            case .success, .failure: outcomes += 1
            }
        }
        #expect(outcomes == 10_000)
    }
}
