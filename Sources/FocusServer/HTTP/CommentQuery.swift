import FocusCore
import Foundation
import Hummingbird

/// The comment filters as the URL carries them, shared by the comments explorer, the themes
/// page and the API. `from` and `to` are ISO dates, both included; by default the 90 days up to
/// today (UTC).
struct CommentQuery: Sendable {
    var filter: CommentFilter
    /// The filters as given (empty ones left out), to rebuild links.
    var given: [(String, String)]

    static let parameters: [APIOperation.Parameter] = [
        .init("from", "First day (ISO date, e.g. 2026-03-01). Default: 89 days before `to`."),
        .init("to", "Last day (ISO date). Default: today (UTC)."),
        .init("touchpoint_id", "Only comments about this touchpoint."),
        .init("survey_id", "Only comments given in answer to this survey."),
        .init("source", "Only comments from: response (survey answers), feedback (reviews, posts, e-mails) or contact (contact notes)."),
        .init("theme", "Only comments that mention this theme (its id)."),
        .init("sentiment", "Only negative (score below −0.05), neutral or positive (above +0.05) comments."),
        .init("group", "Only comments whose response was a promoter, passive or detractor (NPS), or satisfied, neutral or dissatisfied (CSAT)."),
        .init("q", "Full-text search: words (all must occur), \"quoted phrases\", stems such as claim*, and -word to exclude."),
    ]

    static func parse(_ request: Request, services: FocusServices, today: CalendarDate = .today) throws -> CommentQuery {
        func text(_ name: String) -> String? { QueryPeriod.text(request, name) }
        var filter = CommentFilter(period: try QueryPeriod.period(request, today: today))
        let given = QueryPeriod.given(request, ["from", "to", "touchpoint_id", "survey_id", "source", "theme", "sentiment", "group", "q", "score"])
        if let id = try ResponsesAPI.uuidParameter(request, "touchpoint_id") { filter.touchpointIDs = [id] }
        filter.surveyID = try ResponsesAPI.uuidParameter(request, "survey_id")
        filter.themeID = try ResponsesAPI.uuidParameter(request, "theme")
        func choice<T: RawRepresentable & CaseIterable>(_ name: String, _ type: T.Type) throws -> T? where T.RawValue == String {
            guard let value = text(name) else { return nil }
            guard let parsed = T(rawValue: value) else {
                throw APIError(.badRequest, "must be one of: \(T.allCases.map(\.rawValue).joined(separator: ", "))", field: name)
            }
            return parsed
        }
        filter.source = try choice("source", CommentSource.self)
        filter.sentiment = try choice("sentiment", SentimentClass.self)
        filter.group = try choice("group", CommentScoreGroup.self)
        if let search = text("q") {
            do { filter.search = try SearchQuery(search) } catch { throw APIError(.badRequest, error.message, field: error.field) }
        }
        return CommentQuery(filter: filter, given: given)
    }

    /// The score themes are weighed against: `score=nps` (default) or `score=csat`.
    static func score(_ request: Request) throws -> Score {
        switch request.uri.queryParameters["score"].map(String.init) ?? "" {
        case "", "nps": .nps
        case "csat": .csat
        default: throw APIError(.badRequest, "must be nps or csat", field: "score")
        }
    }
}
