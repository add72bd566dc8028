import FocusCore
import Foundation
import Hummingbird

/// The dashboard filters as the URL carries them, shared by the pages and the API, so that a
/// view can be bookmarked or shared and the API answers the same question for the same URL.
///
/// `from` and `to` are ISO dates, both included; by default the 90 days up to today (UTC).
struct ScoreQuery: Sendable {
    var filter: ScoreFilter
    var granularity: Granularity
    /// The score the user picked, if any; else each view takes the one with most answers.
    var score: Score?
    /// The filters as given (empty ones left out), to rebuild links.
    var given: [(String, String)]

    static let parameters: [APIOperation.Parameter] = [
        .init("from", "First day counted (ISO date, e.g. 2026-03-01). Default: 89 days before `to`."),
        .init("to", "Last day counted (ISO date). Default: today (UTC)."),
        .init("survey_id", "Only this survey's responses."),
        .init("touchpoint_id", "Only responses about this touchpoint."),
        .init("stage", "Only responses about the touchpoints of this journey stage (its name)."),
        .init("brand", "Only responses naming this brand (its id or name)."),
        .init("channel", "Only responses that came through this channel."),
        .init("segment", "Only responses of customers in this segment (the segment when they answered)."),
        .init("attribute", "Only responses with this hidden attribute value, as key:value. Combines with period, survey and touchpoint only."),
    ]

    static let longestSpanDays = 3_660
    /// Days a dashboard can show (and compare with the period before): far from the calendar's ends.
    static let earliest = CalendarDate(year: 1980, month: 1, day: 1)!
    static let latest = CalendarDate(year: 9000, month: 12, day: 31)!

    static func parse(_ request: Request, workspaceID: UUID, services: FocusServices, today: CalendarDate = .today) async throws -> ScoreQuery {
        func text(_ name: String) -> String? { QueryPeriod.text(request, name) }
        var filter = ScoreFilter(period: try QueryPeriod.period(request, today: today))
        let given = QueryPeriod.given(request, ["from", "to", "survey_id", "touchpoint_id", "stage", "brand", "channel", "segment", "attribute",
                                                "granularity", "score", "by"])
        filter.surveyID = try ResponsesAPI.uuidParameter(request, "survey_id")
        if let id = try ResponsesAPI.uuidParameter(request, "touchpoint_id") { filter.touchpointIDs = [id] }
        if let stage = text("stage") {
            guard filter.touchpointIDs == nil else { throw APIError(.badRequest, "give touchpoint_id or stage, not both", field: "stage") }
            let touchpoints = try await services.catalogue.touchpoints(workspaceID)
            guard touchpoints.contains(where: { $0.touchpoint.stage == stage }) else {
                throw APIError(.badRequest, "is not a journey stage with touchpoints in this workspace", field: "stage")
            }
            filter.touchpointIDs = touchpoints.filter { $0.touchpoint.stage == stage }.map(\.id)
        }
        if let brand = text("brand") {
            let brands = try await services.catalogue.brands(workspaceID)
            guard let match = brands.first(where: { $0.id.uuidString.lowercased() == brand.lowercased() || $0.brand.name.lowercased() == brand.lowercased() })
            else { throw APIError(.badRequest, "is not a brand of this workspace", field: "brand") }
            filter.brandID = match.id
        }
        if let channel = text("channel") {
            guard ResponseService.channels.contains(channel) else {
                throw APIError(.badRequest, "must be one of: \(ResponseService.channels.sorted().joined(separator: ", "))", field: "channel")
            }
            filter.channel = channel
        }
        filter.segment = text("segment")
        if let attribute = text("attribute") {
            let parts = attribute.split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2, Validate.isPlainKey(parts[0]) else {
                throw APIError(.badRequest, "must be key:value, e.g. plan:gold", field: "attribute")
            }
            guard filter.brandID == nil, filter.channel == nil, filter.segment == nil else {
                throw APIError(.badRequest, "combines with period, survey and touchpoint only, not with brand, channel or segment", field: "attribute")
            }
            filter.attribute = .init(key: parts[0], value: parts[1])
        }
        var granularity: Granularity = filter.period.days <= 31 ? .day : filter.period.days <= 183 ? .week : .month
        if let g = text("granularity") {
            guard let value = Granularity(rawValue: g) else { throw APIError(.badRequest, "must be day, week, month or quarter", field: "granularity") }
            granularity = value
        }
        if filter.period.days / granularity.approximateDays > 400 {
            throw APIError(.badRequest, "too many \(granularity.rawValue)s for one trend (at most 400); pick a coarser granularity", field: "granularity")
        }
        var score: Score?
        if let s = text("score") {
            guard let value = Score(rawValue: s) else { throw APIError(.badRequest, "must be nps, csat or ces", field: "score") }
            score = value
        }
        return ScoreQuery(filter: filter, granularity: granularity, score: score, given: given)
    }

    /// The query string with some parameters replaced (nil removes one), for links between views.
    func link(_ path: String, _ changes: [String: String?] = [:]) -> String {
        var pairs = given.filter { changes[$0.0] == nil }
        for (name, value) in changes.sorted(by: { $0.key < $1.key }) { if let value = value { pairs.append((name, value)) } }
        guard !pairs.isEmpty else { return path }
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
        return path + "?" + pairs.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }.joined(separator: "&")
    }
}

extension Granularity {
    var approximateDays: Int {
        switch self {
        case .day: 1
        case .week: 7
        case .month: 28
        case .quarter: 90
        }
    }
}

extension CalendarDate {
    /// Today in UTC.
    static var today: CalendarDate { CalendarDate(daysSinceEpoch: Int((Date().timeIntervalSince1970 / 86400).rounded(.down))) }
}
