import FocusCore
import Foundation
import Testing

/// Themes, emerging terms, theme impact and search queries. Statistics are checked against
/// `scripts/reference/text_reference.py` (SciPy), stored in `Data/text-reference.json`.
@Suite("Comment themes, emerging terms and search")
struct TextAnalysisTests {
    struct Reference: Decodable {
        struct Table: Decodable { let recent, n1, earlier, n2: Int; let g, p: Double }
        struct Impact: Decodable {
            let with: [Int]
            let all: [Int]
            let difference, low, high, pValue, points, pointsLow, pointsHigh: Double
        }
        let gSquared: [Table]
        let impact: [Impact]
    }

    static let reference: Reference = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Data/text-reference.json")
        return try! JSONDecoder().decode(Reference.self, from: Data(contentsOf: url))
    }()

    @Test("words are split at everything but letters and digits, and lower-cased")
    func words() {
        #expect(WordTokenizer.words("I can't find the E-Mail!  Größe 40min") == ["i", "can", "t", "find", "the", "e", "mail", "größe", "40min"])
        #expect(WordTokenizer.words("") == [])
        #expect(WordTokenizer.words("...!?") == [])
    }

    @Test("a theme matches words, stems and phrases, in the comment's language or any")
    func matching() throws {
        let billing = try ThemeDefinition(key: "billing", name: "Billing", terms: ["en": ["Invoic*", "amount due", "bill"], "de": ["rechnung*"]]).validated()
        let waiting = try ThemeDefinition(key: "waiting", name: "Waiting", terms: ["*": ["on hold", "wait*"]]).validated()
        let matcher = ThemeMatcher([billing, waiting])
        #expect(matcher.themes(of: "The new invoices are confusing", language: "en") == [0])
        #expect(matcher.themes(of: "I can't find the amount due", language: "en") == [0])
        #expect(matcher.themes(of: "The amount is due", language: "en") == [])
        #expect(matcher.themes(of: "My bills", language: "en") == [], "an exact word does not match its plural")
        #expect(matcher.themes(of: "Die Rechnungen sind falsch", language: "de") == [0])
        #expect(matcher.themes(of: "Die Rechnungen sind falsch", language: "en") == [], "German terms do not apply to English comments")
        #expect(matcher.themes(of: "Die Rechnungen sind falsch", language: nil) == [0], "an unknown language is matched against every language")
        #expect(matcher.themes(of: "On hold for ages, and the invoice was wrong", language: "en") == [0, 1])
        #expect(matcher.themes(of: "Waiting. Waiting. Invoice.", language: "de") == [1], "terms for all languages apply everywhere")
        #expect(matcher.themes(of: "on", language: "en") == [], "a phrase cut off at the end does not match")
    }

    @Test("theme definitions are checked and normalised, errors name the term")
    func definitions() throws {
        let theme = try ThemeDefinition(key: "k", name: " Mail ", terms: ["en": ["E-Mail*", " On  Hold ", "on hold"]]).validated()
        #expect(theme.name == "Mail")
        #expect(theme.terms == ["en": ["e mail*", "on hold"]])
        #expect(throws: FieldError("terms.en[1]", "\"ab*\": a stem needs at least 3 letters before the *")) {
            try ThemeDefinition(key: "k", name: "X", terms: ["en": ["fine", "ab*"]]).validated()
        }
        #expect(throws: FieldError("terms.en[0]", "is empty")) { try ThemeDefinition(key: "k", name: "X", terms: ["en": ["  "]]).validated() }
        #expect(throws: FieldError("terms.de[0]", "may use * only at the end of a word, as in invoic*")) {
            try ThemeDefinition(key: "k", name: "X", terms: ["de": ["re*chnung"]]).validated()
        }
        #expect(throws: FieldError("name", "is required")) { try ThemeDefinition(key: "k", name: " ", terms: ["en": ["a"]]).validated() }
        #expect(throws: FieldError("terms", "must list at least one term")) { try ThemeDefinition(key: "k", name: "X", terms: [:]).validated() }
        #expect(throws: FieldError.self) { try ThemeDefinition(key: "k", name: "X", terms: ["english!": ["a"]]).validated() }
        for builtIn in BuiltInThemes.all { #expect(throws: Never.self) { try builtIn.validated() } }
    }

    @Test("the built-in themes find the demo's kinds of comment")
    func builtIns() throws {
        let themes = try BuiltInThemes.all.map { try $0.validated() }
        let matcher = ThemeMatcher(themes)
        func keys(_ text: String, _ language: String = "en") -> Set<String> { Set(matcher.themes(of: text, language: language).map { themes[$0].key }) }
        #expect(keys("On hold for 35 minutes, then the line dropped.") == ["waiting"])
        #expect(keys("I can't find the amount due on the new invoice.") == ["billing"])
        #expect(keys("My claim took far too long to settle.") == ["claims", "waiting"])
        #expect(keys("Why can't I change my address online?") == ["personal-details", "digital"])
        #expect(keys("Der Mitarbeiter am Telefon war unfreundlich.", "de") == ["friendliness"])
        #expect(keys("Viel zu teuer für diese Leistung.", "de") == ["price"])
    }

    @Test("G² and its p-value match the reference")
    func gSquared() {
        for table in Self.reference.gSquared {
            let g = EmergingTerms.gSquared(recent: table.recent, of: table.n1, earlier: table.earlier, of: table.n2)
            #expect(abs(g - table.g) < 1e-9, "\(table)")
            #expect(abs(EmergingTerms.pValue(gSquared: g) - table.p) <= 1e-9 * table.p, "\(table)")
        }
    }

    @Test("a term that rose is found, a steady one and a rare one are not, a word inside a rising phrase is folded into it")
    func emerging() {
        var earlier = TermCounts(), recent = TermCounts()
        for i in 0..<900 { earlier.add(i % 3 == 0 ? "The agent was friendly" : "Claim paid quickly", language: "en") }
        for i in 0..<300 {
            let text: String = switch i % 10 {
            case 0, 1, 2: "The new invoice layout is confusing"
            case 3: "The agent was friendly and the new invoice layout too"
            case 4: "Strange glitch"
            default: i % 3 == 0 ? "The agent was friendly" : "Claim paid quickly"
            }
            recent.add(text, language: "en")
        }
        let result = EmergingTerms.rising(recent: recent, earlier: earlier, minimumRecent: 5)
        let terms = result.terms.map(\.term)
        #expect(terms.contains("invoice layout"))
        #expect(terms.contains("new invoice"))
        #expect(!terms.contains("invoice"), "folded into the phrases that hold its mentions")
        #expect(!terms.contains("agent"))
        #expect(!terms.contains("the"))
        #expect(terms.contains("strange glitch"))
        let layout = result.terms.first { $0.term == "invoice layout" }!
        #expect(layout.recent == 120 && layout.earlier == 0)
        #expect(abs(layout.recentShare - 40) < 1e-12)
        #expect(abs(layout.ratio - (120.5 / 300) / (0.5 / 900)) < 1e-9)
        // 'strange glitch', 'invoice layout', 'new invoice' and more, each tested: the level is split among them.
        #expect(result.threshold == 0.05 / Double(result.tested))
        #expect(EmergingTerms.rising(recent: TermCounts(), earlier: earlier).terms.isEmpty)
    }

    @Test("a theme's cost in NPS points matches the reference")
    func impact() {
        for r in Self.reference.impact {
            let effect = ThemeImpact.nps(with: (r.with[0], r.with[1], r.with[2]), all: (r.all[0], r.all[1], r.all[2]))
            #expect(abs(effect.difference!.difference - r.difference) < 1e-9)
            #expect(abs(effect.difference!.interval.low - r.low) < 1e-9)
            #expect(abs(effect.difference!.interval.high - r.high) < 1e-9)
            #expect(abs(effect.difference!.pValue - r.pValue) < 1e-9)
            #expect(abs(effect.points! - r.points) < 1e-9)
            #expect(abs(effect.pointsInterval!.low - r.pointsLow) < 1e-9)
            #expect(abs(effect.pointsInterval!.high - r.pointsHigh) < 1e-9)
        }
        // By hand: 10 of 50 mention it, NPS −30 with it and +25 without: it costs 0.2 × (−55) = −11 points.
        let hand = ThemeImpact.nps(with: (2, 3, 5), all: (22, 13, 15))
        #expect(hand.withTheme.value == -30)
        #expect(hand.withoutTheme.value == 25)
        #expect(abs(hand.points! - -11) < 1e-12)
        // CSAT: 3 of 10 satisfied with it, 30 of 40 without: 0.2 × (30 − 75) = −9 percent points.
        let csat = ThemeImpact.share(with: (3, 10), all: (33, 50))
        #expect(abs(csat.points! - -9) < 1e-9)
        #expect(ThemeImpact.nps(with: (0, 0, 0), all: (1, 1, 1)).points == nil)
    }

    @Test("a search query is written out for FTS5 and for PostgreSQL, and highlights its matches")
    func search() throws {
        let query = try SearchQuery("Invoice \"amount due\" claim* -price")
        #expect(query.fts5 == "\"invoice\" AND \"amount due\" AND \"claim\"* NOT \"price\"")
        #expect(query.tsquery == "invoice & (amount <-> due) & claim:* & !price")
        let fragments = query.fragments(of: "Claims: the INVOICE shows no amount due. Amount is due.")
        #expect(fragments == [
            SearchFragment(text: "Claims", match: true), SearchFragment(text: ": the ", match: false),
            SearchFragment(text: "INVOICE", match: true), SearchFragment(text: " shows no ", match: false),
            SearchFragment(text: "amount due", match: true), SearchFragment(text: ". Amount is due.", match: false),
        ])
        #expect(try SearchQuery("e-mail").tsquery == "(e <-> mail)")
        #expect(try SearchQuery("\"it's\" OR").fts5 == "\"it s\" AND \"or\"", "operators are plain words")
        #expect(throws: FieldError("q", "must contain at least one word to look for")) { try SearchQuery("-price") }
        #expect(throws: FieldError("q", "must contain at least one word to look for")) { try SearchQuery("  ?! ") }
        #expect(throws: FieldError("q", "\"ab*\": a stem needs at least 3 letters before the *")) { try SearchQuery("ab*") }
    }
}
