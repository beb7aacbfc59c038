import Foundation

extension Double {
    /// Fixed decimals with trailing zeros removed: `2.0` → `2`, `1.25` → `1.25`.
    func formatted(decimals: Int) -> String {
        var text = String(format: "%.\(decimals)f", self)
        guard text.contains(".") else { return text }
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

    /// A fraction as a percentage with one decimal: `0.8734` → `87.3%`.
    var percent: String { String(format: "%.1f%%", self * 100) }
}
