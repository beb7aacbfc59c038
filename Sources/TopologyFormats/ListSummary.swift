/// A list of names that may be long (demand pairs, switches, links), shown in one line of a problem
/// or error: how many there are, the first few, and how many more — never all 750 of them.
///
/// `ListSummary(["a", "b", "c", "d"], shown: 2)` reads `a, b and 2 more`; with a noun
/// (`noun: .init("demand")`), `4 demands: a, b and 2 more`. Repeated names are counted once in what is shown, but ``count``
/// is the number of items given (762 demands may be 254 distinct pairs in three matrices).
public struct ListSummary: Hashable, Sendable, CustomStringConvertible {
    /// Every item, in the order given.
    public var items: [String]
    /// How many distinct items are shown before "and N more".
    public var shown: Int
    /// What the items are (`demand`/`demands`), or `nil` to show no count.
    public var noun: Noun?

    /// A noun in its two numbers.
    public struct Noun: Hashable, Sendable {
        public var singular: String
        public var plural: String

        public init(_ singular: String, plural: String? = nil) {
            self.singular = singular
            self.plural = plural ?? singular + "s"
        }
    }

    /// The number of items shown by default: enough to recognise the pattern, short enough for one line.
    public static let defaultShown = 5

    public init(_ items: [String], shown: Int = ListSummary.defaultShown, noun: Noun? = nil) {
        self.items = items
        self.shown = max(1, shown)
        self.noun = noun
    }

    /// The number of items.
    public var count: Int { items.count }

    /// Distinct items, first occurrence first.
    public var distinct: [String] {
        var seen = Set<String>()
        return items.filter { seen.insert($0).inserted }
    }

    public var description: String {
        let distinct = distinct
        var list = distinct.prefix(shown).joined(separator: ", ")
        if distinct.count > shown {
            list += " and \(distinct.count - shown) more"
        }
        guard let noun else { return list }
        let counted = "\(count) \(count == 1 ? noun.singular : noun.plural)"
        let repeats = distinct.count < count ? " (\(distinct.count) distinct)" : ""
        return "\(counted)\(repeats): \(list)"
    }
}
