import FocusCore
import Foundation
import Hummingbird

/// Comments and themes for programs: the explorer's search, a comment with its context, the
/// workspace's themes (editing one re-tags every earlier comment), each theme's cost to the
/// score, and the terms that are rising.
struct CommentsAPI {
    let services: FocusServices

    func addRoutes(to routes: RouteTable) {
        let b = ResponsesAPI.base
        routes.workspace(.get, "\(b)/comments", .read, surface: .api, operation: .init(
            id: "listComments", summary: "Comments of every source (survey answers, outside feedback, contact notes) with their sentiment and themes, newest first, filtered and searched; each comes cut into fragments with the search's matches marked.",
            tag: "Comments", response: .page("Comment"),
            query: CommentQuery.parameters + [.init("cursor", "The next_cursor of the previous page."),
                                              .init("limit", "Items per page, 1 to 500 (default 50).", type: "integer")]), list)
        routes.workspace(.get, "\(b)/comments/:id", .read, surface: .api, operation: .init(
            id: "getComment", summary: "One comment with its context: the whole response, the outside feedback or the contact it belongs to, and the customer.",
            tag: "Comments", response: .object("CommentContext")), comment)
        routes.workspace(.get, "\(b)/themes", .read, surface: .api, operation: .init(
            id: "listThemes", summary: "The workspace's themes: the built-in ones and its own, each with its terms per language.",
            tag: "Themes", response: .list("Theme")), listThemes)
        routes.workspace(.post, "\(b)/themes", .configure, surface: .api, operation: .init(
            id: "createTheme", summary: "Add a theme; every earlier comment is tagged again before the answer.",
            tag: "Themes", request: .object("ThemeInput"), response: .object("ThemeChange"), status: 201), createTheme)
        routes.workspace(.put, "\(b)/themes/:id", .configure, surface: .api, operation: .init(
            id: "updateTheme", summary: "Change a theme's name or terms (those given); every earlier comment is tagged again before the answer.",
            tag: "Themes", request: .object("ThemeInput"), response: .object("ThemeChange")), updateTheme)
        routes.workspace(.delete, "\(b)/themes/:id", .configure, surface: .api, operation: .init(
            id: "deleteTheme", summary: "Delete a theme and its tags.", tag: "Themes", response: .none, status: 204), deleteTheme)
        routes.workspace(.get, "\(b)/themes/impact", .read, surface: .api, operation: .init(
            id: "getThemeImpact", summary: "Each theme's volume and sentiment, and how much it moves the score: the NPS (or CSAT) of responses whose comment mentions it against those whose comment does not, with a 95% interval, and the points it costs the overall score; worst first.",
            tag: "Themes", response: .object("ThemeImpact"),
            query: CommentQuery.parameters.filter { !["theme", "sentiment", "group"].contains($0.name) }
                + [.init("score", "nps (default) or csat.")]), impact)
        routes.workspace(.get, "\(b)/themes/emerging", .read, surface: .api, operation: .init(
            id: "getEmergingTerms", summary: "Words and two-word phrases mentioned in a significantly larger share of comments in the recent period (from–to, default the last 30 days) than in the period before it (default three times as long), by Dunning's log-likelihood test at 5% divided by the number of terms tested.",
            tag: "Themes", response: .object("EmergingTerms"),
            query: [.init("from", "First day of the recent period (ISO date). Default: 29 days before `to`."),
                    .init("to", "Last day of the recent period (ISO date). Default: today (UTC)."),
                    .init("earlier_days", "Days of the earlier period, which ends where the recent one begins (default: three times the recent period, at most 3660).", type: "integer")]
                + CommentQuery.parameters.filter { ["touchpoint_id", "survey_id", "source"].contains($0.name) }), emerging)
    }

    @Sendable func list(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        let query = try CommentQuery.parse(request, services: services)
        var limit = 50
        if let text = request.uri.queryParameters["limit"] {
            guard let l = Int(text), (1...500).contains(l) else { throw APIError(.badRequest, "limit must be a whole number from 1 to 500", field: "limit") }
            limit = l
        }
        let page = try await services.comments.search(w.id, filter: query.filter, cursor: request.uri.queryParameters["cursor"].map(String.init),
                                                      limit: limit)
        return try JSONBody.response(Page(items: page.items.map(CommentDTO.init), nextCursor: page.nextCursor))
    }

    @Sendable func comment(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        let id = try context.id(of: "comment")
        guard let context = try await services.comments.context(w.id, id: id, services: services) else {
            throw APIError(.notFound, "no such comment")
        }
        return try JSONBody.response(CommentContextDTO(context))
    }

    @Sendable func listThemes(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        try JSONBody.response(try await services.themes.list(w.id).map(ThemeDTO.init))
    }

    @Sendable func createTheme(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        let input = try await JSONBody.decode(ThemeInput.self, from: request, context: context)
        guard let name = input.name else { throw APIError(.unprocessableContent, "name is required", field: "name") }
        guard let terms = input.terms else { throw APIError(.unprocessableContent, "terms is required", field: "terms") }
        return try JSONBody.response(ThemeChangeDTO(try await services.themes.create(w.id, name: name, terms: terms)), status: .created)
    }

    @Sendable func updateTheme(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        let id = try context.id(of: "theme")
        let input = try await JSONBody.decode(ThemeInput.self, from: request, context: context)
        return try JSONBody.response(ThemeChangeDTO(try await services.themes.update(w.id, id: id, name: input.name, terms: input.terms)))
    }

    @Sendable func deleteTheme(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        try await services.themes.delete(w.id, id: try context.id(of: "theme"))
        return Response(status: .noContent)
    }

    @Sendable func impact(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        let query = try CommentQuery.parse(request, services: services)
        let report = try await services.comments.impact(w.id, filter: query.filter, score: try CommentQuery.score(request))
        return try JSONBody.response(ThemeImpactDTO(report, period: query.filter.period))
    }

    @Sendable func emerging(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        let (filter, recent, earlier) = try Self.emergingPeriods(request, services: services)
        let found = try await services.comments.emerging(w.id, filter: filter, recent: recent, earlier: earlier)
        return try JSONBody.response(EmergingDTO(found.result, recent: recent, earlier: earlier, recentComments: found.recent,
                                                 earlierComments: found.earlier))
    }

    /// The recent period (from–to, by default the last 30 days) and the one before it.
    static func emergingPeriods(_ request: Request, services: FocusServices) throws -> (CommentFilter, recent: Period, earlier: Period) {
        let q = request.uri.queryParameters
        var query = try CommentQuery.parse(request, services: services)
        if q["from"].map({ $0.isEmpty }) ?? true {
            query.filter.period = Period(start: query.filter.period.end.adding(days: -30), end: query.filter.period.end)
        }
        let recent = query.filter.period
        var earlierDays = min(3 * recent.days, ScoreQuery.longestSpanDays)
        if let text = q["earlier_days"], !text.isEmpty {
            guard let days = Int(text), (1...ScoreQuery.longestSpanDays).contains(days) else {
                throw APIError(.badRequest, "earlier_days must be a whole number from 1 to \(ScoreQuery.longestSpanDays)", field: "earlier_days")
            }
            earlierDays = days
        }
        return (query.filter, recent, Period(start: recent.start.adding(days: -earlierDays), end: recent.start))
    }
}
