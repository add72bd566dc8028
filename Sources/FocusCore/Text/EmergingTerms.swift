import RealModule

/// Counts, for a set of comments, how many mention each term: every word that is not a stop
/// word, and every pair of adjacent words of which neither is one ("new invoice", "amount due").
/// A comment counts once per term however often it repeats it (document frequency).
public struct TermCounts: Sendable {
    public private(set) var documents = 0
    public private(set) var counts: [String: Int] = [:]

    public init() {}

    public mutating func add(_ text: String, language: String?) {
        add(words: WordTokenizer.words(text), language: language)
    }

    public mutating func add(words: [String], language: String?) {
        documents += 1
        let stop = Stopwords.of(language)
        var seen = Set<String>()
        var previous: String?
        for word in words {
            // Numbers and single letters are rarely a topic: "40 minutes" rises with "minutes".
            let usable = word.count > 1 && !stop.contains(word) && !word.allSatisfy(\.isNumber)
            if usable {
                seen.insert(word)
                if let previous { seen.insert(previous + " " + word) }
            }
            previous = usable ? word : nil
        }
        for term in seen { counts[term, default: 0] += 1 }
    }
}

/// Terms whose share of comments rose significantly in a recent period against the period
/// before it: a new problem shows up here before anyone defines a theme for it.
///
/// Each term's counts form a 2×2 table (recent / earlier × mentions / does not); the test is
/// Dunning's log-likelihood ratio G² = 2 Σ O·ln(O/E) (Dunning 1993, "Accurate methods for the
/// statistics of surprise and coincidence", Computational Linguistics 19), which stays reliable
/// for rare terms where the χ² approximation of Pearson's test does not. Under no change G² is
/// χ² with one degree of freedom, so p = erfc(√(G²/2)). Only rises count, and because thousands of
/// terms are tested at once the level is divided by their number (Bonferroni): a term must reach
/// p < alpha / tested.
public enum EmergingTerms {
    public struct Term: Sendable, Equatable {
        public let term: String
        public let recent: Int
        public let earlier: Int
        /// Share of recent comments that mention it, in percent.
        public let recentShare: Double
        /// Share of earlier comments that mention it, in percent.
        public let earlierShare: Double
        /// How many times more often it is mentioned now (with half a mention added to both
        /// counts, so a term new in the recent period has a finite ratio).
        public let ratio: Double
        public let gSquared: Double
        public let pValue: Double
    }

    public struct Result: Sendable, Equatable {
        public let terms: [Term]
        /// Terms with enough recent mentions to be tested.
        public let tested: Int
        /// The p-value a term had to beat.
        public let threshold: Double
    }

    /// G² of the 2×2 table [[a, n1 − a], [b, n2 − b]].
    public static func gSquared(recent a: Int, of n1: Int, earlier b: Int, of n2: Int) -> Double {
        let cells = [Double(a), Double(n1 - a), Double(b), Double(n2 - b)]
        let total = Double(n1 + n2)
        let rows = [Double(n1), Double(n1), Double(n2), Double(n2)]
        let columns = [Double(a + b), Double(n1 + n2 - a - b), Double(a + b), Double(n1 + n2 - a - b)]
        var sum = 0.0
        for i in 0..<4 where cells[i] > 0 {
            sum += cells[i] * Double.log(cells[i] * total / (rows[i] * columns[i]))
        }
        return max(0, 2 * sum)
    }

    /// P(χ²₁ ≥ G²): how likely a G² this large is without any change.
    public static func pValue(gSquared g: Double) -> Double { Double.erfc((g / 2).squareRoot()) }

    /// The terms that rose significantly, strongest evidence first; at most `limit`.
    /// A term needs `minimumRecent` mentions in the recent period to be tested at all. A word is
    /// left out when a rising phrase holds most (80%) of its recent mentions: "layout" rises
    /// because "invoice layout" does.
    public static func rising(recent: TermCounts, earlier: TermCounts, minimumRecent: Int = 5, alpha: Double = 0.05,
                              limit: Int = 20) -> Result {
        let n1 = recent.documents, n2 = earlier.documents
        guard n1 > 0, n2 > 0 else { return Result(terms: [], tested: 0, threshold: alpha) }
        let candidates = recent.counts.filter { $0.value >= minimumRecent }
        let threshold = alpha / Double(max(1, candidates.count))
        var rising: [Term] = []
        for (term, a) in candidates {
            let b = earlier.counts[term] ?? 0
            guard Double(a) / Double(n1) > Double(b) / Double(n2) else { continue }
            let g = gSquared(recent: a, of: n1, earlier: b, of: n2)
            let p = pValue(gSquared: g)
            guard p < threshold else { continue }
            rising.append(Term(
                term: term, recent: a, earlier: b, recentShare: 100 * Double(a) / Double(n1), earlierShare: 100 * Double(b) / Double(n2),
                ratio: ((Double(a) + 0.5) / Double(n1)) / ((Double(b) + 0.5) / Double(n2)), gSquared: g, pValue: p))
        }
        let phrases = rising.filter { $0.term.contains(" ") }
        rising.removeAll { word in
            !word.term.contains(" ") && phrases.contains { phrase in
                phrase.term.split(separator: " ").contains(Substring(word.term)) && Double(phrase.recent) >= 0.8 * Double(word.recent)
            }
        }
        rising.sort { $0.gSquared != $1.gSquared ? $0.gSquared > $1.gSquared : $0.term < $1.term }
        return Result(terms: Array(rising.prefix(limit)), tested: candidates.count, threshold: threshold)
    }
}
