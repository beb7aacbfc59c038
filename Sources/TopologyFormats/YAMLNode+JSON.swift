import Foundation
import Yams

extension YAMLNode {
    /// The node as JSON text, for decoding with `JSONDecoder` (tens of times faster than decoding
    /// Yams' node tree through `Decodable`); nil when some value has no plain JSON reading (an
    /// alias, an explicit tag, a mapping key that is not text).
    ///
    /// Plain scalars that read as JSON numbers, `true`/`false` or `null`/`~`/nothing become those;
    /// every other scalar becomes text. Where that reading differs from YAML's (`yes`, `0x1F`,
    /// `.inf`, a quoted number), decoding the JSON fails with a type mismatch and `decode` falls
    /// back to Yams' own decoder, so the result and any error message are Yams' own.
    func jsonData() -> Data? {
        var output: [UInt8] = []
        output.reserveCapacity(4096)
        guard Self.appendJSON(node, to: &output) else { return nil }
        return Data(output)
    }

    private static func appendJSON(_ node: Node, to output: inout [UInt8]) -> Bool {
        switch node {
        case .scalar(let scalar):
            guard isUntagged(scalar.tag) else { return false }
            if scalar.style == .plain || scalar.style == .any, let literal = plainLiteral(scalar.string) {
                output.append(contentsOf: literal.utf8)
            } else {
                appendString(scalar.string, to: &output)
            }
            return true
        case .sequence(let sequence):
            guard isUntagged(sequence.tag) else { return false }
            output.append(UInt8(ascii: "["))
            for (index, item) in sequence.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                guard appendJSON(item, to: &output) else { return false }
            }
            output.append(UInt8(ascii: "]"))
            return true
        case .mapping(let mapping):
            guard isUntagged(mapping.tag) else { return false }
            output.append(UInt8(ascii: "{"))
            for (index, pair) in mapping.enumerated() {
                guard case .scalar(let key) = pair.key, isUntagged(key.tag) else { return false }
                if index > 0 { output.append(UInt8(ascii: ",")) }
                appendString(key.string, to: &output)
                output.append(UInt8(ascii: ":"))
                guard appendJSON(pair.value, to: &output) else { return false }
            }
            output.append(UInt8(ascii: "}"))
            return true
        case .alias:
            return false
        }
    }

    /// No explicit tag in the text (`!!str`, `!custom`): the value's type comes from its form.
    private static func isUntagged(_ tag: Tag) -> Bool {
        tag.rawValue.isEmpty || tag.rawValue == "!"
    }

    /// The JSON literal a plain scalar stands for: a number in JSON's own grammar, a boolean or null.
    private static func plainLiteral(_ text: String) -> String? {
        switch text {
        case "true", "false", "null": return text
        case "", "~", "Null", "NULL": return "null"
        default: return isJSONNumber(text.utf8) ? text : nil
        }
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`
    private static func isJSONNumber(_ bytes: String.UTF8View) -> Bool {
        var iterator = Array(bytes)[...]
        func digits() -> Int {
            var count = 0
            while let byte = iterator.first, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
                iterator.removeFirst()
                count += 1
            }
            return count
        }
        if iterator.first == UInt8(ascii: "-") { iterator.removeFirst() }
        if iterator.first == UInt8(ascii: "0") {
            iterator.removeFirst()
        } else if digits() == 0 {
            return false
        }
        if iterator.first == UInt8(ascii: ".") {
            iterator.removeFirst()
            guard digits() > 0 else { return false }
        }
        if iterator.first == UInt8(ascii: "e") || iterator.first == UInt8(ascii: "E") {
            iterator.removeFirst()
            if iterator.first == UInt8(ascii: "+") || iterator.first == UInt8(ascii: "-") { iterator.removeFirst() }
            guard digits() > 0 else { return false }
        }
        return iterator.isEmpty
    }

    private static func appendString(_ text: String, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0..<0x20: output.append(contentsOf: Array(String(format: "\\u%04x", byte).utf8))
            default: output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
    }
}
