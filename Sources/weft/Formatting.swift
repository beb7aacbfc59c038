import Foundation
import Topology

/// Text helpers for the optimizer's terminal output.
enum Formatting {
    static func rate(_ bitsPerSecond: Double) -> String {
        BitRate(bitsPerSecond: max(0, bitsPerSecond)).formatted
    }

    static func percent(_ fraction: Double) -> String {
        String(format: "%.1f%%", fraction * 100)
    }

    static func seconds(_ value: Double) -> String {
        value < 1 ? String(format: "%.1f ms", value * 1000) : String(format: "%.2f s", value)
    }

    /// A bar of `width` cells using eighth blocks, e.g. `█████▍    ` for 0.54.
    static func bar(_ fraction: Double, width: Int = 20) -> String {
        let clamped = min(max(fraction, 0), 1)
        let eighths = Int((clamped * Double(width * 8)).rounded())
        let partials = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
        var text = String(repeating: "█", count: eighths / 8) + partials[eighths % 8]
        text += String(repeating: "░", count: max(0, width - text.count))
        return text
    }
}
