/// Finds the themes a comment mentions. Built once from a workspace's themes, then used for
/// every comment: a word is looked up in a hash table (exact words) and, for stems, in a table
/// keyed by the word's first three letters, so the cost follows the comment's length rather
/// than the number of terms.
public struct ThemeMatcher: Sendable {
    /// One compiled term: the words after the first (a phrase), each exact or a stem.
    struct Term: Sendable {
        let theme: Int
        /// nil for every language.
        let language: String?
        let rest: [Word]
    }

    struct Word: Sendable {
        let text: String
        let stem: Bool

        func matches(_ word: String) -> Bool { stem ? word.hasPrefix(text) : word == text }
    }

    public let themeCount: Int
    private var exact: [String: [Term]] = [:]
    /// Stems by their first `minimumStem` letters, each with its full stem.
    private var stems: [String: [(stem: String, term: Term)]] = [:]

    /// Compiles validated themes (see ``ThemeDefinition/validated()``); the matcher reports
    /// themes by their index in `themes`.
    public init(_ themes: [ThemeDefinition]) {
        themeCount = themes.count
        for (index, theme) in themes.enumerated() {
            for (language, terms) in theme.terms {
                for term in terms {
                    let words = term.split(separator: " ").map { piece in
                        piece.hasSuffix("*") ? Word(text: String(piece.dropLast()), stem: true) : Word(text: String(piece), stem: false)
                    }
                    guard let first = words.first, !first.text.isEmpty else { continue }
                    let compiled = Term(theme: index, language: language == "*" ? nil : language, rest: Array(words.dropFirst()))
                    if first.stem {
                        let bucket = String(first.text.prefix(ThemeDefinition.minimumStem))
                        stems[bucket, default: []].append((first.text, compiled))
                    } else {
                        exact[first.text, default: []].append(compiled)
                    }
                }
            }
        }
    }

    /// The indices of the themes `words` mention (sorted, each once). With a `language`, only
    /// that language's terms and the ones for all languages count; without, every term does.
    public func themes(in words: [String], language: String?) -> [Int] {
        guard themeCount > 0 else { return [] }
        var found = Set<Int>()
        for position in words.indices {
            let word = words[position]
            if let terms = exact[word] {
                for term in terms where applies(term, language) && !found.contains(term.theme) && rest(term, words, after: position) {
                    found.insert(term.theme)
                }
            }
            if word.utf8.count >= ThemeDefinition.minimumStem, let candidates = stems[String(word.prefix(ThemeDefinition.minimumStem))] {
                for (stem, term) in candidates where applies(term, language) && !found.contains(term.theme) && word.hasPrefix(stem)
                    && rest(term, words, after: position) {
                    found.insert(term.theme)
                }
            }
        }
        return found.sorted()
    }

    /// The themes of a text (tokenised with ``WordTokenizer``).
    public func themes(of text: String, language: String?) -> [Int] {
        themes(in: WordTokenizer.words(text), language: language)
    }

    @inline(__always)
    private func applies(_ term: Term, _ language: String?) -> Bool {
        guard let language, let own = term.language else { return true }
        return own == language
    }

    @inline(__always)
    private func rest(_ term: Term, _ words: [String], after position: Int) -> Bool {
        guard !term.rest.isEmpty else { return true }
        guard position + term.rest.count < words.count else { return false }
        for (offset, word) in term.rest.enumerated() where !word.matches(words[position + 1 + offset]) { return false }
        return true
    }
}
