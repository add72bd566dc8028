/// One language's sentiment data — its lexicon, the words that negate, boost, dampen and contrast,
/// its idioms, its word-formation rules and its constants — parsed from plain text. A new language is
/// a new data file, not new code: ``SentimentAnalyzer`` applies the same rules to any of them.
///
/// ## The format (`*.sentiment`, UTF-8, one entry a line)
///
/// - Lines starting with `#` and blank lines are ignored. A line `[name]` starts a section; every
///   entry belongs to the section above it. Fields are separated by one TAB; a word list (an idiom,
///   a negator of several words) is written with single spaces.
/// - Words are matched lowercased; so write them in lower case. An entry in `[lexicon]` with
///   punctuation (an emoticon such as `:-)`) is also matched as a whole, case and all, when a
///   comment contains it between spaces.
///
/// | section | a line | meaning |
/// |---|---|---|
/// | `[settings]` | `name⇥value` | a constant (see ``Settings``; every one has a default) |
/// | `[lexicon]` | `word⇥valence` | a word's valence, −4 (most negative) … +4; with spaces, an idiom |
/// | `[phrases]` | `words⇥valence` | an idiom of two or more words, matched before its single words; valence 0 makes the words neutral (`at least`, `looks like`) |
/// | `[negators]` | `word(s)` | flips and scales the valence of a sentiment word that follows within `negation-window` words (and, for languages that negate after the word, precedes within `negation-window-after`) |
/// | `[boosters]` | `word(s)⇥increment` | adds the increment to the magnitude of a sentiment word that follows within `booster-window` words (a negative increment dampens) |
/// | `[contrast]` | `word(s)⇥before⇥after[⇥clause-start]` | weights the sentiment before it in its sentence by `before` and after it by `after`; at the start of a sentence, `before` weights the previous sentence; `clause-start`: only when it opens a clause (`yet`) |
/// | `[concessive]` | `word(s)⇥own⇥rest` | weights its own clause (up to the next `,` `;` `:`) by `own` and the rest of the sentence by `rest` (`although`) |
/// | `[irrealis]` | `word(s)⇥weight` | weights the sentiment after it in its clause (`would`, `if`: what is wished or supposed counts less) |
/// | `[suffixes]` | `suffix⇥factor[⇥stem ending]` | derives forms missing from the lexicon: a lexicon word ending in the stem ending (or any word, when there is none) gives, with the ending replaced by the suffix, a form with valence × factor (`ily⇥1⇥y`: *happy* → *happily*; `less⇥-0.6`: *harm* → *harmless*) |
/// | `[prefixes]` | `prefix⇥factor` | likewise, before lexicon words and their derived forms (`un⇥-0.8`: *helpful* → *unhelpful*) |
///
/// A word listed twice in the lexicon, a phrase listed twice, or a word given two roles (negator and
/// booster, say) is an error. A negator or contrast word that is also in the lexicon (*no*) is never
/// scored itself; a booster that is (*pretty*, *super*) boosts when a sentiment word or booster follows
/// it in its clause and is scored otherwise. A derived form never replaces a word the file lists.
public struct SentimentLanguage: Sendable {
    /// The constants of the rules. The defaults are those of the English data.
    public struct Settings: Sendable, Equatable {
        /// A negated positive word's valence is multiplied by this.
        public var negationFactor: Double = -0.75
        /// A negated negative word's valence is multiplied by this (*not bad* is weaker than *good*).
        public var negationFactorNegative: Double = -0.5
        /// How many words before a sentiment word a negator reaches.
        public var negationWindow: Int = 3
        /// How many words after a sentiment word a negator reaches (0 in English; German negates after the verb).
        public var negationWindowAfter: Int = 0
        /// A word ending in this (and not listed) is a negator: English `n't`.
        public var negationSuffix: String = ""
        /// How many words before a sentiment word a booster reaches.
        public var boosterWindow: Int = 3
        /// A booster's increment is multiplied by this for each word between it and the sentiment word.
        public var boosterDecay: Double = 0.9
        /// Added to the magnitude of a word written in capitals when the comment is not all capitals.
        public var capsIncrement: Double = 0.7
        /// Letters a word needs to count as written in capitals (*I*, *OK* do not).
        public var capsMinLetters: Int = 3
        /// Added to the magnitude of a word with a letter repeated three times or more (*sooo goood*).
        public var elongationIncrement: Double = 0.3
        /// Added to the magnitude of the sum for each `!`, up to `exclamationMax` of them.
        public var exclamationIncrement: Double = 0.3
        public var exclamationMax: Int = 4
        /// Negative valences (after negation) are multiplied by this, against the positive bias of
        /// language (people praise with more words than they blame; Taboada et al. 2011).
        public var negativeWeight: Double = 1
        /// The sum s of the valences becomes s / √(s² + normalisation), in −1…1.
        public var normalisation: Double = 15
        /// Characters a lexicon word needs before suffix and prefix rules derive forms from it.
        public var derivedMinStem: Int = 3

        public init() {}
    }

    /// A word's or phrase's part in the rules.
    enum Role: Sendable, Equatable {
        case none
        case negator
        case booster(Float)
        case contrast(before: Float, after: Float, clauseStart: Bool)
        case concessive(own: Float, rest: Float)
        case irrealis(Float)
    }

    struct Word: Sendable {
        /// The valence, or NaN when the word has none.
        var valence: Float = .nan
        var role: Role = .none
        /// The phrases that start with this word, longest first, as indices into `phrases`.
        var phrases: [Int32] = []
    }

    struct Phrase: Sendable {
        var words: [Int32]
        /// The valence (0: neutral) when `role` is `.none`.
        var valence: Float
        var role: Role
    }

    /// The language's code (`en`, `de`).
    public let code: String
    public let settings: Settings
    /// Words in the lexicon as the file lists them, and forms derived from them by the suffix and prefix rules.
    public let lexiconCount: Int
    public let derivedCount: Int

    let table: SentimentWordTable
    let words: [Word]
    let phrases: [Phrase]
    /// The word standing for any unlisted word that ends in the negation suffix, or -1.
    let suffixNegator: Int32

    /// Parses one language's data; throws a ``SentimentDataError`` naming the line of the first problem.
    public init(parsing text: String, code: String) throws {
        var builder = Builder(code: code)
        var section = ""
        var lineNumber = 0
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            lineNumber += 1
            var line = Substring(rawLine)
            while let last = line.last, last == "\r" || last == " " { line = line.dropLast() }
            if line.isEmpty || line.first == "#" { continue }
            if line.first == "[", line.last == "]", !line.contains("\t") {
                section = String(line.dropFirst().dropLast())
                guard Builder.sections.contains(section) else {
                    throw builder.error(lineNumber, "unknown section [\(section)]; the sections are \(Builder.sections.map { "[\($0)]" }.joined(separator: ", "))")
                }
                continue
            }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map { String($0) }
            try builder.add(fields, section: section, line: lineNumber)
        }
        try builder.derive()
        builder.sortPhrases()
        self.code = code
        self.settings = builder.settings
        self.lexiconCount = builder.lexiconCount
        self.derivedCount = builder.derivedCount
        self.table = builder.table
        self.words = builder.words
        self.phrases = builder.phrases
        self.suffixNegator = builder.suffixNegator
    }

    /// The valence the lexicon gives a word, its derived forms included (nil when it has none).
    public func valence(of word: String) -> Double? {
        guard let k = table.find(word) else { return nil }
        let v = words[Int(k)].valence
        return v.isNaN ? nil : Double(v)
    }
}

/// A problem in a sentiment data file, with its line.
public struct SentimentDataError: Error, Equatable, CustomStringConvertible {
    public let language: String
    public let line: Int
    public let message: String

    public var description: String { "sentiment data '\(language)', line \(line): \(message)" }
}

/// Collects the entries of a data file, checks them and builds the tables.
private struct Builder {
    static let sections = ["settings", "lexicon", "phrases", "negators", "boosters", "contrast", "concessive", "irrealis", "suffixes", "prefixes"]

    let code: String
    var settings = SentimentLanguage.Settings()
    var table = SentimentWordTable()
    var words: [SentimentLanguage.Word] = []
    var phrases: [SentimentLanguage.Phrase] = []
    var phraseKeys: [[Int32]: Int] = [:]
    /// Where each word got its valence or role, to name both lines of a conflict.
    var valenceLine: [Int32: Int] = [:]
    var roleLine: [Int32: Int] = [:]
    var settingLines: [String: Int] = [:]
    var suffixes: [(suffix: String, factor: Float, ending: String)] = []
    var prefixes: [(prefix: String, factor: Float)] = []
    var lexiconCount = 0
    var derivedCount = 0
    var suffixNegator: Int32 = -1

    init(code: String) { self.code = code }

    func error(_ line: Int, _ message: String) -> SentimentDataError {
        SentimentDataError(language: code, line: line, message: message)
    }

    mutating func id(_ word: String) -> Int32 {
        let (k, added) = table.insert(word)
        if added { words.append(.init()) }
        return k
    }

    func fieldCount(_ fields: [String], _ range: ClosedRange<Int>, _ what: String, line: Int) throws {
        guard range.contains(fields.count) else {
            throw error(line, "expected \(what) separated by TABs, found \(fields.count) field\(fields.count == 1 ? "" : "s")")
        }
        if fields.contains(where: { $0.trimmingSpaces.isEmpty }) { throw error(line, "an empty field; expected \(what)") }
    }

    func number(_ text: String, _ what: String, line: Int, in range: ClosedRange<Double>? = nil) throws -> Double {
        guard let value = Double(text.trimmingSpaces), value.isFinite else {
            throw error(line, "\(what) must be a number, found '\(text)'")
        }
        if let range, !range.contains(value) {
            throw error(line, "\(what) must be from \(range.lowerBound) to \(range.upperBound), found \(text)")
        }
        return value
    }

    /// The words of an entry: one, or several separated by single spaces.
    func wordList(_ text: String, line: Int) throws -> [String] {
        let parts = text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        guard !parts.contains(where: \.isEmpty) else { throw error(line, "'\(text)': words must be separated by single spaces") }
        return parts
    }

    mutating func add(_ fields: [String], section: String, line: Int) throws {
        switch section {
        case "":
            throw error(line, "an entry before any section; start with a section such as [lexicon]")
        case "settings":
            try fieldCount(fields, 2...2, "a name and a value", line: line)
            try setting(fields[0], fields[1], line: line)
        case "lexicon", "phrases":
            try fieldCount(fields, 2...2, "a word and its valence", line: line)
            let valence = Float(try number(fields[1], "the valence", line: line, in: -4...4))
            let list = try wordList(fields[0], line: line)
            if list.count == 1 {
                guard section == "lexicon" else { throw error(line, "a phrase needs two or more words; put single words in [lexicon]") }
                let k = id(list[0])
                if let earlier = valenceLine[k] { throw error(line, "'\(list[0])' is already in the lexicon (line \(earlier))") }
                words[Int(k)].valence = valence
                valenceLine[k] = line
                lexiconCount += 1
            } else {
                try addPhrase(list, valence: valence, role: .none, line: line)
            }
        case "negators":
            try fieldCount(fields, 1...1, "a word or words", line: line)
            try addRole(try wordList(fields[0], line: line), .negator, line: line)
        case "boosters":
            try fieldCount(fields, 2...2, "a word and its increment", line: line)
            let increment = Float(try number(fields[1], "the increment", line: line, in: -4...4))
            try addRole(try wordList(fields[0], line: line), .booster(increment), line: line)
        case "contrast":
            try fieldCount(fields, 3...4, "a word, the weight before and the weight after", line: line)
            let before = Float(try number(fields[1], "the weight before", line: line, in: 0...10))
            let after = Float(try number(fields[2], "the weight after", line: line, in: 0...10))
            if fields.count == 4 && fields[3] != "clause-start" {
                throw error(line, "the fourth field may only be 'clause-start', found '\(fields[3])'")
            }
            try addRole(try wordList(fields[0], line: line), .contrast(before: before, after: after, clauseStart: fields.count == 4), line: line)
        case "concessive":
            try fieldCount(fields, 3...3, "a word, the weight of its clause and the weight of the rest", line: line)
            let own = Float(try number(fields[1], "the weight of its clause", line: line, in: 0...10))
            let rest = Float(try number(fields[2], "the weight of the rest", line: line, in: 0...10))
            try addRole(try wordList(fields[0], line: line), .concessive(own: own, rest: rest), line: line)
        case "irrealis":
            try fieldCount(fields, 2...2, "a word and the weight of the rest of its clause", line: line)
            let weight = Float(try number(fields[1], "the weight", line: line, in: 0...10))
            try addRole(try wordList(fields[0], line: line), .irrealis(weight), line: line)
        case "suffixes":
            try fieldCount(fields, 2...3, "a suffix, a factor and optionally the stem ending it replaces", line: line)
            let factor = Float(try number(fields[1], "the factor", line: line, in: -2...2))
            suffixes.append((fields[0], factor, fields.count == 3 ? fields[2] : ""))
        case "prefixes":
            try fieldCount(fields, 2...2, "a prefix and a factor", line: line)
            prefixes.append((fields[0], Float(try number(fields[1], "the factor", line: line, in: -2...2))))
        default:
            preconditionFailure("unchecked section \(section)")
        }
    }

    mutating func addRole(_ list: [String], _ role: SentimentLanguage.Role, line: Int) throws {
        guard list.count == 1 else { return try addPhrase(list, valence: 0, role: role, line: line) }
        let k = id(list[0])
        if let earlier = roleLine[k] { throw error(line, "'\(list[0])' already has a role (line \(earlier))") }
        words[Int(k)].role = role
        roleLine[k] = line
    }

    mutating func addPhrase(_ list: [String], valence: Float, role: SentimentLanguage.Role, line: Int) throws {
        let ids = list.map { id($0) }
        if let earlier = phraseKeys[ids] { throw error(line, "'\(list.joined(separator: " "))' is already listed (line \(earlier))") }
        phraseKeys[ids] = line
        words[Int(ids[0])].phrases.append(Int32(phrases.count))
        phrases.append(.init(words: ids, valence: valence, role: role))
    }

    mutating func setting(_ name: String, _ value: String, line: Int) throws {
        if let earlier = settingLines[name] { throw error(line, "'\(name)' is already set (line \(earlier))") }
        settingLines[name] = line
        func count(_ range: ClosedRange<Int>) throws -> Int {
            guard let n = Int(value.trimmingSpaces), range.contains(n) else {
                throw error(line, "\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound), found '\(value)'")
            }
            return n
        }
        switch name {
        case "negation-factor": settings.negationFactor = try number(value, name, line: line, in: -2...2)
        case "negation-factor-negative": settings.negationFactorNegative = try number(value, name, line: line, in: -2...2)
        case "negation-window": settings.negationWindow = try count(0...10)
        case "negation-window-after": settings.negationWindowAfter = try count(0...10)
        case "negation-suffix": settings.negationSuffix = value.trimmingSpaces
        case "booster-window": settings.boosterWindow = try count(0...10)
        case "booster-decay": settings.boosterDecay = try number(value, name, line: line, in: 0...1)
        case "caps-increment": settings.capsIncrement = try number(value, name, line: line, in: 0...4)
        case "caps-min-letters": settings.capsMinLetters = try count(1...20)
        case "elongation-increment": settings.elongationIncrement = try number(value, name, line: line, in: 0...4)
        case "exclamation-increment": settings.exclamationIncrement = try number(value, name, line: line, in: 0...4)
        case "exclamation-max": settings.exclamationMax = try count(0...20)
        case "negative-weight": settings.negativeWeight = try number(value, name, line: line, in: 0...4)
        case "normalisation": settings.normalisation = try number(value, name, line: line, in: 0.001...1000)
        case "derived-min-stem": settings.derivedMinStem = try count(1...20)
        default:
            throw error(line, "unknown setting '\(name)'; the settings are negation-factor, negation-factor-negative, negation-window, "
                + "negation-window-after, negation-suffix, booster-window, booster-decay, caps-increment, caps-min-letters, "
                + "elongation-increment, exclamation-increment, exclamation-max, negative-weight, normalisation, derived-min-stem")
        }
    }

    /// Adds the forms the suffix rules, then the prefix rules, derive from lexicon words, where the
    /// file does not list them. The first rule that derives a form wins.
    mutating func derive() throws {
        if !settings.negationSuffix.isEmpty {
            // Words that only phrases list (don't, in "don't work") negate like unlisted ones.
            let suffix = settings.negationSuffix
            for k in words.indices where words[k].role == .none && words[k].valence.isNaN && table.word(Int32(k)).hasSuffix(suffix) {
                words[k].role = .negator
            }
            let k = id(suffix)
            if words[Int(k)].role == .none && words[Int(k)].valence.isNaN { words[Int(k)].role = .negator }
            suffixNegator = k
        }
        let minStem = settings.derivedMinStem
        let base: [(String, Float)] = (0..<words.count).compactMap { k in
            let v = words[k].valence
            let word = table.word(Int32(k))
            guard !v.isNaN, word.unicodeScalars.count >= minStem, word.allSatisfy({ $0.isLetter || $0 == "-" || $0 == "'" }) else { return nil }
            return (word, v)
        }
        var derived: [(String, Float)] = []
        for rule in suffixes {
            for (word, v) in base where word.hasSuffix(rule.ending) && word.count - rule.ending.count >= minStem - 1 {
                let form = String(word.dropLast(rule.ending.count)) + rule.suffix
                if addDerived(form, v * rule.factor) { derived.append((form, v * rule.factor)) }
            }
        }
        for rule in prefixes {
            for (word, v) in base + derived {
                _ = addDerived(rule.prefix + word, v * rule.factor)
            }
        }
    }

    private mutating func addDerived(_ form: String, _ valence: Float) -> Bool {
        let k = id(form)
        guard words[Int(k)].valence.isNaN, words[Int(k)].role == .none else { return false }
        words[Int(k)].valence = valence
        derivedCount += 1
        return true
    }

    mutating func sortPhrases() {
        for k in words.indices where words[k].phrases.count > 1 {
            words[k].phrases.sort { phrases[Int($0)].words.count > phrases[Int($1)].words.count }
        }
    }
}

extension String {
    fileprivate var trimmingSpaces: String {
        var s = Substring(self)
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
