import FocusCore
import Foundation
import Hummingbird

/// The dashboards' tables as rows of text, so the page and its CSV export show the same cells,
/// with each score rounded the same way everywhere.
enum ScoreTables {
    /// A score as people read it: NPS and shares to one decimal, a mean effort to two.
    static func number(_ value: Double?, _ score: Score) -> String {
        guard let value, value.isFinite else { return "" }
        return fixed(value, decimals: score == .ces ? 2 : 1)
    }

    static func fixed(_ value: Double, decimals: Int) -> String {
        let text = String(format: "%.\(decimals)f", value)
        return text == "-0.0" || text == "-0.00" ? String(text.dropFirst()) : text
    }

    static func interval(_ e: ScoreEstimate, _ score: Score) -> String {
        guard let i = e.interval else { return "" }
        return "\(number(i.low, score)) to \(number(i.high, score))"
    }

    static func change(_ c: Comparison?, _ score: Score) -> String {
        guard let c else { return "" }
        let sign = c.difference > 0 ? "+" : ""
        return sign + number(c.difference, score)
    }

    /// "significant rise", "significant drop" or "no significant change" (rise/drop in the score's own terms).
    static func verdict(_ c: Comparison?, _ score: Score) -> String {
        guard let c else { return "too few answers to compare" }
        guard c.significant else { return "no significant change" }
        let better = score.higherIsBetter ? c.difference > 0 : c.difference < 0
        return c.difference > 0 ? (better ? "significant rise" : "significant rise (worse)") : (better ? "significant drop (better)" : "significant drop")
    }

    /// The verdict on a group's or a dashboard's move from the previous period, saying why when there is none.
    static func verdict(from previous: ScoreTally, to current: ScoreTally, _ score: Score) -> String {
        if current.answers(score) == 0 { return "no answers in this period" }
        if previous.answers(score) == 0 { return "no answers in the previous period to compare with" }
        return verdict(previous.compare(score, to: current), score)
    }

    static let trendHeader = ["period", "from", "to", "responses", "answers", "score", "value", "interval_low", "interval_high",
                              "change", "p_value", "significant"]

    static func trend(_ trend: Trend) -> [[String]] {
        [trendHeader] + trend.points.map { p in
            [p.label, p.period.start.iso, p.period.lastDay.iso, String(p.tally.responses), String(p.estimate.n), trend.score.rawValue,
             number(p.estimate.value, trend.score), number(p.estimate.interval?.low, trend.score), number(p.estimate.interval?.high, trend.score),
             p.change.map { number($0.difference, trend.score) } ?? "", p.change.map { fixed($0.pValue, decimals: 4) } ?? "",
             p.change.map { $0.significant ? "yes" : "no" } ?? ""]
        }
    }

    static func groups(_ groups: [ScoreGroup], heading: String) -> [[String]] {
        var header = [heading, "key", "responses"]
        for score in Score.allCases {
            header += ["\(score.rawValue)_n", score.rawValue, "\(score.rawValue)_low", "\(score.rawValue)_high",
                       "\(score.rawValue)_previous", "\(score.rawValue)_change", "\(score.rawValue)_p_value", "\(score.rawValue)_significant"]
        }
        return [header] + groups.map { g in
            var row = [g.label, g.key, String(g.current.responses)]
            for score in Score.allCases {
                let e = g.current.estimate(score)
                let c = g.previous.compare(score, to: g.current)
                row += [String(e.n), number(e.value, score), number(e.interval?.low, score), number(e.interval?.high, score),
                        number(g.previous.estimate(score).value, score), c.map { number($0.difference, score) } ?? "",
                        c.map { fixed($0.pValue, decimals: 4) } ?? "", c.map { $0.significant ? "yes" : "no" } ?? ""]
            }
            return row
        }
    }

    static func csv(_ rows: [[String]], filename: String) -> Response {
        Response(status: .ok, headers: [
            .contentType: "text/csv; charset=utf-8",
            .contentDisposition: "attachment; filename=\"\(filename)\"",
        ], body: .init(byteBuffer: .init(string: rows.map(CSVLine.make).joined())))
    }
}
