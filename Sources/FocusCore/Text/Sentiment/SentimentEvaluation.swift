/// How well predicted sentiment scores agree with human ratings: Pearson's r, and accuracy and
/// macro-F1 over three classes. Pure functions; the same code measures every system compared.
public enum SentimentEvaluation {
    /// One labelled text: an id, the mean human rating (−4…+4) and the text.
    public struct LabelledText: Sendable, Equatable {
        public let id: String
        public let rating: Double
        public let text: String

        public init(id: String, rating: Double, text: String) {
            self.id = id
            self.rating = rating
            self.text = text
        }
    }

    /// A line of a labelled set or of a score file that cannot be read.
    public struct FormatError: Error, Equatable, CustomStringConvertible {
        public let line: Int
        public let message: String
        public var description: String { "line \(line): \(message)" }

        public init(line: Int, message: String) {
            self.line = line
            self.message = message
        }
    }

    /// A mean rating below −0.5 is negative, above +0.5 positive, neutral between: on a scale
    /// from −4 to +4 a mean within half a point of 0 is what raters call neither.
    public static let ratingThreshold = 0.5

    public static func ratingClass(_ rating: Double) -> SentimentClass {
        rating < -ratingThreshold ? .negative : rating > ratingThreshold ? .positive : .neutral
    }

    /// Parses `ID<TAB>MEAN<TAB>TEXT` lines (the ground-truth format; CRLF or LF; blank lines skipped;
    /// the text is everything after the second TAB).
    public static func parseLabelled(_ content: String) throws -> [LabelledText] {
        var result: [LabelledText] = []
        for (number, line) in lines(content) {
            let fields = line.split(separator: "\t", maxSplits: 2, omittingEmptySubsequences: false)
            guard fields.count == 3 else {
                throw FormatError(line: number, message: "expected ID, mean rating and text separated by TABs, found \(fields.count) field\(fields.count == 1 ? "" : "s")")
            }
            let id = String(fields[0])
            guard !id.isEmpty else { throw FormatError(line: number, message: "the ID is empty") }
            guard let rating = Double(fields[1]), rating.isFinite else {
                throw FormatError(line: number, message: "the mean rating must be a number, found '\(fields[1])'")
            }
            result.append(LabelledText(id: id, rating: rating, text: String(fields[2])))
        }
        return result
    }

    /// Parses `ID<TAB>SCORE` lines (a system's scores) into a dictionary; an ID given twice is an error.
    public static func parseScores(_ content: String) throws -> [String: Double] {
        var result: [String: Double] = [:]
        for (number, line) in lines(content) {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count == 2 else {
                throw FormatError(line: number, message: "expected ID and score separated by a TAB, found \(fields.count) field\(fields.count == 1 ? "" : "s")")
            }
            guard let score = Double(fields[1]), score.isFinite else {
                throw FormatError(line: number, message: "the score must be a number, found '\(fields[1])'")
            }
            guard result.updateValue(score, forKey: String(fields[0])) == nil else {
                throw FormatError(line: number, message: "the ID '\(fields[0])' is given twice")
            }
        }
        return result
    }

    private static func lines(_ content: String) -> [(Int, Substring)] {
        var result: [(Int, Substring)] = []
        for (i, raw) in content.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).enumerated() {
            var line = Substring(raw)
            if line.last == "\r" { line = line.dropLast() }
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
            result.append((i + 1, line))
        }
        return result
    }

    /// Pearson's correlation of two equally long series; nil when shorter than 2 or either is constant.
    public static func pearson(_ x: [Double], _ y: [Double]) -> Double? {
        precondition(x.count == y.count, "two series of the same length")
        let n = Double(x.count)
        guard x.count >= 2 else { return nil }
        let mx = x.reduce(0, +) / n, my = y.reduce(0, +) / n
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for (a, b) in zip(x, y) {
            sxy += (a - mx) * (b - my)
            sxx += (a - mx) * (a - mx)
            syy += (b - my) * (b - my)
        }
        guard sxx > 0, syy > 0 else { return nil }
        return sxy / (sxx * syy).squareRoot()
    }

    /// The share of items whose predicted class is the gold class.
    public static func accuracy(gold: [SentimentClass], predicted: [SentimentClass]) -> Double {
        precondition(gold.count == predicted.count, "as many predictions as gold classes")
        guard !gold.isEmpty else { return 0 }
        return Double(zip(gold, predicted).filter { $0 == $1 }.count) / Double(gold.count)
    }

    /// The mean over the three classes of F1 = 2·TP / (2·TP + FP + FN). A class that appears neither
    /// in the gold classes nor in the predictions is left out of the mean; one that appears in only
    /// one of them has F1 = 0.
    public static func macroF1(gold: [SentimentClass], predicted: [SentimentClass]) -> Double {
        precondition(gold.count == predicted.count, "as many predictions as gold classes")
        var f1s: [Double] = []
        for c in SentimentClass.allCases {
            var tp = 0, fp = 0, fn = 0
            for (g, p) in zip(gold, predicted) {
                if p == c && g == c { tp += 1 } else if p == c { fp += 1 } else if g == c { fn += 1 }
            }
            guard tp + fp + fn > 0 else { continue }
            f1s.append(Double(2 * tp) / Double(2 * tp + fp + fn))
        }
        return f1s.isEmpty ? 0 : f1s.reduce(0, +) / Double(f1s.count)
    }

    /// The three figures for one system on one set.
    public struct Figures: Sendable, Equatable, Codable {
        public let texts: Int
        public let pearson: Double
        public let accuracy: Double
        public let macroF1: Double
    }

    /// Scores against mean ratings (same order): r of the scores with the ratings, and the classes
    /// of both (ratings by ``ratingThreshold``, scores by ``SentimentClass/of(_:)``).
    public static func evaluate(ratings: [Double], scores: [Double]) -> Figures {
        let gold = ratings.map(ratingClass)
        let predicted = scores.map(SentimentClass.of)
        return Figures(texts: ratings.count, pearson: pearson(scores, ratings) ?? 0,
                       accuracy: accuracy(gold: gold, predicted: predicted), macroF1: macroF1(gold: gold, predicted: predicted))
    }
}
