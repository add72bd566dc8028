/// The sentiment of a comment, from −1 (most negative) to +1 (most positive), by rules over a
/// lexicon of valences — the method Hutto and Gilbert describe for VADER (ICWSM 2014), implemented
/// from that description with our own constants (in each language's data, see
/// ``SentimentLanguage``) and a few rules of our own.
///
/// For each sentiment word (or idiom) of the comment, its valence v (−4…+4) is:
/// 1. emphasised: + `caps-increment` to |v| when written in capitals in a comment that is not all
///    capitals, + `elongation-increment` when a letter is repeated (*goood*);
/// 2. boosted or dampened: each booster up to `booster-window` words before it in the same clause
///    adds its increment × `booster-decay`^(words between) to |v| (never below 0);
/// 3. negated: a negator up to `negation-window` words before it in the same clause (or, where the
///    language says so, after it) multiplies v by `negation-factor` (positive v) or
///    `negation-factor-negative` (negative v);
/// 4. weighted by contrast: in a sentence with a contrast word (*but*), v × `before` before the
///    last one and × `after` after it; a contrast word opening a sentence weights the previous
///    sentence instead; a concessive word (*although*) weights its own clause and the rest of the
///    sentence; an irrealis word (*would*, *if*) weights the rest of its clause; negative valences
///    are multiplied by `negative-weight`.
///
/// A negator that negates nothing counts its own lexicon valence (*no coffee*). Emoticons and emoji
/// are not negated or boosted, and end a clause.
///
/// A clause ends at `,` `;` `:` a dash or bracket, at the end of a sentence, and at a contrast or
/// concessive word. The sum s of the weighted valences, plus `exclamation-increment` × the number
/// of `!` (at most `exclamation-max`) in the direction of s, gives the score s / √(s² + `normalisation`).
///
/// Words the lexicon lacks are matched through the language's suffix and prefix rules (derived when
/// the data is parsed, so a lookup is one hash), hyphenated words part by part, and elongated words
/// shortened. Idioms and multi-word negators, boosters and contrast words are matched before single
/// words, longest first.
public struct SentimentAnalyzer: Sendable {
    public let languages: [SentimentLanguage]
    private let byCode: [String: Int]

    /// The first language is the fallback for comments in a language without data.
    public init(languages: [SentimentLanguage]) {
        self.languages = languages
        var byCode: [String: Int] = [:]
        for (i, language) in languages.enumerated() where byCode[language.code.lowercased()] == nil {
            byCode[language.code.lowercased()] = i
        }
        self.byCode = byCode
    }

    /// The language used for a code: the exact code, else its primary subtag (`de-CH` → `de`),
    /// else the first language.
    public func language(for code: String?) -> SentimentLanguage? {
        guard !languages.isEmpty else { return nil }
        guard let code = code?.lowercased() else { return languages[0] }
        if let i = byCode[code] { return languages[i] }
        if let primary = code.split(whereSeparator: { $0 == "-" || $0 == "_" }).first, let i = byCode[String(primary)] {
            return languages[i]
        }
        return languages[0]
    }

    /// The comment's sentiment, −1…1 (0 without languages or without sentiment words).
    public func score(_ text: String, language code: String?) -> Double {
        guard let language = language(for: code) else { return 0 }
        return SentimentScorer(language: language).score(text)
    }
}

/// The classes of a score: below −0.05 negative, above +0.05 positive, neutral between (the
/// thresholds VADER's authors recommend for its compound score; we use them for both systems).
public enum SentimentClass: String, Sendable, Codable, CaseIterable {
    case negative, neutral, positive

    public static let threshold = 0.05

    public static func of(_ score: Double) -> SentimentClass {
        score < -threshold ? .negative : score > threshold ? .positive : .neutral
    }
}

/// Applies one language's rules to a comment.
struct SentimentScorer {
    let language: SentimentLanguage

    enum Kind: UInt8 { case other, sentiment, negator, booster, contrast, concessive, irrealis }

    struct Unit {
        var kind: Kind
        /// The valence of a sentiment unit, the increment of a booster, the weight before a contrast
        /// word or of a concessive word's own clause.
        var value: Float = 0
        /// The weight after a contrast word, or of the rest of a concessive word's sentence.
        var other: Float = 0
        /// Added to a sentiment unit's magnitude (capitals, elongation).
        var emphasis: Float = 0
        /// An emoticon or emoji, which words do not negate or boost.
        var symbol = false
        var clause: Int32
        var sentence: Int32
    }

    func score(_ text: String) -> Double {
        var none: [Double]? = nil
        return score(text, contributions: &none)
    }

    /// The score, and in `contributions` (when not nil) each unit's weighted valence, for tests and tuning.
    func score(_ text: String, contributions: inout [Double]?) -> Double {
        var tokens: [SentimentToken] = []
        tokens.reserveCapacity(64)
        let found = SentimentTokenizer(language: language).tokenize(text, into: &tokens)
        let units = self.units(tokens, hasLowercase: found.hasLowercase)
        let s = settings
        var total = sum(units, contributions: &contributions)
        if total != 0 {
            total += (total > 0 ? 1 : -1) * Double(min(found.exclamations, s.exclamationMax)) * s.exclamationIncrement
        }
        let score = total / (total * total + s.normalisation).squareRoot()
        return max(-1, min(1, score))
    }

    var settings: SentimentLanguage.Settings { language.settings }

    /// Groups the tokens into units (idioms and multi-word roles matched first) and gives each its
    /// clause and sentence.
    func units(_ tokens: [SentimentToken], hasLowercase: Bool) -> [Unit] {
        var units: [Unit] = []
        units.reserveCapacity(tokens.count)
        let words = language.words
        let phrases = language.phrases
        let capsIncrement = Float(settings.capsIncrement), elongationIncrement = Float(settings.elongationIncrement)
        var clause: Int32 = 0, sentence: Int32 = 0
        var i = 0
        while i < tokens.count {
            let t = tokens[i]
            if i > 0 && t.boundary == 2 { sentence += 1; clause += 1 } else if i > 0 && t.boundary == 1 { clause += 1 }
            let opensClause = i == 0 || t.boundary > 0
            guard t.id >= 0 else {
                units.append(Unit(kind: .other, clause: clause, sentence: sentence))
                i += 1
                continue
            }
            let word = words[Int(t.id)]
            var valence = word.valence
            var role = word.role
            var length = 1
            for p in word.phrases {
                let phrase = phrases[Int(p)]
                let n = phrase.words.count
                guard i + n <= tokens.count else { continue }
                var same = true
                for m in 1..<n where tokens[i + m].id != phrase.words[m] || tokens[i + m].boundary != 0 { same = false; break }
                if same {
                    length = n
                    role = phrase.role
                    valence = phrase.role == .none ? phrase.valence : .nan
                    break
                }
            }
            var emphasis: Float = 0
            if t.caps && hasLowercase { emphasis += capsIncrement }
            if t.elongated { emphasis += elongationIncrement }
            switch role {
            case .none:
                units.append(valence.isNaN ? Unit(kind: .other, clause: clause, sentence: sentence)
                                           : Unit(kind: .sentiment, value: valence, emphasis: emphasis, symbol: t.symbol, clause: clause, sentence: sentence))
            case .negator:
                // Its own valence (no: −1.2) counts when it negates nothing (no perks, no caffeine).
                units.append(Unit(kind: .negator, value: valence.isNaN ? 0 : valence, clause: clause, sentence: sentence))
            case .booster(let increment):
                // A booster that is also a lexicon word (pretty, super) boosts only when a sentiment
                // word or another booster follows it in its clause.
                if valence.isNaN || boosts(tokens, after: i + length - 1) {
                    units.append(Unit(kind: .booster, value: increment, clause: clause, sentence: sentence))
                } else {
                    units.append(Unit(kind: .sentiment, value: valence, emphasis: emphasis, clause: clause, sentence: sentence))
                }
            case .contrast(let before, let after, let clauseStart):
                if clauseStart && !opensClause {
                    units.append(Unit(kind: .other, clause: clause, sentence: sentence))
                } else {
                    clause += 1
                    units.append(Unit(kind: .contrast, value: before, other: after, clause: clause, sentence: sentence))
                }
            case .concessive(let own, let rest):
                clause += 1
                units.append(Unit(kind: .concessive, value: own, other: rest, clause: clause, sentence: sentence))
            case .irrealis(let weight):
                units.append(Unit(kind: .irrealis, value: weight, clause: clause, sentence: sentence))
            }
            i += length
        }
        return units
    }

    /// Whether the token after `i` (in the same clause) has a valence or boosts.
    func boosts(_ tokens: [SentimentToken], after i: Int) -> Bool {
        guard i + 1 < tokens.count, tokens[i + 1].boundary == 0, tokens[i + 1].id >= 0 else { return false }
        let next = language.words[Int(tokens[i + 1].id)]
        if !next.valence.isNaN { return true }
        if case .booster = next.role { return true }
        return false
    }

    /// The weighted sum of the sentiment units' valences.
    func sum(_ units: [Unit], contributions: inout [Double]?) -> Double {
        var units = units
        if contributions != nil { contributions = Array(repeating: 0, count: units.count) }
        let s = settings
        let boosterDecay = Float(s.boosterDecay)
        let negationFactor = Float(s.negationFactor), negationFactorNegative = Float(s.negationFactorNegative)
        let negativeWeight = Float(s.negativeWeight)
        var total = 0.0
        var previousSentence = 0.0
        var start = 0
        while start < units.count {
            let sentence = units[start].sentence
            var end = start
            var contrast = -1, concessive = -1
            var sentimentBeforeContrast = false, sentimentSoFar = false
            while end < units.count && units[end].sentence == sentence {
                switch units[end].kind {
                case .sentiment: sentimentSoFar = true
                case .contrast: contrast = end; sentimentBeforeContrast = sentimentSoFar
                case .concessive: if concessive < 0 { concessive = end }
                default: break
                }
                end += 1
            }
            var sum = 0.0
            for k in start..<end where units[k].kind == .sentiment {
                let unit = units[k]
                var v = unit.value
                if v == 0 { continue }
                let sign: Float = v > 0 ? 1 : -1
                var magnitude = abs(v) + unit.emphasis
                var factor: Float = 1
                var j = k - 1
                while !unit.symbol && j >= start && k - j <= s.boosterWindow && units[j].clause == unit.clause {
                    if units[j].kind == .booster { magnitude += units[j].value * factor }
                    factor *= boosterDecay
                    j -= 1
                }
                v = sign * max(0, magnitude)
                if !unit.symbol, let negator = negator(units, k, from: start, to: end) {
                    v *= v > 0 ? negationFactor : negationFactorNegative
                    units[negator].value = 0
                }
                var weight: Float = v < 0 ? negativeWeight : 1
                if contrast >= 0 {
                    if k > contrast { weight *= units[contrast].other } else { weight *= units[contrast].value }
                }
                var j2 = k - 1
                while j2 >= start && units[j2].clause == unit.clause {
                    if units[j2].kind == .irrealis { weight *= units[j2].value; break }
                    j2 -= 1
                }
                if concessive >= 0 {
                    weight *= (k > concessive && unit.clause == units[concessive].clause) ? units[concessive].value : units[concessive].other
                }
                sum += Double(v * weight)
                contributions?[k] = Double(v * weight)
            }
            for k in start..<end where units[k].kind == .negator && units[k].value != 0 {
                sum += Double(units[k].value)
                contributions?[k] = Double(units[k].value)
            }
            if contrast >= 0 && !sentimentBeforeContrast && start > 0 {
                // A sentence that opens with "But" or "However" weights the one before it.
                total += previousSentence * (Double(units[contrast].value) - 1)
            }
            total += sum
            previousSentence = sum
            start = end
        }
        return total
    }

    /// The negator that reaches the sentiment unit at `k`, if any: before it within the window, or
    /// after it where the language negates after, always in the same clause.
    func negator(_ units: [Unit], _ k: Int, from start: Int, to end: Int) -> Int? {
        let clause = units[k].clause
        var j = k - 1
        while j >= start && k - j <= settings.negationWindow && units[j].clause == clause {
            if units[j].kind == .negator { return j }
            j -= 1
        }
        j = k + 1
        while j < end && j - k <= settings.negationWindowAfter && units[j].clause == clause {
            if units[j].kind == .negator { return j }
            j += 1
        }
        return nil
    }
}
