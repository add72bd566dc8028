/// A full-text search as a user types it: words that must all occur, "quoted phrases",
/// stems ending in `*` (claim* finds claim, claims, claimed) and words or phrases to exclude
/// with a leading minus (-price). Case does not matter. The query is parsed here once and
/// written out for each database's full-text engine (``fts5`` for SQLite, ``tsquery`` for
/// PostgreSQL), so that both find the same comments; words are split as ``WordTokenizer``
/// splits them, which is how both engines split the indexed text.
public struct SearchQuery: Sendable, Equatable {
    /// Words in a row (a single word is a phrase of one); the last one may be a stem.
    public struct Part: Sendable, Equatable {
        public let words: [String]
        public let stem: Bool
    }

    public let include: [Part]
    public let exclude: [Part]

    public static let maxLength = 500

    /// Parses `text`; a query with nothing to look for (empty, or only exclusions) is an error
    /// naming the field `q`.
    public init(_ text: String) throws(FieldError) {
        guard text.count <= Self.maxLength else { throw FieldError("q", "must be at most \(Self.maxLength) characters") }
        var include: [Part] = [], exclude: [Part] = []
        var rest = Substring(text)
        while let first = rest.first {
            if first == " " || first == "\t" || first == "\n" { rest = rest.dropFirst(); continue }
            var negated = false
            if first == "-" { negated = true; rest = rest.dropFirst() }
            var piece: Substring
            var stem = false
            if rest.first == "\"" {
                rest = rest.dropFirst()
                let end = rest.firstIndex(of: "\"") ?? rest.endIndex
                piece = rest[..<end]
                rest = end == rest.endIndex ? rest[end...] : rest[rest.index(after: end)...]
                if rest.first == "*" { stem = true; rest = rest.dropFirst() }
            } else {
                let end = rest.firstIndex(where: { $0 == " " || $0 == "\t" || $0 == "\n" }) ?? rest.endIndex
                piece = rest[..<end]
                rest = rest[end...]
                if piece.hasSuffix("*") { stem = true; piece = piece.dropLast() }
            }
            let words = WordTokenizer.words(String(piece))
            guard !words.isEmpty else { continue }
            if stem, words[words.count - 1].count < ThemeDefinition.minimumStem {
                throw FieldError("q", "\"\(piece)*\": a stem needs at least \(ThemeDefinition.minimumStem) letters before the *")
            }
            let part = Part(words: words, stem: stem)
            if negated { exclude.append(part) } else { include.append(part) }
        }
        guard !include.isEmpty else { throw FieldError("q", "must contain at least one word to look for") }
        self.include = include
        self.exclude = exclude
    }

    /// The query in SQLite FTS5's syntax: every word quoted (so no word is read as an operator),
    /// parts joined by AND, exclusions by NOT.
    public var fts5: String {
        func render(_ part: Part) -> String {
            "\"" + part.words.joined(separator: " ") + "\"" + (part.stem ? "*" : "")
        }
        var text = include.map(render).joined(separator: " AND ")
        for part in exclude { text += " NOT " + render(part) }
        return text
    }

    /// The query in PostgreSQL's `to_tsquery('simple', …)` syntax: `&` between parts, `<->`
    /// between the words of a phrase, `:*` for a stem, `!` for an exclusion. Words hold only
    /// letters and digits, so nothing in them is an operator.
    public var tsquery: String {
        func render(_ part: Part) -> String {
            let body = part.words.enumerated().map { index, word in
                (index == part.words.count - 1 && part.stem) ? word + ":*" : word
            }
            return body.count == 1 ? body[0] : "(" + body.joined(separator: " <-> ") + ")"
        }
        return (include.map(render) + exclude.map { "!" + render($0) }).joined(separator: " & ")
    }

    /// `text` cut into pieces, each marked when it is part of a match of one of the query's
    /// parts (for highlighting; exclusions are never marked).
    public func fragments(of text: String) -> [SearchFragment] {
        var ranges: [Range<String.Index>] = []
        WordTokenizer.forEachWordRange(text) { ranges.append($0) }
        let words = ranges.map { WordTokenizer.lowercased(text[$0]) }
        var marked = [Bool](repeating: false, count: words.count)
        for part in include {
            let phrase = part.words, stem = part.stem
            guard words.count >= phrase.count else { continue }
            for start in 0...(words.count - phrase.count) {
                let matches = phrase.indices.allSatisfy { offset in
                    let word = words[start + offset]
                    return (stem && offset == phrase.count - 1) ? word.hasPrefix(phrase[offset]) : word == phrase[offset]
                }
                if matches { for offset in phrase.indices { marked[start + offset] = true } }
            }
        }
        var fragments: [SearchFragment] = []
        var cursor = text.startIndex
        var index = 0
        while index < ranges.count {
            guard marked[index] else { index += 1; continue }
            // A run of marked words, with what lies between them, is one highlight.
            var end = index
            while end + 1 < ranges.count && marked[end + 1] { end += 1 }
            let start = ranges[index].lowerBound
            if cursor < start { fragments.append(SearchFragment(text: String(text[cursor..<start]), match: false)) }
            fragments.append(SearchFragment(text: String(text[start..<ranges[end].upperBound]), match: true))
            cursor = ranges[end].upperBound
            index = end + 1
        }
        if cursor < text.endIndex { fragments.append(SearchFragment(text: String(text[cursor...]), match: false)) }
        return fragments
    }
}

/// A piece of a comment's text, marked when it matched the search.
public struct SearchFragment: Sendable, Equatable, Codable {
    public let text: String
    public let match: Bool

    public init(text: String, match: Bool) {
        self.text = text
        self.match = match
    }
}
