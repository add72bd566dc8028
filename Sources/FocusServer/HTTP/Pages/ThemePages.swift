import FocusCharts
import FocusCore
import Foundation
import Hummingbird

/// The themes page: what each theme costs the score, the terms that are rising, and the
/// workspace's themes to edit (an edit re-tags every earlier comment).
struct ThemePages {
    let services: FocusServices

    func addRoutes(to routes: RouteTable) {
        routes.workspace(.get, "/w/:workspace/themes", .read, overview)
        routes.workspace(.post, "/w/:workspace/themes", .configure, create)
        routes.workspace(.get, "/w/:workspace/themes/:id/edit", .configure, edit)
        routes.workspace(.post, "/w/:workspace/themes/:id", .configure, update)
        routes.workspace(.post, "/w/:workspace/themes/:id/delete", .configure, delete)
    }

    struct Option { let value: String; let label: String; let selected: Bool }

    struct Model {
        struct ImpactRow {
            let name: String
            let commentsHref: String
            let volume: String
            let sentiment: String
            let negative: String
            let mentions: String
            let with: String
            let without: String
            let difference: String
            let points: String
            let significant: Bool
        }
        struct Term { let term: String; let recent: Int; let earlier: Int; let recentShare: String; let earlierShare: String; let ratio: String; let p: String; let href: String }
        struct Theme { let id: String; let name: String; let terms: String; let builtIn: Bool }
        let layout: LayoutModel
        let from: String
        let to: String
        let touchpoints: [Option]
        let sources: [Option]
        let scores: [Option]
        let scoreLabel: String
        let chart: String
        let rows: [ImpactRow]
        let summary: String
        let recentFrom: String
        let recentTo: String
        let emergingSummary: String
        let terms: [Term]
        let hasTerms: Bool
        let themes: [Theme]
        let canEdit: Bool
        let error: String?
        let notice: String?
    }

    @Sendable func overview(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        try await render(request, context, w, error: nil)
    }

    func render(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext, error: String?) async throws -> Response {
        let q = request.uri.queryParameters
        let query = try CommentQuery.parse(request, services: services)
        let score = try CommentQuery.score(request)
        let report = try await services.comments.impact(w.id, filter: query.filter, score: score)
        let unit = score == .nps ? "NPS points" : "CSAT % points"
        let touchpoints = try await services.catalogue.touchpoints(w.id)
        let f = query.filter
        func commentsHref(_ theme: UUID?) -> String {
            var parts = ["from=\(f.period.start.iso)", "to=\(f.period.lastDay.iso)"]
            if let theme { parts.append("theme=\(theme.uuidString)") }
            if let t = f.touchpointIDs?.first { parts.append("touchpoint_id=\(t.uuidString)") }
            if let s = f.source { parts.append("source=\(s.rawValue)") }
            return "/w/\(w.slug)/comments?" + parts.joined(separator: "&")
        }
        func estimate(_ e: ScoreEstimate) -> String {
            guard let v = e.value else { return "–" }
            return ScoreTables.fixed(v, decimals: 0) + (e.interval.map { " [\(ScoreTables.fixed($0.low, decimals: 0)), \(ScoreTables.fixed($0.high, decimals: 0))]" } ?? "")
        }
        let ranked = report.rows.filter { $0.effect.points != nil && $0.effect.mentions > 0 }
        let chart = ranked.isEmpty ? "" : BarChart(
            title: "What each theme costs the \(score == .nps ? "NPS" : "CSAT")",
            summary: "For each theme, the change in the overall score if the responses that mention it had scored like the rest, with its 95% interval; marked bars are significant.",
            unit: unit,
            bars: ranked.map { row in
                BarChart.Bar(label: row.theme.definition.name, value: row.effect.points!, low: row.effect.pointsInterval?.low,
                             high: row.effect.pointsInterval?.high, valueText: DriverPages.signed(row.effect.points!),
                             marked: row.effect.difference?.significant ?? false, href: commentsHref(row.theme.id))
            }).svg()
        let rows = report.rows.map { row in
            Model.ImpactRow(
                name: row.theme.definition.name, commentsHref: commentsHref(row.theme.id), volume: ScorePages.count(row.volume),
                sentiment: row.meanSentiment.map { DriverPages.signed($0) } ?? "–",
                negative: row.negativeShare.map { ScoreTables.fixed($0, decimals: 0) + "%" } ?? "–",
                mentions: ScorePages.count(row.effect.mentions), with: estimate(row.effect.withTheme), without: estimate(row.effect.withoutTheme),
                difference: row.effect.difference.map { "\(DriverPages.signed($0.difference)) [\(ScoreTables.fixed($0.interval.low, decimals: 1)), \(ScoreTables.fixed($0.interval.high, decimals: 1))]" } ?? "–",
                points: row.effect.points.map { p in DriverPages.signed(p) + (row.effect.pointsInterval.map { " [\(ScoreTables.fixed($0.low, decimals: 2)), \(ScoreTables.fixed($0.high, decimals: 2))]" } ?? "") } ?? "–",
                significant: row.effect.difference?.significant ?? false)
        }
        // Emerging terms: the recent period (default the last 30 days of the period above) against the three times longer one before it.
        let recentTo = try QueryPeriod.date(request, "recent_to") ?? f.period.lastDay
        let recentFrom = try QueryPeriod.date(request, "recent_from") ?? recentTo.adding(days: -29)
        guard recentFrom <= recentTo, recentTo.daysSinceEpoch - recentFrom.daysSinceEpoch < 366 else {
            throw APIError(.badRequest, "the recent period must run forwards and span at most 366 days", field: "recent_from")
        }
        let recent = Period(start: recentFrom, end: recentTo.adding(days: 1))
        let earlier = Period(start: recent.start.adding(days: -3 * recent.days), end: recent.start)
        let emerging = try await services.comments.emerging(w.id, filter: f, recent: recent, earlier: earlier)
        let themes = try await services.themes.list(w.id)
        let model = Model(
            layout: try await WorkspacePages.layout(services, context, w, title: "Themes", section: "themes"),
            from: f.period.start.iso, to: f.period.lastDay.iso,
            touchpoints: [Option(value: "", label: "All touchpoints", selected: f.touchpointIDs == nil)]
                + touchpoints.map { Option(value: $0.id.uuidString, label: $0.touchpoint.name, selected: f.touchpointIDs == [$0.id]) },
            sources: [Option(value: "", label: "All sources", selected: f.source == nil)]
                + CommentSource.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: $0 == f.source) },
            scores: [Option(value: "nps", label: "NPS", selected: score == .nps), Option(value: "csat", label: "CSAT", selected: score == .csat)],
            scoreLabel: score == .nps ? "NPS" : "CSAT", chart: chart, rows: rows,
            summary: "\(ScorePages.count(report.comments)) comments; \(ScorePages.count(report.responses)) responses with a comment and a \(score == .nps ? "NPS" : "CSAT") answer, \(score == .nps ? "NPS" : "CSAT") \(estimate(report.overall)).",
            recentFrom: recentFrom.iso, recentTo: recentTo.iso,
            emergingSummary: "\(ScorePages.count(emerging.recent)) comments from \(recent.start.iso) to \(recent.lastDay.iso) against \(ScorePages.count(emerging.earlier)) from \(earlier.start.iso) to \(earlier.lastDay.iso); \(emerging.result.tested) terms tested, each at p < \(String(format: "%.1e", emerging.result.threshold)).",
            terms: emerging.result.terms.map { t in
                Model.Term(term: t.term, recent: t.recent, earlier: t.earlier, recentShare: ScoreTables.fixed(t.recentShare, decimals: 1) + "%",
                           earlierShare: ScoreTables.fixed(t.earlierShare, decimals: 1) + "%", ratio: ScoreTables.fixed(t.ratio, decimals: 1) + "×",
                           p: String(format: "%.1e", t.pValue),
                           href: "/w/\(w.slug)/comments?from=\(recent.start.iso)&to=\(recent.lastDay.iso)&q=\(CustomerPages.encode("\"\(t.term)\""))")
            },
            hasTerms: !emerging.result.terms.isEmpty,
            themes: themes.map { t in
                Model.Theme(id: t.id.uuidString, name: t.definition.name,
                            terms: t.definition.terms.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value.joined(separator: ", "))" }.joined(separator: " · "),
                            builtIn: t.builtIn)
            },
            canEdit: w.role.allows(.configure), error: error,
            notice: q["reanalysed"].flatMap { Int($0) }.map { "Theme saved; \($0) comments read and tagged again." })
        return services.pages.render("themes", model)
    }

    // MARK: editing

    struct EditModel {
        struct Language { let code: String; let label: String; let terms: String }
        let layout: LayoutModel
        let id: String
        let name: String
        let languages: [Language]
        let builtIn: Bool
        let error: String?
    }

    static let languageLabels: [(String, String)] = [("*", "Every language"), ("en", "English"), ("de", "German")]

    @Sendable func edit(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        let id = try context.id(of: "theme")
        guard let theme = try await services.themes.theme(w.id, id: id) else { throw APIError(.notFound, "no such theme") }
        return try await renderEdit(context, w, id: id, name: theme.definition.name, terms: theme.definition.terms, builtIn: theme.builtIn, error: nil)
    }

    func renderEdit(_ context: FocusRequestContext, _ w: WorkspaceContext, id: UUID, name: String, terms: [String: [String]], builtIn: Bool,
                    error: String?) async throws -> Response {
        let codes = Self.languageLabels.map(\.0) + terms.keys.filter { code in !Self.languageLabels.contains { $0.0 == code } }.sorted()
        let model = EditModel(
            layout: try await WorkspacePages.layout(services, context, w, title: "Edit theme", section: "themes"), id: id.uuidString, name: name,
            languages: codes.map { code in
                EditModel.Language(code: code, label: Self.languageLabels.first { $0.0 == code }?.1 ?? code,
                                   terms: (terms[code] ?? []).joined(separator: "\n"))
            },
            builtIn: builtIn, error: error)
        return services.pages.render("theme-edit", model)
    }

    /// Terms from the form: one textarea per language (`terms_en`, `terms_*`), one term per line.
    static func terms(_ fields: [String: [String]]) -> [String: [String]] {
        var terms: [String: [String]] = [:]
        for (name, values) in fields where name.hasPrefix("terms_") {
            let code = String(name.dropFirst("terms_".count))
            let lines = values.flatMap { $0.split(whereSeparator: \.isNewline).map(String.init) }
                .map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
            if !lines.isEmpty { terms[code] = lines }
        }
        return terms
    }

    @Sendable func create(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        var request = request
        let fields = try await FormBody.fields(&request, context: context)
        do {
            let change = try await services.themes.create(w.id, name: fields["name"]?.first ?? "", terms: Self.terms(fields))
            return .seeOther("/w/\(w.slug)/themes?reanalysed=\(change.reanalysed)")
        } catch let error as FieldError {
            return try await render(request, context, w, error: AuthPages.sentence(error))
        }
    }

    @Sendable func update(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        let id = try context.id(of: "theme")
        var request = request
        let fields = try await FormBody.fields(&request, context: context)
        let name = fields["name"]?.first ?? ""
        let terms = Self.terms(fields)
        do {
            let change = try await services.themes.update(w.id, id: id, name: name, terms: terms)
            return .seeOther("/w/\(w.slug)/themes?reanalysed=\(change.reanalysed)")
        } catch let error as FieldError {
            let builtIn = try await services.themes.theme(w.id, id: id)?.builtIn ?? false
            return try await renderEdit(context, w, id: id, name: name, terms: terms, builtIn: builtIn, error: AuthPages.sentence(error))
        }
    }

    @Sendable func delete(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        try await services.themes.delete(w.id, id: try context.id(of: "theme"))
        return .seeOther("/w/\(w.slug)/themes")
    }
}
