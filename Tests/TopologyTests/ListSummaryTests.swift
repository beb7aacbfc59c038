import Testing
import TopologyFormats

/// Long lists in problems: a count, the first few, how many more.
@Suite struct ListSummaryTests {
    @Test func aShortListIsShownWhole() {
        #expect(ListSummary(["a", "b"]).description == "a, b")
        #expect(ListSummary(["a"], noun: .init("demand")).description == "1 demand: a")
    }

    @Test func aLongListShowsTheFirstFewAndHowManyMore() {
        let names = (1...750).map { "d\($0)" }
        #expect(ListSummary(names, shown: 3, noun: .init("demand")).description == "750 demands: d1, d2, d3 and 747 more")
    }

    @Test func repeatsAreCountedButShownOnce() {
        let summary = ListSummary(["x", "y", "x", "y", "z"], shown: 2, noun: .init("switch", plural: "switches"))
        #expect(summary.description == "5 switches (3 distinct): x, y and 1 more")
    }
}
