/// Splits a text into lower-case words: runs of letters and digits, everything else a separator
/// (so "e-mail" is two words and "can't" is "can" and "t", as the full-text indexes of SQLite and
/// PostgreSQL split them). Themes, search highlighting and emerging terms all see the same words.
public enum WordTokenizer {
    /// The words of `text`, lower-cased, in order.
    public static func words(_ text: String) -> [String] {
        var words: [String] = []
        words.reserveCapacity(16)
        forEachWord(text) { words.append($0) }
        return words
    }

    /// Calls `body` with each word of `text`, lower-cased, and its range in `text`.
    public static func forEachWord(_ text: String, _ body: (String) -> Void) {
        forEachWordRange(text) { range in body(lowercased(text[range])) }
    }

    /// Calls `body` with the range of each word in `text` (the original spelling).
    public static func forEachWordRange(_ text: String, _ body: (Range<String.Index>) -> Void) {
        let scalars = text.unicodeScalars
        var start: String.Index?
        var index = scalars.startIndex
        while index != scalars.endIndex {
            let scalar = scalars[index]
            if isWordScalar(scalar) {
                if start == nil { start = index }
            } else if let begun = start {
                body(begun..<index)
                start = nil
            }
            index = scalars.index(after: index)
        }
        if let begun = start { body(begun..<scalars.endIndex) }
    }

    @inline(__always)
    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 {
            return (value >= 0x61 && value <= 0x7A) || (value >= 0x41 && value <= 0x5A) || (value >= 0x30 && value <= 0x39)
        }
        let properties = scalar.properties
        return properties.isAlphabetic || properties.numericType != nil
    }

    /// Lower-cases a word, without Foundation and without a detour for plain ASCII.
    @inline(__always)
    static func lowercased(_ word: Substring) -> String {
        if word.utf8.allSatisfy({ $0 < 0x80 && !($0 >= 0x41 && $0 <= 0x5A) }) { return String(word) }
        return word.lowercased()
    }
}
