/// A theme: a name and the terms that mark a comment as being about it, per language.
///
/// A term is a word ("rude"), a stem ending in `*` that matches every word starting with it
/// ("invoic*" matches invoice, invoices, invoicing), or a phrase of such words ("on hold",
/// "amount* due"). Synonyms are more terms of the same theme. Terms listed under the language
/// "*" apply to comments in every language; a comment whose language is unknown (an imported
/// review, a contact note) is matched against the terms of every language.
public struct ThemeDefinition: Sendable, Equatable, Codable {
    public var key: String
    public var name: String
    /// Terms by language code ("en", "de", …, or "*" for all).
    public var terms: [String: [String]]

    public init(key: String, name: String, terms: [String: [String]]) {
        self.key = key
        self.name = name
        self.terms = terms
    }

    public static let maxTerms = 500
    public static let maxTermLength = 80
    /// A stem must keep this many letters before its `*`, or it would match half the language.
    public static let minimumStem = 3

    /// The theme with its name trimmed and its terms normalised (lower case, single spaces,
    /// duplicates dropped), or a ``FieldError`` naming the field, e.g. `terms.en[2]`.
    public func validated() throws(FieldError) -> ThemeDefinition {
        let name = self.name.trimmingWhitespace()
        guard !name.isEmpty else { throw FieldError("name", "is required") }
        guard name.count <= 100 else { throw FieldError("name", "must be at most 100 characters") }
        guard !Validate.hasControlCharacter(name) else { throw FieldError("name", "must not contain control characters") }
        guard !terms.isEmpty else { throw FieldError("terms", "must list at least one term") }
        var normalised: [String: [String]] = [:]
        var total = 0
        for (language, list) in terms {
            guard language == "*" || (2...8).contains(language.count) && language.allSatisfy({ $0.isLetter || $0 == "-" }) else {
                throw FieldError("terms", "has an unknown language code \"\(language)\" (use a code such as en or de, or * for all)")
            }
            var seen: Set<String> = []
            var kept: [String] = []
            for (index, raw) in list.enumerated() {
                let field = "terms.\(language)[\(index)]"
                let term = try Self.normalise(raw, field: field)
                if seen.insert(term).inserted { kept.append(term) }
            }
            total += kept.count
            if !kept.isEmpty { normalised[language] = kept }
        }
        guard total > 0 else { throw FieldError("terms", "must list at least one term") }
        guard total <= Self.maxTerms else { throw FieldError("terms", "may list at most \(Self.maxTerms) terms") }
        return ThemeDefinition(key: key, name: name, terms: normalised)
    }

    /// A term in its stored form: its words lower-cased, joined by one space; a word may end in `*`.
    static func normalise(_ raw: String, field: String) throws(FieldError) -> String {
        let trimmed = raw.trimmingWhitespace()
        guard !trimmed.isEmpty else { throw FieldError(field, "is empty") }
        guard trimmed.count <= maxTermLength else { throw FieldError(field, "must be at most \(maxTermLength) characters") }
        guard !Validate.hasControlCharacter(trimmed) else { throw FieldError(field, "must not contain control characters") }
        var words: [String] = []
        for piece in trimmed.split(whereSeparator: { $0 == " " || $0 == "\t" }) {
            let stem = piece.hasSuffix("*")
            let body = stem ? piece.dropLast() : piece[...]
            let parts = WordTokenizer.words(String(body))
            guard !parts.isEmpty else { throw FieldError(field, "\"\(piece)\" has no letters or digits") }
            guard !body.dropFirst().contains("*") && !body.hasPrefix("*") else {
                throw FieldError(field, "may use * only at the end of a word, as in invoic*")
            }
            // "e-mail" becomes the phrase "e mail", as the tokenizer sees it.
            words += parts.dropLast()
            let last = parts[parts.count - 1]
            if stem {
                guard last.count >= minimumStem else {
                    throw FieldError(field, "\"\(piece)\": a stem needs at least \(minimumStem) letters before the *")
                }
                words.append(last + "*")
            } else {
                words.append(last)
            }
        }
        return words.joined(separator: " ")
    }
}
