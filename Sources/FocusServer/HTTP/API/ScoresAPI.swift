import FocusCore
import Foundation
import Hummingbird

/// The dashboards' figures for programs: the same numbers the pages show, from the same tallies.
struct ScoresAPI {
    let services: FocusServices

    func addRoutes(to routes: RouteTable) {
        let b = ResponsesAPI.base
        routes.workspace(.get, "\(b)/scores", .read, surface: .api, operation: .init(
            id: "getScores",
            summary: "NPS, CSAT and CES with sample sizes and 95% intervals for the period and the one before it, the change between them with its significance, and the response rate.",
            tag: "Scores", response: .object("ScoreSummary"), query: ScoreQuery.parameters), summary)
        routes.workspace(.get, "\(b)/scores/trend", .read, surface: .api, operation: .init(
            id: "getScoreTrend",
            summary: "One score by day, week, month or quarter, each point with its interval and its change from the point before.",
            tag: "Scores", response: .object("ScoreTrend"), query: ScoreQuery.parameters + [
                .init("score", "nps, csat or ces (default: the one with the most answers)."),
                .init("granularity", "day, week, month or quarter (default: by the period's length)."),
                .init("format", "json (default) or csv."),
            ]), trend)
        routes.workspace(.get, "\(b)/scores/breakdown", .read, surface: .api, operation: .init(
            id: "getScoreBreakdown",
            summary: "The scores by touchpoint, journey stage, brand, channel, segment, survey or hidden attribute, for the period and the one before; at most 1000 groups, the largest first.",
            tag: "Scores", response: .object("ScoreBreakdown"), query: ScoreQuery.parameters + [
                .init("by", "touchpoint, stage, brand, channel, segment, survey or attribute:<key>.", required: true),
                .init("format", "json (default) or csv."),
            ]), breakdown)
    }

    @Sendable func summary(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        let query = try await ScoreQuery.parse(request, workspaceID: w.id, services: services)
        let dashboard = try await services.scores.dashboard(w.id, query.filter)
        let rate = try await services.scores.responseRate(w.id, query.filter)
        return try JSONBody.response(ScoreSummaryDTO(
            period: PeriodDTO(query.filter.period), previousPeriod: PeriodDTO(query.filter.period.previous),
            current: ScoresDTO(dashboard.current), previous: ScoresDTO(dashboard.previous),
            changes: ChangesDTO(dashboard.previous, dashboard.current), responseRate: rate.map(ResponseRateDTO.init)))
    }

    @Sendable func trend(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        let query = try await ScoreQuery.parse(request, workspaceID: w.id, services: services)
        let format = try Self.format(request)
        let dashboard = try await services.scores.dashboard(w.id, query.filter)
        let trend = dashboard.trend(query.score ?? dashboard.mainScore, query.granularity)
        if format == "csv" { return ScoreTables.csv(ScoreTables.trend(trend), filename: "trend-\(w.slug).csv") }
        return try JSONBody.response(TrendDTO(trend))
    }

    @Sendable func breakdown(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        let query = try await ScoreQuery.parse(request, workspaceID: w.id, services: services)
        let format = try Self.format(request)
        guard let text = request.uri.queryParameters["by"].map(String.init), let by = ScoreDimension(text) else {
            throw APIError(.badRequest, "must be \(ScoreDimension.allNames)", field: "by")
        }
        let groups = try await services.scores.breakdown(w.id, query.filter, by: by)
        if format == "csv" { return ScoreTables.csv(ScoreTables.groups(groups, heading: by.name), filename: "scores-by-\(by.name.replacingOccurrences(of: ":", with: "-"))-\(w.slug).csv") }
        return try JSONBody.response(BreakdownDTO(by: by.name, period: PeriodDTO(query.filter.period),
                                                  previousPeriod: PeriodDTO(query.filter.period.previous), groups: groups.map(ScoreGroupDTO.init)))
    }

    static func format(_ request: Request) throws -> String {
        let format = request.uri.queryParameters["format"].map(String.init) ?? "json"
        guard format == "json" || format == "csv" else { throw APIError(.badRequest, "format must be json or csv", field: "format") }
        return format
    }
}
