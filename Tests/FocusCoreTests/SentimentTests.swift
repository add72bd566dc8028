import FocusCore
import Foundation
import Testing

/// Every rule of the sentiment analyzer on a small language written here, with the expected sums
/// worked out by hand (in the comments) and put through s / √(s² + 15); the shipped English and
/// German data on a few comments; and the evaluation metrics against numbers computed by hand.
@Suite("Sentiment")
struct SentimentTests {
    static let data = """
        # A small language for the tests.
        [settings]
        negation-factor\t-0.75
        negation-factor-negative\t-0.5
        negation-window\t3
        negation-suffix\tn't
        booster-window\t3
        booster-decay\t0.9
        caps-increment\t0.7
        caps-min-letters\t2
        elongation-increment\t0.3
        exclamation-increment\t0.3
        exclamation-max\t4
        normalisation\t15

        [negators]
        not
        no
        [boosters]
        very\t0.3
        slightly\t-0.3
        pretty\t0.15
        kind of\t-0.3
        [contrast]
        but\t0.5\t1.5
        yet\t0.5\t1.5\tclause-start
        [concessive]
        although\t0.5\t1.5
        [irrealis]
        would\t0.75
        [phrases]
        waste of time\t-2.5
        at least\t0
        [suffixes]
        ly\t1
        s\t1
        [prefixes]
        un\t-0.8
        [lexicon]
        good\t2
        bad\t-2
        kind\t2
        pretty\t2
        no\t-1
        :)\t2
        😀\t2
        """

    static let german = """
        [settings]
        negation-window-after\t2
        [negators]
        nicht
        [boosters]
        sehr\t0.3
        [contrast]
        aber\t0.5\t1.5
        [suffixes]
        en\t1
        [lexicon]
        gut\t2
        unfreundlich\t-2
        schnell\t1
        schön\t1
        """

    static let analyzer: SentimentAnalyzer = {
        let test = try! SentimentLanguage(parsing: data, code: "en")
        let de = try! SentimentLanguage(parsing: german, code: "de")
        return SentimentAnalyzer(languages: [test, de])
    }()

    /// What the analyzer makes of a sum s of valences.
    static func normalised(_ s: Double) -> Double { s / (s * s + 15).squareRoot() }

    private func expectScore(_ text: String, sum: Double, language: String? = "en", sourceLocation: SourceLocation = #_sourceLocation) {
        let score = Self.analyzer.score(text, language: language)
        #expect(abs(score - Self.normalised(sum)) < 1e-6, "'\(text)': \(score), expected the sum \(sum) → \(Self.normalised(sum))",
                sourceLocation: sourceLocation)
    }

    // MARK: the rules

    @Test("a lexicon word counts its valence, normalised into -1…1; no sentiment word gives 0")
    func lexicon() {
        expectScore("good", sum: 2)  // 2/√19 = 0.4588
        expectScore("Good.", sum: 2)
        expectScore("bad", sum: -2)
        expectScore("good good", sum: 4)
        expectScore("the table", sum: 0)
        expectScore("", sum: 0)
        #expect(abs(Self.analyzer.score("good", language: "en") - 0.458831467741123) < 1e-12)
    }

    @Test("negation flips a positive word at 3/4 strength and a negative one at half, within three words of its clause")
    func negation() {
        expectScore("not good", sum: -1.5)  // 2 × -0.75
        expectScore("not bad", sum: 1)  // -2 × -0.5: 1/√16 = 0.25
        #expect(abs(Self.analyzer.score("not bad", language: "en") - 0.25) < 1e-12)
        expectScore("not at all good", sum: -1.5)  // three words before
        expectScore("not the thing that is good", sum: 2)  // five words before: out of reach
        expectScore("not now, good", sum: 2)  // the comma ends the negator's clause
        expectScore("isn't good", sum: -1.5)  // n't
        expectScore("no coffee", sum: -1)  // a negator with nothing to negate counts its own valence
        expectScore("no good", sum: -1.5)  // ... and not when it negates
    }

    @Test("boosters add their increment to the magnitude, decaying by 0.9 a word; dampeners subtract")
    func boosters() {
        expectScore("very good", sum: 2.3)
        expectScore("very bad", sum: -2.3)
        expectScore("very very good", sum: 2.57)  // 2 + 0.3 + 0.3 × 0.9
        expectScore("slightly bad", sum: -1.7)
        expectScore("kind of good", sum: 1.7)  // a booster of two words; "kind" is not scored
        expectScore("not very good", sum: -1.725)  // (2 + 0.3) × -0.75
        expectScore("pretty good", sum: 2.15)  // a lexicon word that boosts when a sentiment word follows
        expectScore("pretty", sum: 2)  // ... and is scored otherwise
    }

    @Test("contrast weights the clause before 'but' by 0.5 and after by 1.5, across sentences when it opens one")
    func contrast() {
        expectScore("good but bad", sum: -2)  // 2 × 0.5 - 2 × 1.5
        expectScore("bad but good", sum: 2)
        expectScore("Good. But bad.", sum: -2)  // the previous sentence × 0.5
        expectScore("good, yet bad", sum: -2)  // yet opens a clause
        expectScore("good yet bad", sum: 0)  // mid-clause, yet is not a contrast
        expectScore("although good, bad", sum: -2)  // its own clause × 0.5, the rest × 1.5
        expectScore("bad, although good", sum: -2)  // -2 × 1.5 + 2 × 0.5
        expectScore("not good but good", sum: 2.25)  // -1.5 × 0.5 + 2 × 1.5: the negation stops at 'but'
    }

    @Test("capitals in mixed-case text, elongation and exclamation marks add emphasis")
    func emphasis() {
        expectScore("GOOD stuff", sum: 2.7)
        expectScore("GOOD", sum: 2)  // all capitals: no emphasis
        expectScore("goooood", sum: 2.3)  // shortened to good, + 0.3
        expectScore("good!!", sum: 2.6)  // 2 + 2 × 0.3
        expectScore("good!!!!!!!", sum: 3.2)  // at most four count
        expectScore("bad!", sum: -2.3)
    }

    @Test("emoticons and emoji count, and words do not negate them")
    func emoticons() {
        expectScore("ok :)", sum: 2)
        expectScore("not :)", sum: 2)
        expectScore("ok😀", sum: 2)
    }

    @Test("idioms, derived forms and modal clauses")
    func phrasesAndForms() {
        expectScore("a waste of time", sum: -2.5)
        expectScore("at least", sum: 0)
        expectScore("kindly", sum: 2)  // kind + ly
        expectScore("unkind", sum: -1.6)  // 2 × -0.8
        expectScore("goods", sum: 2)
        expectScore("would be good", sum: 1.5)  // 2 × 0.75
        expectScore("well-good", sum: 2)  // a hyphenated word, part by part
    }

    @Test("a language without data falls back to the first; a region falls back to its language")
    func fallback() {
        let english = Self.analyzer.score("good", language: "en")
        #expect(Self.analyzer.score("good", language: nil) == english)
        #expect(Self.analyzer.score("good", language: "fr") == english)
        #expect(Self.analyzer.language(for: "de-CH")?.code == "de")
        #expect(Self.analyzer.language(for: "DE")?.code == "de")
        #expect(SentimentAnalyzer(languages: []).score("good", language: "en") == 0)
    }

    @Test("German: negation after the verb, boosters, contrast, inflected forms")
    func german() {
        expectScore("Das ist nicht gut.", sum: -1.5, language: "de")
        expectScore("Das finde ich gut nicht.", sum: -1.5, language: "de")  // nicht after gut
        expectScore("Sehr unfreundlich", sum: -2.3, language: "de")
        expectScore("schnell, aber unfreundlich", sum: -2.5, language: "de")  // 1 × 0.5 - 2 × 1.5
        expectScore("Ein guten Tag", sum: 2, language: "de")  // gut + en
        expectScore("SCHÖN war es", sum: 1.7, language: "de")  // capitals beyond ASCII, lower-cased by Unicode's rules
    }

    // MARK: the data format

    @Test("data errors name the line", arguments: [
        ("[lexicon]\ngood\t2\nbad\tx", 3, "the valence must be a number"),
        ("good\t2", 1, "an entry before any section"),
        ("[lexicon]\ngood\t2\n\n# note\ngood\t1", 5, "already in the lexicon (line 2)"),
        ("[words]\ngood\t2", 1, "unknown section [words]"),
        ("[settings]\nspeed\t3", 2, "unknown setting 'speed'"),
        ("[lexicon]\ngood\t9", 2, "must be from -4.0 to 4.0"),
        ("[lexicon]\ngood", 2, "expected a word and its valence"),
        ("[boosters]\nvery\t0.3\nvery\t0.2", 3, "already has a role (line 2)"),
        ("[contrast]\nbut\t0.5\t1.5\tsometimes", 2, "may only be 'clause-start'"),
        ("[phrases]\ngood\t2", 2, "a phrase needs two or more words"),
        ("[settings]\nnegation-window\t-1", 2, "negation-window must be a whole number"),
    ])
    func errors(text: String, line: Int, message: String) {
        do {
            _ = try SentimentLanguage(parsing: text, code: "xx")
            Issue.record("no error for \(text)")
        } catch let error as SentimentDataError {
            #expect(error.line == line)
            #expect(error.message.contains(message), "\(error.message)")
            #expect(error.description.hasPrefix("sentiment data 'xx', line \(line): "))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    // MARK: the shipped data

    static let lexicons = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources/FocusServer/Resources/lexicons")

    static func shipped(_ code: String) throws -> SentimentLanguage {
        try SentimentLanguage(parsing: String(contentsOf: lexicons.appendingPathComponent("\(code).sentiment"), encoding: .utf8), code: code)
    }

    @Test("the English data: VADER's lexicon with our additions, and its rules on customer comments")
    func english() throws {
        let en = try Self.shipped("en")
        #expect(en.lexiconCount > 7_500)
        #expect(en.valence(of: "good") == Double(Float(1.9)))  // from VADER's lexicon
        #expect(en.valence(of: "unhelpful") == Double(Float(-2.0)))  // ours
        #expect(en.valence(of: "likely") == 0)  // kept from deriving like + ly
        let analyzer = SentimentAnalyzer(languages: [en])
        #expect(analyzer.score("Great support, quick and friendly!", language: "en") > 0.5)
        #expect(analyzer.score("The agent was not helpful at all.", language: "en") < -0.05)
        #expect(analyzer.score("I waited two hours on hold and nobody called back.", language: "en") < -0.05)
        #expect(analyzer.score("The form was OK, but the wait was a waste of time.", language: "en") < -0.05)
        #expect(analyzer.score("Not bad at all", language: "en") > 0.05)
        #expect(SentimentClass.of(analyzer.score("Send the invoice to my new address.", language: "en")) == .neutral)
    }

    @Test("the German data")
    func germanData() throws {
        let analyzer = SentimentAnalyzer(languages: [try Self.shipped("en"), try Self.shipped("de")])
        // gefällt 1.8, negated by the nicht after it: -1.35.
        #expect(abs(analyzer.score("Das gefällt mir nicht.", language: "de") - Self.normalised(-1.35)) < 1e-6)
        // sehr unfreundlich: -(2.1 + 0.3); Wartezeit -1.0; zu lange: -(0.8 + 0.3).
        #expect(abs(analyzer.score("Die Mitarbeiter waren sehr unfreundlich und die Wartezeit war viel zu lange.", language: "de")
                    - Self.normalised(-2.4 - 1.0 - (0.8 + 0.3 + 0.2 * 0.9))) < 1e-6)
        #expect(analyzer.score("Vielen Dank, alles bestens!", language: "de") > 0.5)
        #expect(analyzer.score("Schnelle Lieferung, aber die Seite ist unübersichtlich.", language: "de") < -0.05)
    }

    // MARK: the metrics

    @Test("Pearson's r against a hand computation")
    func pearson() throws {
        // x̄ = 2.5, ȳ = 5; Σdxdy = 4.5 + 0.5 + 0 + 6 = 11; Σdx² = 5; Σdy² = 9 + 1 + 0 + 16 = 26; r = 11/√130.
        let r = try #require(SentimentEvaluation.pearson([1, 2, 3, 4], [2, 4, 5, 9]))
        #expect(abs(r - 0.9647638212377322) < 1e-12)
        #expect(SentimentEvaluation.pearson([1, 1, 1], [1, 2, 3]) == nil)
        #expect(SentimentEvaluation.pearson([1], [2]) == nil)
        #expect(abs(try #require(SentimentEvaluation.pearson([1, 2, 3], [3, 2, 1])) + 1) < 1e-12)
    }

    @Test("accuracy and macro-F1 over three classes against a hand computation")
    func classes() {
        let gold: [SentimentClass] = [.negative, .negative, .neutral, .positive, .positive, .positive]
        let predicted: [SentimentClass] = [.negative, .neutral, .neutral, .positive, .negative, .positive]
        #expect(abs(SentimentEvaluation.accuracy(gold: gold, predicted: predicted) - 4.0 / 6.0) < 1e-12)
        // negative: TP 1, FP 1, FN 1 → 2/4; neutral: TP 1, FP 1, FN 0 → 2/3; positive: TP 2, FP 0, FN 1 → 4/5.
        let expected = (0.5 + 2.0 / 3.0 + 0.8) / 3
        #expect(abs(SentimentEvaluation.macroF1(gold: gold, predicted: predicted) - expected) < 1e-12)
        // A class in neither list is left out: only positive, all right.
        #expect(SentimentEvaluation.macroF1(gold: [.positive, .positive], predicted: [.positive, .positive]) == 1)
        // A class in one list only has F1 0: positive 2·1/(2·1 + 0 + 1) = 2/3, neutral 0.
        #expect(abs(SentimentEvaluation.macroF1(gold: [.positive, .positive], predicted: [.positive, .neutral]) - 1.0 / 3.0) < 1e-12)
    }

    @Test("the class thresholds: ratings ±0.5, scores ±0.05")
    func thresholds() {
        #expect(SentimentEvaluation.ratingClass(-0.5) == .neutral)
        #expect(SentimentEvaluation.ratingClass(-0.51) == .negative)
        #expect(SentimentEvaluation.ratingClass(0.5) == .neutral)
        #expect(SentimentEvaluation.ratingClass(0.51) == .positive)
        #expect(SentimentClass.of(0.05) == .neutral)
        #expect(SentimentClass.of(0.0501) == .positive)
        #expect(SentimentClass.of(-0.06) == .negative)
        // evaluate: ratings → [negative, neutral, positive], scores → [negative, positive, positive].
        let figures = SentimentEvaluation.evaluate(ratings: [-2, 0, 2], scores: [-0.5, 0.1, 0.5])
        #expect(figures.texts == 3)
        #expect(abs(figures.accuracy - 2.0 / 3.0) < 1e-12)
        // negative 2/2 = 1; neutral TP 0, FN 1 → 0; positive TP 1, FP 1 → 2/3.
        #expect(abs(figures.macroF1 - (1 + 0 + 2.0 / 3.0) / 3) < 1e-12)
        // r of [-0.5, 0.1, 0.5] with [-2, 0, 2]: x̄ = 1/30, ȳ = 0; dx = [-16/30, 2/30, 14/30], dy = [-2, 0, 2]:
        // Σdxdy = 32/30 + 28/30 = 2, Σdx² = (256 + 4 + 196)/900 = 0.50667, Σdy² = 8; r = 2/√4.05333.
        #expect(abs(figures.pearson - 2 / (0.5066666666666667 * 8).squareRoot()) < 1e-12)
    }

    @Test("the ground-truth format: ID, mean rating, text; errors name the line")
    func groundTruth() throws {
        let texts = try SentimentEvaluation.parseLabelled("1\t2.5\tGood,\treally good\r\n\n2\t-1.25\tBad\n")
        #expect(texts == [.init(id: "1", rating: 2.5, text: "Good,\treally good"), .init(id: "2", rating: -1.25, text: "Bad")])
        #expect(throws: SentimentEvaluation.FormatError(line: 2, message: "the mean rating must be a number, found 'x'")) {
            try SentimentEvaluation.parseLabelled("1\t2\tok\r\n2\tx\ttext")
        }
        #expect(throws: SentimentEvaluation.FormatError(line: 1, message: "expected ID, mean rating and text separated by TABs, found 2 fields")) {
            try SentimentEvaluation.parseLabelled("1\t2")
        }
        #expect(try SentimentEvaluation.parseScores("tweets:1\t0.5\ntweets:2\t-0.25\n") == ["tweets:1": 0.5, "tweets:2": -0.25])
        #expect(throws: SentimentEvaluation.FormatError(line: 2, message: "the ID 'a' is given twice")) {
            try SentimentEvaluation.parseScores("a\t1\na\t2")
        }
    }
}
