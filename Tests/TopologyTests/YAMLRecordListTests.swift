import Testing
@testable import TopologyFormats

@Suite struct YAMLRecordListTests {
    @Test func readsAListUnderItsKeyWithTheLinesYAMLNodeGives() throws {
        let text = """
            # demands
            demands:
              - {id: "a, b", src: 'x y', dst: z, rate_bps: 1.5e9}
              - src: x
                dst: z
                rate: 25G
            other: ignored
            """
        let list = try #require(YAMLRecordList(yaml: text, under: "demands"))
        let nodes = try #require(try YAMLNode.parse(text, file: "d.yaml")?.list(under: "demands"))
        #expect(list.records.map(\.line) == nodes.map(\.line))
        #expect(list.records.map(\.line) == [3, 4])
        #expect(list.records[0]["id"] == "a, b")
        #expect(list.records[0]["src"] == "x y")
        #expect(list.records[0]["rate_bps"] == nodes[0]["rate_bps"]?.scalarText)
        #expect(list.records[1].fields.map(\.name) == ["src", "dst", "rate"])
        #expect(list.records[1]["rate"] == "25G")
        #expect(list.records[1]["class"] == nil)
    }

    @Test func aTopLevelListIsTheList() throws {
        let list = try #require(YAMLRecordList(yaml: "- {src: a, dst: b, rate: 1G}\n- {src: b, dst: a, rate: 2G}\n", under: "demands"))
        #expect(list.records.map { $0["src"] } == ["a", "b"])
        #expect(list.records.map(\.line) == [1, 2])
    }

    @Test func givesUpOnAnythingButFlatRecordsOfTextAndNumbers() {
        let cases = [
            "demands:\n  - {src: a, dst: ~, rate: 1G}\n",           // null value
            "demands:\n  - {src: a, dst: b, rate: true}\n",         // boolean value
            "demands:\n  - {src: a, dst: {x: 1}, rate: 1G}\n",      // nested mapping
            "demands:\n  - [a, b, 1G]\n",                           // item is a list
            "demands:\n  - a\n",                                    // item is a scalar
            "demands: ~\n",                                         // no list
            "flows:\n  - {src: a, dst: b, rate: 1G}\n",             // no such key
            "demands:\n  - &d {src: a, dst: b, rate: 1G}\n  - *d\n", // alias
            "demands:\n  - {src: a, dst: b, rate: 1G, src: c}\n",   // duplicate key
            "demands:\n  - {src: a, dst: b\n",                      // syntax error
            "just text\n",
        ]
        for text in cases {
            #expect(YAMLRecordList(yaml: text, under: "demands") == nil, "\(text.debugDescription)")
        }
    }
}
