/// A list of flat records — mappings from field names to single values, the shape of a demand file —
/// read straight from libyaml's events (`YAMLEventDecoder`), without Yams' node tree.
///
/// Only the fast path: `init` returns nil whenever the text is not plainly such a list, and the
/// caller then reads it through `YAMLNode`, whose problems name the file, line and field. Nil for
/// everything `YAMLEventDecoder` gives up on (syntax errors, aliases, tags, duplicate or merge keys,
/// several documents), for a root that is neither a list nor a mapping with a list under `key`, for
/// an item that is not a mapping, and for a key or value that is not a text or a number (a `null`,
/// `true`, a nested list or mapping). Where it does read, each value's text is the scalar's text as
/// Yams has it (`YAMLNode.scalarText`) and each record's line is the line of its mapping
/// (`YAMLNode.line`).
package struct YAMLRecordList {
    package struct Record {
        /// 1-based line where the record's mapping starts.
        package var line: Int
        /// Field names and their values' text, in file order.
        package var fields: [(name: String, text: String)]

        /// The text of the field `name`, if the record has it.
        package subscript(name: String) -> String? {
            fields.first { $0.name == name }?.text
        }
    }

    package let records: [Record]

    /// The records of a top-level list, or of the list under `key` of a top-level mapping.
    package init?(yaml text: String, under key: String) {
        guard let document = YAMLEventDecoder(yaml: text)?.document else { return nil }
        let nodes = document.nodes
        var list = 0
        if nodes[0].kind == .mapping {
            guard let value = document.value(of: key, in: 0) else { return nil }
            list = value
        }
        guard nodes[list].kind == .sequence else { return nil }
        var records: [Record] = []
        records.reserveCapacity(nodes[list].count)
        var item = list + 1
        while item < nodes[list].end {
            guard nodes[item].kind == .mapping else { return nil }
            var fields: [(name: String, text: String)] = []
            var child = item + 1
            while child < nodes[item].end {
                let value = child + 1
                guard Self.isText(nodes[child].kind), Self.isText(nodes[value].kind) else { return nil }
                fields.append((String(decoding: document.scalar(at: child), as: UTF8.self), String(decoding: document.scalar(at: value), as: UTF8.self)))
                child = value + 1
            }
            records.append(Record(line: nodes[item].line, fields: fields))
            item = nodes[item].end
        }
        self.records = records
    }

    private static func isText(_ kind: YAMLEventDecoder.Node.Kind) -> Bool {
        kind == .text || kind == .number
    }
}
