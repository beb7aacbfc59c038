/// A wire structure that appends itself to a ``WireWriter`` and decodes from a ``WireReader``
/// bounded to exactly its bytes; lets lists of actions, buckets, bands and statistics entries share
/// one bounds-checked list reader and writer.
protocol WireCodable {
    init(reader: inout WireReader) throws(OpenFlowError)
    func encode(to writer: inout WireWriter) throws(OpenFlowError)
}

/// The `type` and `len` fields that start an action, instruction or meter band.
struct TLVHeader {
    /// What the TLV is, for error messages (`action`, `instruction`, `meter_band`).
    let kind: String
    let type: UInt16
    let length: Int
    /// Offset of the TLV's first byte.
    let start: Int

    init(reader: inout WireReader, kind: String) throws(OpenFlowError) {
        self.kind = kind
        start = reader.offset
        type = try reader.readU16(kind + ".type")
        length = Int(try reader.readU16(kind + ".len"))
    }

    /// Throws unless the TLV has the fixed size its type requires.
    func expectLength(_ expected: Int, _ reader: WireReader) throws(OpenFlowError) {
        guard length == expected else {
            throw .badLength(reader.context(kind + ".len", at: start + 2), length: length,
                             reason: "\(kind) type \(type) is \(expected) bytes")
        }
    }
}

extension WireWriter {
    mutating func write(_ items: [some WireCodable]) throws(OpenFlowError) {
        for item in items {
            try item.encode(to: &self)
        }
    }
}

extension WireReader {
    /// Reads TLVs filling the reader: for each, peeks the `UInt16` length at `lengthOffset`, checks it
    /// against `minimum`, the bytes left and (optionally) 8-byte alignment, and decodes the element
    /// from a sub-reader of exactly that length. Zero or short lengths throw, so the loop always
    /// makes progress.
    mutating func readList<Element: WireCodable>(
        _: Element.Type, _ field: String, lengthOffset: Int, minimum: Int, multipleOf8: Bool = true
    ) throws(OpenFlowError) -> [Element] {
        var elements: [Element] = []
        while !isAtEnd {
            let length = Int(try peekU16(ahead: lengthOffset, field + ".length"))
            let position = offset
            guard length >= minimum else {
                throw .badLength(context(field, at: position), length: length, reason: "shorter than the minimum \(minimum)")
            }
            guard !multipleOf8 || length % 8 == 0 else {
                throw .badLength(context(field, at: position), length: length, reason: "not a multiple of 8")
            }
            guard length <= remaining else {
                throw .badLength(context(field, at: position), length: length, reason: "overruns the \(remaining) bytes left in its container")
            }
            var sub = try subReader(length: length, field: field)
            elements.append(try Element(reader: &sub))
        }
        return elements
    }

    /// Reads entries of a fixed `size` filling the reader.
    mutating func readFixedSizeList<Element: WireCodable>(_: Element.Type, size: Int, _ field: String) throws(OpenFlowError) -> [Element] {
        guard remaining % size == 0 else {
            throw .badLength(context(field), length: remaining, reason: "not a multiple of the \(size)-byte \(field) entry")
        }
        var elements: [Element] = []
        while !isAtEnd {
            var sub = try subReader(length: size, field: field)
            elements.append(try Element(reader: &sub))
        }
        return elements
    }

    /// Reads an integer-backed enum (command, reason, type) and rejects values the spec does not define.
    mutating func readEnum<Value: RawRepresentable>(_: Value.Type, _ field: String, expected: String) throws(OpenFlowError) -> Value
    where Value.RawValue: FixedWidthInteger & UnsignedInteger {
        let position = offset
        let raw = try readUnsigned(MemoryLayout<Value.RawValue>.size, field)
        guard let value = Value(rawValue: Value.RawValue(truncatingIfNeeded: raw)) else {
            throw .badValue(context(field, at: position), value: raw, reason: "not \(expected)")
        }
        return value
    }
}
