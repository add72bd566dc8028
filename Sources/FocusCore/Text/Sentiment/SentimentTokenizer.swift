/// One word of a comment as the sentiment rules see it.
struct SentimentToken {
    /// The word's index in the language's table, or -1 for a word the data does not know.
    var id: Int32
    /// Written in capitals (`caps-min-letters` letters or more, none lower case).
    var caps: Bool
    /// A letter repeated three times or more (*goood*), found after shortening it.
    var elongated: Bool
    /// An emoticon or emoji: not negated or boosted by the words before it.
    var symbol: Bool = false
    /// What separates it from the word before: 0 nothing, 1 a clause mark (`,` `;` `:` a dash or
    /// bracket), 2 the end of a sentence (`.` `!` `?` `…`).
    var boundary: UInt8
}

/// Splits a comment into words over its UTF-8 bytes and looks each up in a language's table,
/// without building strings for ASCII words. Whitespace separates chunks; a short chunk with
/// punctuation that the lexicon lists as a whole (`:-)`, `<3`) is one token; otherwise letters,
/// digits, inner apostrophes and inner hyphens make words, and punctuation marks clause and
/// sentence ends. Mentions (`@name`) and links are skipped, `#` is dropped from hashtags, emoji
/// are words of their own, `’` is read as `'`. A word the table lacks is tried without its hyphens
/// (as separate words), as a negator by its suffix (`n't`), and with letters repeated three times
/// or more shortened to two, then one.
struct SentimentTokenizer {
    let language: SentimentLanguage

    struct Result {
        var exclamations = 0
        /// Whether any word has a lower-case letter: capitals are emphasis only in mixed-case text.
        var hasLowercase = false
    }

    static let maxWord = 64

    func tokenize(_ text: String, into tokens: inout [SentimentToken]) -> Result {
        var text = text
        return text.withUTF8 { bytes in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: SentimentTokenizer.maxWord * 2) { scratch in
                var state = State(bytes: bytes, scratch: scratch, language: language)
                state.run(&tokens)
                return state.result
            }
        }
    }

    private struct State {
        let bytes: UnsafeBufferPointer<UInt8>
        let scratch: UnsafeMutableBufferPointer<UInt8>
        let language: SentimentLanguage
        var result = Result()
        var boundary: UInt8 = 0

        init(bytes: UnsafeBufferPointer<UInt8>, scratch: UnsafeMutableBufferPointer<UInt8>, language: SentimentLanguage) {
            self.bytes = bytes
            self.scratch = scratch
            self.language = language
        }

        @inline(__always) static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x09 || b == 0x0D }
        @inline(__always) static func isAlnum(_ b: UInt8) -> Bool {
            (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39)
        }

        /// The length of the UTF-8 sequence starting with `lead`.
        @inline(__always) static func sequenceLength(_ lead: UInt8) -> Int {
            lead < 0xC0 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
        }

        /// The scalar at `i` (a multi-byte sequence).
        func scalar(at i: Int) -> UInt32 {
            let n = Self.sequenceLength(bytes[i])
            guard i + n <= bytes.count, n > 1 else { return UInt32(bytes[i]) }
            var value = UInt32(bytes[i]) & (n == 2 ? 0x1F : n == 3 ? 0x0F : 0x07)
            for j in 1..<n { value = value << 6 | (UInt32(bytes[i + j]) & 0x3F) }
            return value
        }

        static func isEmoji(_ s: UInt32) -> Bool {
            (0x1F300...0x1FAFF).contains(s) || (0x2600...0x27BF).contains(s) || (0x1F000...0x1F2FF).contains(s)
        }

        /// Scalars that are not emoji but must not be part of a word: what they mark (0 nothing,
        /// 1 clause, 2 sentence), or nil for a letter.
        static func punctuation(_ s: UInt32) -> UInt8? {
            switch s {
            case 0x2026: return 2  // …
            case 0x2013, 0x2014: return 1  // – —
            case 0x00A0, 0x2018, 0x201C, 0x201D, 0x201E, 0x00AB, 0x00BB, 0x00BF, 0x00A1, 0xFE0F, 0x200D, 0x200B: return 0
            case 0x1F3FB...0x1F3FF: return 0  // skin tones
            default: return nil
            }
        }

        mutating func mark(_ b: UInt8) { if b > boundary { boundary = b } }

        mutating func emit(_ id: Int32, caps: Bool, elongated: Bool, symbol: Bool = false, _ tokens: inout [SentimentToken]) {
            tokens.append(SentimentToken(id: id, caps: caps, elongated: elongated, symbol: symbol, boundary: tokens.isEmpty ? 0 : boundary))
            boundary = 0
        }

        mutating func run(_ tokens: inout [SentimentToken]) {
            var i = 0
            let n = bytes.count
            while i < n {
                if Self.isSpace(bytes[i]) { i += 1; continue }
                var j = i
                while j < n && !Self.isSpace(bytes[j]) { j += 1 }
                chunk(i, j, &tokens)
                i = j
            }
        }

        func startsWith(_ i: Int, _ end: Int, _ prefix: StaticString) -> Bool {
            let count = prefix.utf8CodeUnitCount
            guard end - i >= count else { return false }
            let p = prefix.utf8Start
            for k in 0..<count {
                var b = bytes[i + k]
                if b >= 0x41 && b <= 0x5A { b |= 0x20 }
                if b != p[k] { return false }
            }
            return true
        }

        mutating func chunk(_ start: Int, _ end: Int, _ tokens: inout [SentimentToken]) {
            if bytes[start] == 0x40 && end - start > 1 { return }  // @mention
            if startsWith(start, end, "http://") || startsWith(start, end, "https://") || startsWith(start, end, "www.") { return }
            // An emoticon or other lexicon entry with punctuation, as a whole.
            if end - start <= 8 {
                var punctuation = false
                var letters = 0
                for k in start..<end {
                    let b = bytes[k]
                    if b >= 0x80 { punctuation = false; letters = 99; break }
                    if Self.isAlnum(b) { letters += 1 } else { punctuation = true }
                }
                if punctuation && letters < end - start {
                    let slice = UnsafeBufferPointer(rebasing: bytes[start..<end])
                    var found = language.table.find(slice)
                    if found == nil {
                        for k in 0..<slice.count { let b = slice[k]; scratch[k] = (b >= 0x41 && b <= 0x5A) ? b | 0x20 : b }
                        found = language.table.find(UnsafeBufferPointer(rebasing: scratch[0..<slice.count]))
                    }
                    if let k = found, !language.words[Int(k)].valence.isNaN {
                        emit(k, caps: false, elongated: false, symbol: true, &tokens)
                        mark(1)  // an emoticon ends a clause
                        return
                    }
                }
            }
            var i = start
            while i < end {
                let b = bytes[i]
                if Self.isAlnum(b) {
                    i = word(i, end, &tokens)
                    continue
                }
                if b >= 0x80 {
                    let s = scalar(at: i)
                    if s == 0x2019 {  // ’ outside a word
                        i += 3
                        continue
                    }
                    if Self.isEmoji(s) {
                        let length = Self.sequenceLength(b)
                        let slice = UnsafeBufferPointer(rebasing: bytes[i..<min(end, i + length)])
                        emit(language.table.find(slice) ?? -1, caps: false, elongated: false, symbol: true, &tokens)
                        mark(1)
                        i += length
                        continue
                    }
                    if let mark = Self.punctuation(s) {
                        self.mark(mark)
                        i += Self.sequenceLength(b)
                        continue
                    }
                    i = word(i, end, &tokens)
                    continue
                }
                switch b {
                case UInt8(ascii: "!"):
                    result.exclamations += 1
                    mark(2)
                case UInt8(ascii: "?"):
                    mark(2)
                case UInt8(ascii: "."):
                    // A full stop ends a sentence, unless a letter or digit follows it (3.5, e.g).
                    if !(i + 1 < end && Self.isAlnum(bytes[i + 1])) { mark(2) }
                case UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: ":"), UInt8(ascii: "("), UInt8(ascii: ")"),
                     UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "-"):
                    mark(1)
                default:
                    break
                }
                i += 1
            }
        }

        /// Is the byte at `i` part of a word: a letter, digit or other non-punctuation scalar, or an
        /// apostrophe or hyphen between two of them. Returns its length, or 0.
        func wordByteLength(_ i: Int, _ end: Int) -> Int {
            let b = bytes[i]
            if Self.isAlnum(b) { return 1 }
            if b >= 0x80 {
                let s = scalar(at: i)
                if Self.isEmoji(s) || Self.punctuation(s) != nil { return 0 }
                let length = Self.sequenceLength(b)
                if s == 0x2019 { return isInnerJoin(i, i + length, end) ? length : 0 }
                return length
            }
            if b == 0x27 || b == 0x2D { return isInnerJoin(i, i + 1, end) ? 1 : 0 }
            return 0
        }

        /// Whether the joiner between `i` and `next` has a word byte on both sides.
        func isInnerJoin(_ i: Int, _ next: Int, _ end: Int) -> Bool {
            guard next < end, i > 0 else { return false }
            let before = bytes[i - 1], after = bytes[next]
            let beforeOK = Self.isAlnum(before) || before >= 0x80
            let afterOK = Self.isAlnum(after) || (after >= 0x80 && after != 0xE2 && after != 0xF0)
            return beforeOK && afterOK
        }

        /// Reads the word starting at `start`, emits it, and returns the index after it.
        mutating func word(_ start: Int, _ end: Int, _ tokens: inout [SentimentToken]) -> Int {
            var i = start
            var upper = 0, lower = 0, digits = 0, ascii = true, hyphen = false
            var length = 0
            while i < end {
                let step = wordByteLength(i, end)
                if step == 0 { break }
                let b = bytes[i]
                if step == 1 {
                    if b >= 0x41 && b <= 0x5A { upper += 1 } else if b >= 0x61 && b <= 0x7A { lower += 1 } else if b == 0x2D { hyphen = true } else if b >= 0x30 && b <= 0x39 { digits += 1 }
                    if length < SentimentTokenizer.maxWord { scratch[length] = (b >= 0x41 && b <= 0x5A) ? b | 0x20 : b }
                    length += 1
                } else if step == 3 && b == 0xE2 && bytes[i + 1] == 0x80 && bytes[i + 2] == 0x99 {
                    if length < SentimentTokenizer.maxWord { scratch[length] = 0x27 }
                    length += 1
                } else {
                    ascii = false
                    for k in 0..<step {
                        if length < SentimentTokenizer.maxWord { scratch[length] = bytes[i + k] }
                        length += 1
                    }
                }
                i += step
            }
            if i == start { return start + 1 }  // a lone joiner
            if lower > 0 { result.hasLowercase = true }
            guard length <= SentimentTokenizer.maxWord, digits < length else {  // numbers are words without sentiment
                emit(-1, caps: false, elongated: false, &tokens)
                return i
            }
            if !ascii {
                // Lower-case the whole word through String: letters beyond ASCII (Ä, Ü) need Unicode's rules.
                let lowered = String(decoding: UnsafeBufferPointer(rebasing: scratch[0..<length]), as: UTF8.self).lowercased()
                if lowered.unicodeScalars.contains(where: { $0.properties.isLowercase }) { result.hasLowercase = true }
                var count = 0
                for b in lowered.utf8 where count < SentimentTokenizer.maxWord { scratch[count] = b; count += 1 }
                length = count
            }
            let caps = lower == 0 && upper >= language.settings.capsMinLetters
            lookUp(length, caps: caps, hyphen: hyphen, &tokens)
            return i
        }

        /// Looks up the word in `scratch[0..<length]` and emits it (or its parts).
        mutating func lookUp(_ length: Int, caps: Bool, hyphen: Bool, _ tokens: inout [SentimentToken]) {
            let word = UnsafeBufferPointer(rebasing: scratch[0..<length])
            if let k = language.table.find(word) {
                return emit(k, caps: caps, elongated: false, &tokens)
            }
            if hyphen {
                // Each part on its own: copy the parts behind the word, then look each up.
                var partStart = 0
                for k in 0...length where k == length || scratch[k] == 0x2D {
                    let partLength = k - partStart
                    if partLength > 0 {
                        for m in 0..<partLength { scratch[SentimentTokenizer.maxWord + m] = scratch[partStart + m] }
                        let part = UnsafeBufferPointer(rebasing: scratch[SentimentTokenizer.maxWord..<SentimentTokenizer.maxWord + partLength])
                        emit(language.table.find(part) ?? -1, caps: caps, elongated: false, &tokens)
                    }
                    partStart = k + 1
                }
                return
            }
            let suffix = language.settings.negationSuffix.utf8
            if !suffix.isEmpty && length > suffix.count && word.suffix(suffix.count).elementsEqual(suffix) {
                return emit(language.suffixNegator, caps: caps, elongated: false, &tokens)
            }
            // Shorten runs of three or more of the same letter to two, then to one.
            var hasRun = false
            if length >= 3 {
                for k in 2..<length where word[k] == word[k - 1] && word[k] == word[k - 2] { hasRun = true; break }
            }
            if hasRun {
                for keep in [2, 1] {
                    var count = 0
                    var k = 0
                    while k < length {
                        var run = 1
                        while k + run < length && word[k + run] == word[k] { run += 1 }
                        let copies = run >= 3 ? keep : run
                        for _ in 0..<copies { scratch[SentimentTokenizer.maxWord + count] = word[k]; count += 1 }
                        k += run
                    }
                    if let found = language.table.find(UnsafeBufferPointer(rebasing: scratch[SentimentTokenizer.maxWord..<SentimentTokenizer.maxWord + count])) {
                        return emit(found, caps: caps, elongated: true, &tokens)
                    }
                }
            }
            emit(-1, caps: caps, elongated: false, &tokens)
        }
    }
}
