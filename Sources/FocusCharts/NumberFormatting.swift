/// Locale-independent decimal formatting for chart coordinates and labels.
///
/// Works on the shortest round-trip decimal text of a `Double` (its `description`), so a value
/// such as `0.285` rounds to `"0.29"` like a person would round it, and binary noise such as
/// `31.200000000000003` never reaches the page. Rounding is half away from zero. No Foundation,
/// no `NumberFormatter`, so the output never depends on the server's locale.
enum ChartNumber {
    /// The minus sign used in visible text and accessible labels (U+2212, read as "minus").
    static let minusSign = "\u{2212}"

    /// `value` rounded to at most `maxFractionDigits` decimals, trailing zeros dropped down to
    /// `minFractionDigits`. Never uses exponent notation. A result that rounds to zero has no sign.
    /// Non-finite input gives `nonFinite`.
    static func format(
        _ value: Double,
        maxFractionDigits: Int,
        minFractionDigits: Int = 0,
        minus: String = "-",
        nonFinite: String = "0"
    ) -> String {
        guard value.isFinite else { return nonFinite }
        let maxDigits = min(max(maxFractionDigits, 0), 20)
        let minDigits = min(max(minFractionDigits, 0), maxDigits)
        let negative = value < 0
        var (digits, point) = decimalDigits(of: value.magnitude)

        // Make sure there are digits for the whole integer part and every kept decimal.
        if point < 0 {
            digits.insert(contentsOf: repeatElement(0, count: -point), at: 0)
            point = 0
        }
        let keep = point + maxDigits
        if digits.count > keep {
            let roundUp = digits[keep] >= 5
            digits.removeSubrange(keep...)
            if roundUp {
                var index = keep - 1
                var carry = true
                while carry && index >= 0 {
                    if digits[index] == 9 {
                        digits[index] = 0
                        index -= 1
                    } else {
                        digits[index] += 1
                        carry = false
                    }
                }
                if carry {
                    digits.insert(1, at: 0)
                    point += 1
                }
            }
        } else {
            digits.append(contentsOf: repeatElement(0, count: keep - digits.count))
        }

        var integer = digits[0..<point].drop(while: { $0 == 0 })
        if integer.isEmpty { integer = [0] }
        var fraction = Array(digits[point..<(point + maxDigits)])
        while fraction.count > minDigits, fraction.last == 0 { fraction.removeLast() }

        let isZero = integer.allSatisfy { $0 == 0 } && fraction.allSatisfy { $0 == 0 }
        var text = (negative && !isZero) ? minus : ""
        text.reserveCapacity(integer.count + fraction.count + 2)
        for digit in integer { text.unicodeScalars.append(Unicode.Scalar(48 + digit)) }
        if !fraction.isEmpty {
            text += "."
            for digit in fraction { text.unicodeScalars.append(Unicode.Scalar(48 + digit)) }
        }
        return text
    }

    /// An SVG coordinate or length: at most two decimals, ASCII minus, `0` for non-finite input.
    static func coordinate(_ value: Double) -> String {
        format(value, maxFractionDigits: 2)
    }

    /// A value shown to people: exactly `decimals` decimals, typographic minus.
    static func value(_ value: Double, decimals: Int) -> String {
        format(value, maxFractionDigits: decimals, minFractionDigits: decimals, minus: minusSign, nonFinite: "–")
    }

    /// An axis tick: at most `decimals` decimals (trailing zeros dropped), typographic minus.
    static func tick(_ value: Double, decimals: Int) -> String {
        format(value, maxFractionDigits: decimals, minus: minusSign, nonFinite: "–")
    }

    /// The decimal digits of a finite, non-negative `value` and the position of the decimal
    /// point: value = 0.d₀d₁d₂… × 10^point.
    private static func decimalDigits(of value: Double) -> (digits: [UInt8], point: Int) {
        // `description` is the shortest text that round-trips, e.g. "31.2", "1e-05", "1e+16".
        let text = value.description
        var mantissa = Substring(text)
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            exponent = Int(text[text.index(after: e)...]) ?? 0
        }
        var digits: [UInt8] = []
        var point: Int?
        for character in mantissa {
            if character == "." {
                point = digits.count
            } else if let ascii = character.asciiValue, ascii >= 48, ascii <= 57 {
                digits.append(ascii - 48)
            }
        }
        if digits.isEmpty { return ([0], 1) }
        return (digits, (point ?? digits.count) + exponent)
    }
}
