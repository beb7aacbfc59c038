/// Appends big-endian OpenFlow fields to a byte array and back-patches 16-bit length fields.
struct WireWriter {
    private(set) var bytes: [UInt8] = []

    var count: Int { bytes.count }

    mutating func writeU8(_ value: UInt8) {
        bytes.append(value)
    }

    mutating func writeU16(_ value: UInt16) {
        bytes.append(UInt8(truncatingIfNeeded: value >> 8))
        bytes.append(UInt8(truncatingIfNeeded: value))
    }

    mutating func writeU32(_ value: UInt32) {
        writeU16(UInt16(truncatingIfNeeded: value >> 16))
        writeU16(UInt16(truncatingIfNeeded: value))
    }

    mutating func writeU64(_ value: UInt64) {
        writeUnsigned(value, width: 8)
    }

    /// Writes the low `width` bytes of `value`, most significant first.
    mutating func writeUnsigned(_ value: UInt64, width: Int) {
        var shift = 8 * width
        while shift > 0 {
            shift -= 8
            bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift)))
        }
    }

    mutating func writeBytes(_ values: some Sequence<UInt8>) {
        bytes.append(contentsOf: values)
    }

    mutating func writeZeros(_ count: Int) {
        bytes.append(contentsOf: repeatElement(0, count: count))
    }

    /// Pads with zeros up to the next multiple of 8 bytes counted from `start`.
    mutating func padTo8(from start: Int) {
        let length = bytes.count - start
        writeZeros((8 - length % 8) % 8)
    }

    /// Writes `text` as a NUL-terminated, NUL-padded field of `width` bytes, truncating at a
    /// character boundary so that at least one NUL remains.
    mutating func writeFixedString(_ text: String, width: Int) {
        var encoded: [UInt8] = []
        for character in text {
            let utf8 = Array(character.utf8)
            guard encoded.count + utf8.count < width else { break }
            encoded += utf8
        }
        bytes += encoded
        writeZeros(width - encoded.count)
    }

    /// Reserves a 16-bit length field and returns its position for ``patchLength(at:from:what:)``.
    mutating func reserveU16() -> Int {
        let position = bytes.count
        writeU16(0)
        return position
    }

    /// Stores `count - start` (or `value` when given) into the 16-bit field at `position`.
    mutating func patchLength(at position: Int, from start: Int, value: Int? = nil, what: @autoclosure () -> String) throws(OpenFlowError) {
        let length = value ?? (bytes.count - start)
        guard length <= Int(UInt16.max) else {
            throw .tooLongToEncode(what: what(), length: length)
        }
        bytes[position] = UInt8(truncatingIfNeeded: length >> 8)
        bytes[position + 1] = UInt8(truncatingIfNeeded: length)
    }
}
