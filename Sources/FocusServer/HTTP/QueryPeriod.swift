import FocusCore
import Foundation
import Hummingbird

/// Reading a page's or an API call's query: trimmed text, ISO dates, and the `from`–`to`
/// period the dashboards, comments and themes share (both days included; by default the 90
/// days up to today), each error naming its parameter.
enum QueryPeriod {
    /// The parameter's value, trimmed; nil when missing or empty.
    static func text(_ request: Request, _ name: String) -> String? {
        guard let value = request.uri.queryParameters[Substring(name)].map(String.init)?.trimmingWhitespace(), !value.isEmpty else { return nil }
        return value
    }

    static func date(_ request: Request, _ name: String) throws -> CalendarDate? {
        guard let value = text(request, name) else { return nil }
        guard let date = CalendarDate(iso: value) else { throw APIError(.badRequest, "\(name) must be a date such as 2026-03-01", field: name) }
        return date
    }

    /// `from`–`to` as a period (end excluded), within the calendar a dashboard can show and at
    /// most ``ScoreQuery/longestSpanDays`` long.
    static func period(_ request: Request, today: CalendarDate) throws -> Period {
        let to = try date(request, "to") ?? today
        let from = try date(request, "from") ?? to.adding(days: -89)
        for (name, value) in [("to", to), ("from", from)] where !(ScoreQuery.earliest...ScoreQuery.latest).contains(value) {
            throw APIError(.badRequest, "must be a day from \(ScoreQuery.earliest.iso) to \(ScoreQuery.latest.iso)", field: name)
        }
        guard from <= to else { throw APIError(.badRequest, "from must not be after to", field: "from") }
        guard to.daysSinceEpoch - from.daysSinceEpoch < ScoreQuery.longestSpanDays else {
            throw APIError(.badRequest, "the period may span at most \(ScoreQuery.longestSpanDays) days", field: "from")
        }
        return Period(start: from, end: to.adding(days: 1))
    }

    /// The parameters among `names` that were given, with their values, to rebuild links.
    static func given(_ request: Request, _ names: [String]) -> [(String, String)] {
        names.compactMap { name in text(request, name).map { (name, $0) } }
    }
}
