import FocusCore
import Foundation

/// The sentiment evaluation behind `focus sentiment-eval`: our analyzer and the VADER baseline on
/// the labelled sets (`*_GroundTruth.txt`, `ID<TAB>MEAN<TAB>TEXT`, mean of human ratings −4…+4),
/// each measured by the same code (``SentimentEvaluation``): Pearson's r of the score with the mean
/// rating, and accuracy and macro-F1 over three classes (ratings below −0.5 / above +0.5, scores
/// below −0.05 / above +0.05). Then our throughput on one core over all texts, repeated for at
/// least a second. The baseline's scores come from `scripts/sentiment-baseline` (VADER 3.3.2 from
/// PyPI), run when its output file is missing.
public enum SentimentBench {
    public struct SetFigures: Codable, Sendable {
        public let name: String
        /// Whether our constants were tuned on this set (the tweets) or not (held out).
        public let tunedOn: Bool
        public let focus: SentimentEvaluation.Figures
        public let vader: SentimentEvaluation.Figures
    }

    public struct Throughput: Codable, Sendable {
        public let comments: Int
        public let seconds: Double
        public let perSecond: Double
        public let microsecondsPerComment: Double
        public let meanWords: Double
    }

    public struct Report: Codable, Sendable {
        public let date: String
        public let machine: String
        public let baseline: String
        public let ratingThreshold: Double
        public let scoreThreshold: Double
        public let sets: [SetFigures]
        public let throughput: Throughput
    }

    /// The set our constants were tuned on; every other set is held out.
    public static let tuningSet = "tweets"
    public static let baselineName = "VADER 3.3.2 (vaderSentiment from PyPI)"

    public static func run(analyzer: SentimentAnalyzer, data: URL, baselineScores: URL, baselineScript: URL,
                           log: (String) -> Void) throws -> Report {
        let files = try FileManager.default.contentsOfDirectory(at: data, includingPropertiesForKeys: nil)
            .filter { $0.lastPathComponent.hasSuffix("_GroundTruth.txt") }
            .sorted { ($0.lastPathComponent.hasPrefix(tuningSet) ? 0 : 1, $0.lastPathComponent) < ($1.lastPathComponent.hasPrefix(tuningSet) ? 0 : 1, $1.lastPathComponent) }
        guard !files.isEmpty else { throw BenchError("no *_GroundTruth.txt in \(data.path)") }
        if !FileManager.default.fileExists(atPath: baselineScores.path) {
            log("running \(baselineScript.path) for the baseline's scores (creates a virtual environment with vaderSentiment the first time)")
            try runBaseline(script: baselineScript, output: baselineScores, data: data)
        }
        let baseline: [String: Double]
        do {
            baseline = try SentimentEvaluation.parseScores(String(contentsOf: baselineScores, encoding: .utf8))
        } catch {
            throw BenchError("\(baselineScores.path): \(error)")
        }
        var sets: [SetFigures] = []
        var allTexts: [String] = []
        for file in files {
            let name = String(file.lastPathComponent.dropLast("_GroundTruth.txt".count))
            let texts: [SentimentEvaluation.LabelledText]
            do {
                texts = try SentimentEvaluation.parseLabelled(String(contentsOf: file, encoding: .utf8))
            } catch {
                throw BenchError("\(file.path): \(error)")
            }
            let ratings = texts.map(\.rating)
            let ours = texts.map { analyzer.score($0.text, language: "en") }
            let theirs = try texts.map { text in
                guard let score = baseline["\(name):\(text.id)"] else {
                    throw BenchError("\(baselineScores.path) has no score for \(name):\(text.id); delete it to compute it again")
                }
                return score
            }
            sets.append(SetFigures(name: name, tunedOn: name == tuningSet,
                                   focus: SentimentEvaluation.evaluate(ratings: ratings, scores: ours),
                                   vader: SentimentEvaluation.evaluate(ratings: ratings, scores: theirs)))
            allTexts += texts.map(\.text)
        }
        log("timing our analyzer on one core over the \(allTexts.count) texts, repeated for at least a second")
        let throughput = measure(analyzer, allTexts)
        let formatter = ISO8601DateFormatter()
        return Report(date: formatter.string(from: Date()), machine: IngestBench.machine(), baseline: baselineName,
                      ratingThreshold: SentimentEvaluation.ratingThreshold, scoreThreshold: SentimentClass.threshold,
                      sets: sets, throughput: throughput)
    }

    /// Scores every text, over and over, on the calling thread until a second has passed.
    static func measure(_ analyzer: SentimentAnalyzer, _ texts: [String]) -> Throughput {
        let words = texts.reduce(0) { $0 + $1.split(whereSeparator: { $0 == " " }).count }
        var comments = 0
        var sum = 0.0
        let clock = ContinuousClock()
        let start = clock.now
        var elapsed = Duration.zero
        repeat {
            for text in texts { sum += analyzer.score(text, language: "en") }
            comments += texts.count
            elapsed = clock.now - start
        } while elapsed < .seconds(1)
        precondition(sum.isFinite)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return Throughput(comments: comments, seconds: seconds, perSecond: Double(comments) / seconds,
                          microsecondsPerComment: seconds / Double(comments) * 1e6,
                          meanWords: Double(words) / Double(max(1, texts.count)))
    }

    static func runBaseline(script: URL, output: URL, data: URL) throws {
        guard FileManager.default.fileExists(atPath: script.path) else {
            throw BenchError("the baseline script \(script.path) is missing (run from the package's folder)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["bash", script.path, output.path, data.path]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw BenchError("\(script.path) failed with exit code \(process.terminationStatus)")
        }
    }

    /// The figures as a Markdown table, then the throughput.
    public static func table(_ report: Report) -> String {
        func f(_ x: Double) -> String { String(format: "%.3f", x) }
        var lines = ["| set | texts | system | Pearson r | accuracy | macro-F1 |", "|---|---:|---|---:|---:|---:|"]
        for set in report.sets {
            let label = "\(set.name) (\(set.tunedOn ? "tuned on" : "held out"))"
            lines.append("| \(label) | \(set.focus.texts) | Focus | \(f(set.focus.pearson)) | \(f(set.focus.accuracy)) | \(f(set.focus.macroF1)) |")
            lines.append("| \(label) | \(set.vader.texts) | VADER 3.3.2 | \(f(set.vader.pearson)) | \(f(set.vader.accuracy)) | \(f(set.vader.macroF1)) |")
        }
        let t = report.throughput
        lines.append("")
        lines.append("classes: mean rating < -\(report.ratingThreshold) negative, > +\(report.ratingThreshold) positive; "
            + "score < -\(report.scoreThreshold) negative, > +\(report.scoreThreshold) positive; neutral between")
        lines.append(String(format: "Focus throughput, one core: %.0f comments/s, %.2f µs per comment (%d comments of %.1f words on average in %.2f s)",
                            t.perSecond, t.microsecondsPerComment, t.comments, t.meanWords, t.seconds))
        lines.append("machine: \(report.machine); \(report.date)")
        return lines.joined(separator: "\n")
    }
}
