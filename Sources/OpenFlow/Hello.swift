/// The body of `OFPT_HELLO`: the OpenFlow versions the sender supports, as an
/// `OFPHET_VERSIONBITMAP` element.
///
/// Negotiation (OpenFlow 1.3.1 §6.3.1): when both sides send a bitmap the highest common version
/// wins; otherwise the lower of the two header versions. Elements of other types are ignored on
/// decoding, as the spec requires.
public struct Hello: Hashable, Sendable {
    /// `OFPHET_VERSIONBITMAP`.
    static let versionBitmapType: UInt16 = 1

    /// Wire versions (1 = 1.0 … 4 = 1.3 …) from the version bitmap, ascending; empty when the peer
    /// sent no bitmap element.
    public var versions: [UInt8]

    /// A HELLO advertising `versions` (by default only OpenFlow 1.3).
    public init(versions: [UInt8] = [OpenFlowHeader.version13]) {
        self.versions = Array(Set(versions)).sorted()
    }

    /// The highest version both sides support, given the peer's hello and header version, or `nil`
    /// when there is none (the session must then send `OFPET_HELLO_FAILED`/`OFPHFC_INCOMPATIBLE`).
    public func negotiatedVersion(withPeer peer: Hello, peerHeaderVersion: UInt8) -> UInt8? {
        if !versions.isEmpty, !peer.versions.isEmpty {
            return Set(versions).intersection(peer.versions).max()
        }
        let ours = versions.max() ?? OpenFlowHeader.version13
        let common = min(ours, peerHeaderVersion)
        return versions.isEmpty || versions.contains(common) ? common : nil
    }

    func encode(to writer: inout WireWriter) throws(OpenFlowError) {
        guard let highest = versions.max() else { return }
        let words = Int(highest) / 32 + 1
        var bitmap = [UInt32](repeating: 0, count: words)
        for version in versions {
            bitmap[Int(version) / 32] |= 1 << UInt32(version % 32)
        }
        let start = writer.count
        writer.writeU16(Self.versionBitmapType)
        writer.writeU16(UInt16(4 + 4 * words))
        for word in bitmap {
            writer.writeU32(word)
        }
        writer.padTo8(from: start)
    }

    init(reader: inout WireReader) throws(OpenFlowError) {
        var versions: [UInt8] = []
        while reader.remaining >= 4 {
            let start = reader.offset
            let type = try reader.readU16("hello.element.type")
            let length = Int(try reader.readU16("hello.element.length"))
            guard length >= 4, length - 4 <= reader.remaining else {
                throw .badLength(reader.context("hello.element.length", at: start + 2), length: length,
                                 reason: "hello element must be at least 4 bytes and fit in the message")
            }
            var element = try reader.subReader(length: length - 4, field: "hello.element")
            if type == Self.versionBitmapType {
                var wordIndex = 0
                while element.remaining >= 4 {
                    let word = try element.readU32("hello.element.bitmap")
                    for bit in 0..<32 where word & (1 << UInt32(bit)) != 0 {
                        let version = wordIndex * 32 + bit
                        if version <= Int(UInt8.max) {
                            versions.append(UInt8(version))
                        }
                    }
                    wordIndex += 1
                }
            }
            try reader.skip(min((8 - length % 8) % 8, reader.remaining), "hello.element.pad")
        }
        self.versions = Array(Set(versions)).sorted()
    }
}
