/// Text helpers shared by the charts: width estimates, truncation, element ids and safe links.
enum ChartText {
    /// Font size of all chart text, in viewBox units.
    static let fontSize = 12.0
    /// Average advance of a character at `fontSize` in a sans-serif face (a deliberate
    /// over-estimate, so estimated text rather overflows its box less than more).
    static let characterWidth = 6.8

    /// Estimated rendered width of `text`.
    static func width(of text: String) -> Double {
        Double(text.count) * characterWidth
    }

    /// `text` shortened with an ellipsis to fit `width`, and whether it was shortened.
    static func truncate(_ text: String, toWidth width: Double) -> (text: String, truncated: Bool) {
        guard width.isFinite else { return (text, false) }
        let limit = Rounding.floor(max(min(width, 100_000) / characterWidth, 1)) ?? 1
        guard text.count > limit else { return (text, false) }
        let kept = text.prefix(max(limit - 1, 0))
        // Don't leave a space dangling before the ellipsis.
        let trimmed = kept.last == " " ? kept.dropLast() : kept[...]
        return (String(trimmed) + "…", true)
    }

    /// `label: 31.2 NPS points` with the unit left out when empty.
    static func valueWithUnit(_ value: Double, unit: String, decimals: Int) -> String {
        let number = ChartNumber.value(value, decimals: decimals)
        return unit.isEmpty ? number : number + " " + unit
    }

    /// The id prefix of a chart's elements: `explicit` made safe, or a slug of the title plus a
    /// stable hash of the chart's content, so two different charts on a page never share ids
    /// (give an explicit id to tell apart two charts with identical content).
    static func elementID(explicit: String?, kind: String, title: String, content: String) -> String {
        if let explicit {
            let safe = slug(explicit, limit: 64)
            if !safe.isEmpty { return safe.first!.isLetter ? safe : "chart-" + safe }
        }
        let base = slug(title, limit: 32)
        var hash = FNV1a()
        hash.add(kind)
        hash.add(title)
        hash.add(content)
        return "chart-" + (base.isEmpty ? "" : base + "-") + hash.hex
    }

    /// Lower-case ASCII letters, digits and single hyphens.
    static func slug(_ text: String, limit: Int) -> String {
        var result = ""
        var pendingHyphen = false
        for scalar in text.unicodeScalars {
            if result.count >= limit { break }
            let ascii = scalar.value
            if (48...57).contains(ascii) || (97...122).contains(ascii) || (65...90).contains(ascii) {
                if pendingHyphen && !result.isEmpty { result += "-" }
                pendingHyphen = false
                let lower = (65...90).contains(ascii) ? ascii + 32 : ascii
                result.unicodeScalars.append(Unicode.Scalar(UInt8(lower)))
            } else {
                pendingHyphen = true
            }
        }
        return result
    }

    /// `href` if it is a relative link or an http(s)/mailto URL; other schemes such as
    /// `javascript:` are refused (escaping alone would not make them harmless).
    static func safeHref(_ href: String?) -> String? {
        guard let href else { return nil }
        let trimmed = href.drop(while: { $0 == " " || $0 == "\t" || $0 == "\n" })
        guard !trimmed.isEmpty else { return nil }
        let beforeDelimiter = trimmed.prefix(while: { $0 != "/" && $0 != "?" && $0 != "#" })
        guard let colon = beforeDelimiter.firstIndex(of: ":") else { return String(trimmed) }
        let scheme = trimmed[..<colon].lowercased()
        return ["http", "https", "mailto"].contains(scheme) ? String(trimmed) : nil
    }
}

/// 64-bit FNV-1a, folded to 32 bits for short ids. Stable across runs and platforms
/// (unlike `Hasher`, which is seeded per process).
struct FNV1a {
    private(set) var state: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func add(_ text: String) {
        for byte in text.utf8 {
            state ^= UInt64(byte)
            state = state &* 0x0000_0100_0000_01b3
        }
        // A separator so ("ab", "c") and ("a", "bc") differ.
        state ^= 0x1F
        state = state &* 0x0000_0100_0000_01b3
    }

    var hex: String {
        let folded = UInt32(truncatingIfNeeded: state ^ (state >> 32))
        let digits = String(folded, radix: 16)
        return String(repeating: "0", count: 8 - digits.count) + digits
    }
}
