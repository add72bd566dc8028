import FocusCore
import Foundation

/// Sentiment and theme tagging of many comments on one core: the work ingest adds per comment.
/// The comments are the demo's (English and German, 4 to 15 words) plus longer reviews built
/// from them, cycled to the size asked for.
public enum TextBench {
    public struct Result: Codable, Sendable {
        public let comments: Int
        public let seconds: Double
        public let perSecond: Double
        public let microsecondsPerComment: Double
        public let meanWords: Double
        public let tagged: Int
    }

    /// Texts to analyse: the distinct comments of a small demo year, and pairs of them joined
    /// into longer ones, with their languages.
    public static func corpus() -> [(text: String, language: String)] {
        let insurer = DemoInsurer(options: .init(seed: 11, responses: 20_000, asOf: CalendarDate(iso: "2026-06-30")!))
        var seen = Set<String>()
        var texts: [(String, String)] = []
        for response in insurer.responses {
            guard case .text(let text)? = response.answers["comment"], seen.insert(text).inserted else { continue }
            texts.append((text, response.language))
        }
        let short = texts
        for (i, a) in short.enumerated() {
            let b = short[(i * 7 + 3) % short.count]
            if a.1 == b.1 { texts.append((a.0 + " " + b.0, a.1)) }
        }
        return texts
    }

    /// The result as a figure of the report, so that `--json` keeps it and `--compare` checks it.
    public static func figure(_ r: Result) -> IngestBench.Figure {
        IngestBench.Figure(
            name: "text", what: "sentiment and built-in themes of \(r.comments) comments on one core, no server (items: comments; latency: one comment)",
            requestsPerSecond: r.perSecond, itemsPerSecond: r.perSecond, shareOfCeiling: nil,
            p50Milliseconds: r.microsecondsPerComment / 1000, p99Milliseconds: r.microsecondsPerComment / 1000,
            p999Milliseconds: r.microsecondsPerComment / 1000, requests: r.comments, unexpected: 0, failures: 0,
            serverMemoryStartMB: nil, serverMemoryEndMB: nil)
    }

    public static func run(comments: Int, analyzer: SentimentAnalyzer, log: (String) -> Void) throws -> Result {
        let corpus = corpus()
        let themes = try BuiltInThemes.all.map { try $0.validated() }
        let matcher = ThemeMatcher(themes)
        let words = corpus.reduce(0) { $0 + WordTokenizer.words($1.text).count }
        log("text: \(comments) comments from \(corpus.count) distinct demo texts, \(themes.count) themes, one core")
        var sum = 0.0
        var tagged = 0
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            for i in 0..<comments {
                let (text, language) = corpus[i % corpus.count]
                sum += analyzer.score(text, language: language)
                if !matcher.themes(of: text, language: language).isEmpty { tagged += 1 }
            }
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        precondition(sum.isFinite)
        return Result(comments: comments, seconds: seconds, perSecond: Double(comments) / seconds,
                      microsecondsPerComment: seconds / Double(comments) * 1e6, meanWords: Double(words) / Double(corpus.count), tagged: tagged)
    }
}
