import FocusCharts
import FocusCore
import Foundation
import Hummingbird

/// The dashboards: the workspace's scores, one touchpoint's and one survey's, each with the
/// three scores and their intervals, a trend that marks significant moves, groups ranked by
/// score, and every table as CSV (`?export=trend` or `?export=groups` on the same URL).
struct ScorePages {
    let services: FocusServices

    func addRoutes(to routes: RouteTable) {
        routes.workspace(.get, "/w/:workspace/scores", .read, overview)
        routes.workspace(.get, "/w/:workspace/touchpoints/:id/scores", .read, touchpoint)
        routes.workspace(.get, "/w/:workspace/surveys/:id/scores", .read, survey)
    }

    @Sendable func overview(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        let query = try await ScoreQuery.parse(request, workspaceID: w.id, services: services)
        return try await page(request, context, w, query: query, path: "/w/\(w.slug)/scores", title: "Scores",
                              heading: w.name, groups: .touchpoints, showStage: true)
    }

    @Sendable func touchpoint(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        let id = try context.id(of: "touchpoint")
        guard let tp = try await services.catalogue.touchpoints(w.id).first(where: { $0.id == id }) else { throw APIError.notFound("touchpoint") }
        var query = try await ScoreQuery.parse(request, workspaceID: w.id, services: services)
        query.filter.touchpointIDs = [id]
        return try await page(request, context, w, query: query, path: "/w/\(w.slug)/touchpoints/\(id)/scores",
                              title: "\(tp.touchpoint.name): scores", heading: tp.touchpoint.name,
                              subheading: tp.touchpoint.stage.map { "Touchpoint in the stage \($0)" } ?? "Touchpoint",
                              // By segment; by the attribute's values when one is filtered (it combines with no other facet).
                              groups: .breakdown(query.filter.attribute.map { .attribute($0.key) } ?? .segment), showStage: false)
    }

    @Sendable func survey(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        let id = try context.id(of: "survey")
        let survey = try await services.surveys.get(w.id, id: id)
        var query = try await ScoreQuery.parse(request, workspaceID: w.id, services: services)
        query.filter.surveyID = id
        return try await page(request, context, w, query: query, path: "/w/\(w.slug)/surveys/\(id)/scores",
                              title: "\(survey.definition.name): scores", heading: survey.definition.name, subheading: "Survey",
                              groups: .touchpoints, showStage: true,
                              driversLink: survey.definition.driverQuestions == nil ? nil
                                  : query.link("/w/\(w.slug)/surveys/\(id)/drivers", ["granularity": nil, "score": nil, "by": nil, "channel": nil, "attribute": nil]))
    }

    /// What a page can rank, for the "Group by" choice.
    static let groupChoices = [("touchpoint", "Touchpoint"), ("stage", "Journey stage"), ("brand", "Brand"), ("channel", "Channel"),
                               ("segment", "Segment"), ("survey", "Survey")]

    enum Groups {
        case touchpoints
        case breakdown(ScoreDimension)
    }

    // MARK: the page

    struct Model {
        struct Card { let title: String; let value: String; let unit: String; let interval: String; let n: String; let change: String; let verdict: String; let tone: String }
        struct Option { let value: String; let label: String; let selected: Bool }
        struct TrendRow { let label: String; let responses: String; let n: String; let value: String; let interval: String; let change: String; let verdict: String; let significant: Bool }
        struct GroupRow { let label: String; let href: String?; let responses: String; let n: String; let value: String; let interval: String; let previous: String; let change: String; let verdict: String; let significant: Bool }
        let layout: LayoutModel
        let heading: String
        let subheading: String?
        let driversLink: String?
        let periodText: String
        let path: String
        let from: String
        let to: String
        let granularities: [Option]
        let scores: [Option]
        let segments: [Option]
        let brands: [Option]
        let channels: [Option]
        let stages: [Option]
        let groupBy: [Option]
        let showStage: Bool
        let cards: [Card]
        let responses: String
        let previousResponses: String
        let responseRate: String?
        let empty: Bool
        let scoreTitle: String
        let trendChart: String
        let trendRows: [TrendRow]
        let trendExport: String
        let groupsTitle: String
        let groupsHeading: String
        let groupsChart: String
        let distributionChart: String
        let groupRows: [GroupRow]
        let groupsExport: String
    }

    private func page(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext, query: ScoreQuery, path: String,
                      title: String, heading: String, subheading: String? = nil, groups: Groups, showStage: Bool,
                      driversLink: String? = nil) async throws -> Response {
        let dashboard = try await services.scores.dashboard(w.id, query.filter)
        let score = query.score ?? dashboard.mainScore
        let trend = dashboard.trend(score, query.granularity)
        // The groups the page ranks: its default, or what `by` asks for.
        var groups = groups
        if let text = request.uri.queryParameters["by"].map(String.init), !text.isEmpty {
            guard let dimension = ScoreDimension(text), Self.groupChoices.contains(where: { $0.0 == text }) || text.hasPrefix("attribute:") else {
                throw APIError(.badRequest, "must be one of: \(Self.groupChoices.map(\.0).joined(separator: ", ")) or attribute:<key>", field: "by")
            }
            groups = dimension == .touchpoint ? .touchpoints : .breakdown(dimension)
        }
        let groupList: [ScoreGroup]
        let groupsHeading: String
        switch groups {
        case .touchpoints:
            groupList = dashboard.touchpoints
            groupsHeading = "Touchpoint"
        case .breakdown(let dimension):
            groupList = try await services.scores.breakdown(w.id, query.filter, by: dimension)
            groupsHeading = if case .attribute(let key) = dimension { key } else { Self.groupChoices.first { $0.0 == dimension.name }?.1 ?? dimension.name }
        }
        let groupedBy: String = switch groups {
        case .touchpoints: "touchpoint"
        case .breakdown(let dimension): dimension.name
        }
        let ranked = groupList.sorted { a, b in
            let x = a.current.estimate(score).value, y = b.current.estimate(score).value
            switch (x, y) {
            case let (x?, y?): return score.higherIsBetter ? x > y : x < y
            case (.some, .none): return true
            default: return false
            }
        }
        switch request.uri.queryParameters["export"].map(String.init) {
        case "trend"?: return ScoreTables.csv(ScoreTables.trend(trend), filename: "trend-\(w.slug).csv")
        case "groups"?: return ScoreTables.csv(ScoreTables.groups(ranked, heading: groupedBy), filename: "scores-by-\(groupedBy.replacingOccurrences(of: ":", with: "-"))-\(w.slug).csv")
        case nil: break
        case let other?: throw APIError(.badRequest, "export must be trend or groups, not \(other)", field: "export")
        }
        let rate = try await services.scores.responseRate(w.id, query.filter) ?? ResponseRate(sent: 0, answered: 0)
        let period = query.filter.period
        let q = query
        func options(_ values: [(String, String)], selected: String?, all: String) -> [Model.Option] {
            [Model.Option(value: "", label: all, selected: selected == nil)] + values.map { Model.Option(value: $0.0, label: $0.1, selected: $0.0 == selected) }
        }
        let given = Dictionary(query.given.map { ($0.0, $0.1) }, uniquingKeysWith: { a, _ in a })
        let touchpoints = try await services.catalogue.touchpoints(w.id)
        let stageNames = Array(NSOrderedSet(array: touchpoints.compactMap(\.touchpoint.stage))) as? [String] ?? []
        let model = Model(
            layout: try await WorkspacePages.layout(services, context, w, title: title, section: "scores"),
            heading: heading, subheading: subheading, driversLink: driversLink,
            periodText: "\(Self.long(period.start)) to \(Self.long(period.lastDay)) (\(period.days) days), compared with the \(period.days) days before",
            path: path, from: period.start.iso, to: period.lastDay.iso,
            granularities: Granularity.allCases.map { .init(value: $0.rawValue, label: $0.rawValue.capitalized, selected: $0 == query.granularity) },
            scores: options(Score.allCases.map { ($0.rawValue, $0.title) }, selected: query.score?.rawValue, all: "Most answered"),
            segments: options(try await segmentChoices(w.id, query).map { ($0, $0) }, selected: given["segment"], all: "All segments"),
            brands: options(try await services.catalogue.brands(w.id).map { ($0.brand.name, $0.brand.name) }, selected: given["brand"], all: "All brands"),
            channels: options(ResponseService.channels.sorted().map { ($0, $0) }, selected: given["channel"], all: "All channels"),
            stages: options(stageNames.map { ($0, $0) }, selected: given["stage"], all: "All stages"),
            groupBy: Self.groupChoices.map { .init(value: $0.0, label: $0.1, selected: $0.0 == groupedBy) },
            showStage: showStage,
            cards: Score.allCases.map { s in Self.card(s, dashboard) },
            responses: Self.count(dashboard.current.responses), previousResponses: Self.count(dashboard.previous.responses),
            responseRate: rate.sent == 0 ? nil : "\(Self.count(rate.answered)) of \(Self.count(rate.sent)) invitations answered: \(ScoreTables.number(rate.rate.value, .csat))% (95% interval \(ScoreTables.interval(rate.rate, .csat)))",
            empty: dashboard.current.isEmpty && dashboard.previous.isEmpty,
            scoreTitle: score.title,
            trendChart: Self.trendChart(trend, score),
            trendRows: trend.points.map { p in
                .init(label: p.label, responses: Self.count(p.tally.responses), n: Self.count(p.estimate.n),
                      value: ScoreTables.number(p.estimate.value, score), interval: ScoreTables.interval(p.estimate, score),
                      change: ScoreTables.change(p.change, score), verdict: p.change.map { ScoreTables.verdict($0, score) } ?? "",
                      significant: p.change?.significant == true)
            },
            trendExport: q.link(path, ["export": "trend"]),
            groupsTitle: "\(groupsHeading)s ranked by \(score.title)",
            groupsHeading: groupsHeading,
            groupsChart: Self.groupsChart(ranked, score, heading: groupsHeading),
            distributionChart: Self.distributionChart(ranked, score, heading: groupsHeading),
            groupRows: ranked.map { g in
                let e = g.current.estimate(score)
                let c = g.previous.compare(score, to: g.current)
                let href: String? = if case .touchpoints = groups, !g.key.isEmpty { q.link("/w/\(w.slug)/touchpoints/\(g.key)/scores", ["stage": nil, "touchpoint_id": nil]) } else { nil }
                return .init(label: g.label, href: href, responses: Self.count(g.current.responses), n: Self.count(e.n),
                             value: ScoreTables.number(e.value, score), interval: ScoreTables.interval(e, score),
                             previous: ScoreTables.number(g.previous.estimate(score).value, score),
                             change: ScoreTables.change(c, score), verdict: ScoreTables.verdict(from: g.previous, to: g.current, score),
                             significant: c?.significant == true)
            },
            groupsExport: q.link(path, ["export": "groups"]))
        return services.pages.render("scores", model)
    }

    /// The segments with responses in the period or the one before, and the one chosen (even without).
    private func segmentChoices(_ workspaceID: UUID, _ query: ScoreQuery) async throws -> [String] {
        let period = query.filter.period
        var segments = try await services.scores.segments(workspaceID, span: Period(start: period.previous.start, end: period.end))
        if let chosen = query.filter.segment, !segments.contains(chosen) { segments.append(chosen) }
        return segments
    }

    static func card(_ score: Score, _ d: ScoreDashboard) -> Model.Card {
        let e = d.current.estimate(score)
        let c = d.previous.compare(score, to: d.current)
        let verdict = ScoreTables.verdict(from: d.previous, to: d.current, score)
        let tone = c?.significant != true ? "neutral" : ((score.higherIsBetter ? c!.difference > 0 : c!.difference < 0) ? "better" : "worse")
        return .init(title: score.title, value: e.value == nil ? "–" : ScoreTables.number(e.value, score), unit: score.unit,
                     interval: e.interval == nil ? "" : "95% interval \(ScoreTables.interval(e, score))",
                     n: "\(count(e.n)) answers", change: c.map { "\(ScoreTables.change($0, score)) against the previous period" } ?? "",
                     verdict: verdict, tone: tone)
    }

    static func trendChart(_ trend: Trend, _ score: Score) -> String {
        var chart = LineChart(
            title: "\(score.title) by \(trend.granularity.rawValue)",
            summary: "\(score.title) (\(score.unit)) for each \(trend.granularity.rawValue) of the period, with its 95% interval; diamonds mark significant changes from the \(trend.granularity.rawValue) before.",
            unit: score.unit,
            points: trend.points.map { p in
                LineChart.Point(label: p.label, value: p.estimate.value, low: p.estimate.interval?.low, high: p.estimate.interval?.high,
                                marked: p.change?.significant == true,
                                note: p.change?.significant == true ? ScoreTables.verdict(p.change, score) : nil)
            })
        chart.decimals = score == .ces ? 2 : 1
        return chart.svg()
    }

    static func groupsChart(_ groups: [ScoreGroup], _ score: Score, heading: String) -> String {
        let bars = groups.compactMap { g -> BarChart.Bar? in
            let e = g.current.estimate(score)
            guard let value = e.value else { return nil }
            let c = g.previous.compare(score, to: g.current)
            return BarChart.Bar(label: g.label, value: value, low: e.interval?.low, high: e.interval?.high,
                                valueText: "\(ScoreTables.number(value, score)) (n = \(e.n))\(c?.significant == true ? ", " + ScoreTables.verdict(c, score) : "")",
                                marked: c?.significant == true)
        }
        let domain: ClosedRange<Double>? = score == .nps ? nil : score.range
        return BarChart(title: "\(heading)s by \(score.title)", summary: "\(score.title) (\(score.unit)) of each \(heading.lowercased()) with its 95% interval; marked bars moved significantly against the previous period.",
                        unit: score.unit, bars: bars, domain: domain).svg()
    }

    static func distributionChart(_ groups: [ScoreGroup], _ score: Score, heading: String) -> String {
        let categories: [DistributionChart.Category]
        let rows: [DistributionChart.Row]
        switch score {
        case .nps:
            categories = [.init(name: "Detractors (0–6)", tone: .negative), .init(name: "Passives (7–8)", tone: .neutral),
                          .init(name: "Promoters (9–10)", tone: .positive)]
            rows = groups.map { .init(label: $0.label, counts: [$0.current.detractors, $0.current.passives, $0.current.promoters]) }
        case .csat:
            categories = [.init(name: "1", tone: .negative), .init(name: "2", tone: .negative2), .init(name: "3", tone: .neutral),
                          .init(name: "4", tone: .positive2), .init(name: "5", tone: .positive)]
            rows = groups.map { .init(label: $0.label, counts: $0.current.csat) }
        case .ces:
            categories = [.init(name: "Easy (1–3)", tone: .positive), .init(name: "Neutral (4)", tone: .neutral),
                          .init(name: "Hard (5–7)", tone: .negative)]
            rows = groups.map { .init(label: $0.label, counts: [$0.current.lowEffort, $0.current.ces[3], $0.current.ces[4...6].reduce(0, +)]) }
        }
        return DistributionChart(title: "\(score.title) answers by \(heading.lowercased())",
                                 summary: "How the answers to the \(score.title) question split, per \(heading.lowercased()).",
                                 categories: categories, rows: rows).svg()
    }

    static func count(_ n: Int) -> String {
        let digits = String(n)
        var out = ""
        for (i, ch) in digits.reversed().enumerated() {
            if i > 0 && i % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return String(out.reversed())
    }

    static func long(_ d: CalendarDate) -> String { "\(d.day) \(Granularity.monthNames[d.month - 1]) \(d.year)" }
}
