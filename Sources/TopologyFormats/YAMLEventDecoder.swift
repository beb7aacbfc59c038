import Foundation
internal import CYaml

/// Decodes a `Decodable` straight from libyaml's events (the parser inside Yams), without Yams' node
/// tree: the fast path for large files (a 16×64 fabric is half a megabyte of YAML).
///
/// Yams' `compose` resolves every scalar's tag with regular expressions and allocates a string, a
/// tag object and a mark per scalar; its `Decodable` reading costs more still. Here the events become
/// a flat list of nodes over one byte buffer, and values are read from the bytes only when asked.
///
/// It is only the fast path, so it gives up on anything whose reading could differ from Yams' or
/// that must be reported: `init` returns nil for a syntax error, an empty file, several documents, an
/// alias, an explicit tag, a list or mapping as a key, a duplicated key or a `<<` merge; `decode`
/// throws (with no location) whenever a value does not read in the JSON sense below. The caller then
/// reads the file through `YAMLNode`, so values and error messages (file, line, field) are Yams' own.
///
/// Values read as they would from the same document written as JSON: a plain scalar in JSON's number
/// grammar is a number, plain `true`/`false` a boolean, plain `null`/`~`/`Null`/`NULL`/nothing null,
/// and every other scalar, and every quoted one, text. Asking text for a number or a number for text
/// throws, as does `Float`, `Date`, `Data`, `URL` and `Decimal` (their YAML readings have rules of
/// their own). Where a value reads here at all, Yams reads it the same.
struct YAMLEventDecoder {
    /// The document's nodes in document order: a list or mapping is followed by its items (a
    /// mapping's as key, value, key, value…) and `end` is the index just past them.
    final class Document {
        let nodes: [Node]
        /// Every scalar's bytes, each followed by a NUL (for `strtod`).
        let bytes: [UInt8]

        init(nodes: [Node], bytes: [UInt8]) {
            self.nodes = nodes
            self.bytes = bytes
        }
    }

    struct Node {
        enum Kind {
            case text, number, boolean, null, sequence, mapping
        }
        var kind: Kind
        /// A scalar's first byte in `bytes`.
        var start: Int
        /// A scalar's byte count; the number of items of a list or mapping (a mapping's keys and values).
        var count: Int
        var end: Int
        /// 1-based line where the node starts (Yams' `Mark.line` for the same node).
        var line: Int
    }

    /// Why the fast reading stopped; the caller reads the file again through `YAMLNode`.
    struct Unreadable: Error {}

    let document: Document

    /// The document's nodes, or nil when only the full reading can decide.
    init?(yaml text: String) {
        var text = text
        guard let document = text.withUTF8(Self.read) else { return nil }
        self.document = document
    }

    func decode<Value: Decodable>(_ type: Value.Type) throws -> Value {
        try document.value(type, at: 0)
    }

    /// An open list or mapping while reading: its node and the index of each key it has so far.
    private struct Frame {
        var node: Int
        var keys: [Int]?
        var items = 0
    }

    private static func read(_ input: UnsafeBufferPointer<UInt8>) -> Document? {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return nil }
        defer { yaml_parser_delete(&parser) }
        yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
        yaml_parser_set_input_string(&parser, input.baseAddress, input.count)
        var nodes: [Node] = []
        var bytes: [UInt8] = []
        bytes.reserveCapacity(input.count)
        var frames: [Frame] = []
        var documents = 0
        var event = yaml_event_t()
        while yaml_parser_parse(&parser, &event) == 1 {
            defer { yaml_event_delete(&event) }
            let startsNode = event.type == YAML_SCALAR_EVENT || event.type == YAML_SEQUENCE_START_EVENT || event.type == YAML_MAPPING_START_EVENT
            let isKey = startsNode && frames.last.map { $0.keys != nil && $0.items % 2 == 0 } ?? false
            if startsNode, !frames.isEmpty { frames[frames.count - 1].items += 1 }
            switch event.type {
            case YAML_STREAM_START_EVENT, YAML_DOCUMENT_END_EVENT:
                continue
            case YAML_DOCUMENT_START_EVENT:
                documents += 1
                guard documents == 1 else { return nil }
            case YAML_STREAM_END_EVENT:
                return documents == 1 && !nodes.isEmpty ? Document(nodes: nodes, bytes: bytes) : nil
            case YAML_SCALAR_EVENT:
                let scalar = event.data.scalar
                guard scalar.tag == nil else { return nil }
                let value = UnsafeBufferPointer(start: scalar.value, count: scalar.length)
                let node = nodes.count
                nodes.append(Node(kind: scalar.style == YAML_PLAIN_SCALAR_STYLE ? plainKind(value) : .text,
                                  start: bytes.count, count: value.count, end: node + 1, line: Int(event.start_mark.line) + 1))
                bytes.append(contentsOf: value)
                bytes.append(0)
                if isKey {
                    // `<<` merges another mapping in YAML.
                    guard !equal(value, "<<") else { return nil }
                    for key in frames[frames.count - 1].keys! {
                        let isDuplicate = bytes.withUnsafeBufferPointer {
                            equal(UnsafeBufferPointer(rebasing: $0[nodes[key].start..<nodes[key].start + nodes[key].count]), value)
                        }
                        guard !isDuplicate else { return nil }
                    }
                    frames[frames.count - 1].keys!.append(node)
                }
            case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                let isMapping = event.type == YAML_MAPPING_START_EVENT
                let implicit = isMapping ? event.data.mapping_start.implicit : event.data.sequence_start.implicit
                guard implicit != 0, !isKey else { return nil }
                frames.append(Frame(node: nodes.count, keys: isMapping ? [] : nil))
                nodes.append(Node(kind: isMapping ? .mapping : .sequence, start: 0, count: 0, end: 0, line: Int(event.start_mark.line) + 1))
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                let frame = frames.removeLast()
                nodes[frame.node].count = frame.items
                nodes[frame.node].end = nodes.count
            default:
                return nil
            }
        }
        return nil
    }

    /// Byte-wise equality.
    static func equal(_ bytes: UnsafeBufferPointer<UInt8>, _ other: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.count == other.count && (bytes.isEmpty || memcmp(bytes.baseAddress!, other.baseAddress!, bytes.count) == 0)
    }

    private static func equal(_ bytes: UnsafeBufferPointer<UInt8>, _ literal: StaticString) -> Bool {
        equal(bytes, UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    /// What a plain scalar stands for in the JSON sense.
    private static func plainKind(_ text: UnsafeBufferPointer<UInt8>) -> Node.Kind {
        if text.isEmpty || equal(text, "~") || equal(text, "null") || equal(text, "Null") || equal(text, "NULL") { return .null }
        if equal(text, "true") || equal(text, "false") { return .boolean }
        return isJSONNumber(text) ? .number : .text
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`
    private static func isJSONNumber(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        func skip(_ byte: UInt8) -> Bool {
            guard index < text.count, text[index] == byte else { return false }
            index += 1
            return true
        }
        func digits() -> Int {
            let start = index
            while index < text.count, text[index] >= UInt8(ascii: "0"), text[index] <= UInt8(ascii: "9") { index += 1 }
            return index - start
        }
        _ = skip(UInt8(ascii: "-"))
        if !skip(UInt8(ascii: "0")), digits() == 0 { return false }
        if skip(UInt8(ascii: ".")), digits() == 0 { return false }
        if skip(UInt8(ascii: "e")) || skip(UInt8(ascii: "E")) {
            if !skip(UInt8(ascii: "+")) { _ = skip(UInt8(ascii: "-")) }
            if digits() == 0 { return false }
        }
        return index == text.count
    }
}

extension YAMLEventDecoder.Document {
    /// A scalar's bytes.
    func scalar(at index: Int) -> ArraySlice<UInt8> {
        bytes[nodes[index].start..<nodes[index].start + nodes[index].count]
    }

    /// The node under `key` when `mapping` is a mapping that has it.
    func value(of key: String, in mapping: Int) -> Int? {
        var key = key
        return key.withUTF8 { name in
            bytes.withUnsafeBufferPointer { bytes in
                var child = mapping + 1
                while child < nodes[mapping].end {
                    let text = UnsafeBufferPointer(rebasing: bytes[nodes[child].start..<nodes[child].start + nodes[child].count])
                    if YAMLEventDecoder.equal(text, name) { return child + 1 }
                    child = nodes[child + 1].end
                }
                return nil
            }
        }
    }

    func value<Value: Decodable>(_ type: Value.Type, at index: Int) throws -> Value {
        switch type {
        case is String.Type: return try string(at: index) as! Value
        case is Double.Type: return try double(at: index) as! Value
        case is Bool.Type: return try bool(at: index) as! Value
        case is Int.Type: return try integer(Int.self, at: index) as! Value
        case is Int64.Type: return try integer(Int64.self, at: index) as! Value
        case is Int32.Type: return try integer(Int32.self, at: index) as! Value
        case is Int16.Type: return try integer(Int16.self, at: index) as! Value
        case is Int8.Type: return try integer(Int8.self, at: index) as! Value
        case is UInt.Type: return try integer(UInt.self, at: index) as! Value
        case is UInt64.Type: return try integer(UInt64.self, at: index) as! Value
        case is UInt32.Type: return try integer(UInt32.self, at: index) as! Value
        case is UInt16.Type: return try integer(UInt16.self, at: index) as! Value
        case is UInt8.Type: return try integer(UInt8.self, at: index) as! Value
        case is Float.Type, is Date.Type, is Data.Type, is URL.Type, is Decimal.Type: throw YAMLEventDecoder.Unreadable()
        default: return try Value(from: YAMLEventDecoder.NodeDecoder(document: self, node: index))
        }
    }

    func string(at index: Int) throws -> String {
        guard nodes[index].kind == .text else { throw YAMLEventDecoder.Unreadable() }
        return String(decoding: scalar(at: index), as: UTF8.self)
    }

    func bool(at index: Int) throws -> Bool {
        guard nodes[index].kind == .boolean else { throw YAMLEventDecoder.Unreadable() }
        return bytes[nodes[index].start] == UInt8(ascii: "t")
    }

    func double(at index: Int) throws -> Double {
        guard nodes[index].kind == .number else { throw YAMLEventDecoder.Unreadable() }
        return bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.advanced(by: nodes[index].start).withMemoryRebound(to: CChar.self, capacity: nodes[index].count + 1) {
                strtod($0, nil)
            }
        }
    }

    /// A whole number written as one (no fraction, no exponent) that fits `Integer`.
    func integer<Integer: FixedWidthInteger>(_ type: Integer.Type, at index: Int) throws -> Integer {
        guard nodes[index].kind == .number else { throw YAMLEventDecoder.Unreadable() }
        var digits = scalar(at: index)[...]
        let negative = digits.first == UInt8(ascii: "-")
        if negative { digits = digits.dropFirst() }
        var value: Integer = 0
        for byte in digits {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { throw YAMLEventDecoder.Unreadable() }
            let digit = Integer(byte - UInt8(ascii: "0"))
            let (shifted, overflow) = value.multipliedReportingOverflow(by: 10)
            let (next, carry) = negative ? shifted.subtractingReportingOverflow(digit) : shifted.addingReportingOverflow(digit)
            guard !overflow, !carry else { throw YAMLEventDecoder.Unreadable() }
            value = next
        }
        return value
    }
}
