import FocusCharts
import FocusCore
import Foundation
import Hummingbird

/// The drivers page of a survey: what drives its outcome (importance bars with bootstrap
/// intervals), the importance-performance matrix with ranked priorities, and for a benchmark
/// survey every question by brand against the own brand. Filters in the URL, as on the dashboards.
struct DriverPages {
    let services: FocusServices

    func addRoutes(to routes: RouteTable) {
        routes.workspace(.get, "/w/:workspace/surveys/:id/drivers", .read, page)
    }

    struct Model {
        struct Option { let value: String; let label: String; let selected: Bool }
        struct DriverRow { let label: String; let share: String; let interval: String; let shapley: String; let weight: String; let correlation: String; let beta: String; let mean: String }
        struct PriorityRow { let rank: Int; let label: String; let quadrant: String; let share: String; let performance: String; let perPoint: String; let toCompetitor: String; let leads: Bool }
        struct BrandCell { let text: String; let tone: String }
        struct BrandRow { let label: String; let cells: [BrandCell]; let ranking: String }
        let layout: LayoutModel
        let heading: String
        let path: String
        let from: String
        let to: String
        let outcomes: [Option]
        let missing: [Option]
        let segments: [Option]
        let brands: [Option]
        let touchpoints: [Option]
        let periodText: String
        let problem: String?
        let summary: String?
        let importanceChart: String
        let driverRows: [DriverRow]
        let quadrantChart: String
        let performanceOf: String
        let priorityRows: [PriorityRow]
        let benchmark: Bool
        let brandNames: [String]
        let brandRows: [BrandRow]
        let brandChart: String
        let scoresLink: String
    }

    @Sendable func page(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        let id = try context.id(of: "survey")
        var query = try await ScoreQuery.parse(request, workspaceID: w.id, services: services)
        query.filter.surveyID = id
        let (outcomeKey, missing) = try DriversAPI.options(request)
        let report = try await services.drivers.report(w.id, surveyID: id, filter: query.filter, outcomeKey: outcomeKey, missing: missing)
        let given = Dictionary(query.given.map { ($0.0, $0.1) }, uniquingKeysWith: { a, _ in a })
        func options(_ values: [(String, String)], selected: String?, all: String?) -> [Model.Option] {
            (all.map { [Model.Option(value: "", label: $0, selected: selected == nil)] } ?? [])
                + values.map { Model.Option(value: $0.0, label: $0.1, selected: $0.0 == selected) }
        }
        let label = { (q: Question) in q.attribute.map { $0.prefix(1).uppercased() + $0.dropFirst() } ?? q.key.uppercased() }
        let period = report.period
        var problem: String?
        var summary: String?
        var importanceChart = "", quadrantChart = ""
        var driverRows: [Model.DriverRow] = []
        switch report.analysis {
        case .failure(let p):
            problem = DriverReportDTO.describe(p, report)
        case .success(let result):
            let shares = result.shares
            let total = result.drivers.reduce(0) { $0 + $1.importance }
            summary = "The ratings together explain \(Self.percent(result.r2)) of the variance of \(report.outcome.key.uppercased()) (R²), "
                + "over \(ScorePages.count(result.n)) responses; missing answers \(result.missing.description). "
                + (result.replicates > 0 && result.drivers.contains(where: { $0.shapleyInterval != nil })
                   ? "Intervals: 95%, from \(result.replicates) bootstrap samples that draw whole days."
                   : result.replicates > 0
                   ? "Intervals: 95%, from \(result.replicates) bootstrap samples that draw whole days, for the relative weights (with more than \(KeyDriverAnalysis.bootstrapShapleyLimit) ratings each sample would need 2^\(result.drivers.count) regressions for the Shapley values)."
                   : "No intervals: the bootstrap draws whole days, and these responses came on fewer than \(DriverService.minimumDays) days.")
            let order = result.drivers.indices.sorted { result.drivers[$0].importance > result.drivers[$1].importance }
            importanceChart = BarChart(
                title: "What drives \(report.outcome.key.uppercased())",
                summary: "Each rating's share of the explained variance (Shapley value), with its 95% bootstrap interval.",
                unit: "% of explained variance",
                bars: order.map { i in
                    let d = result.drivers[i]
                    let interval = d.importanceInterval
                    return BarChart.Bar(label: label(report.drivers[d.driver]), value: 100 * shares[i],
                                        low: interval.map { 100 * $0.low / total }, high: interval.map { 100 * $0.high / total })
                }).svg()
            let weightTotal = result.drivers.reduce(0) { $0 + $1.relativeWeight }
            driverRows = order.map { i in
                let d = result.drivers[i]
                let interval = d.importanceInterval.map { "\(Self.percent($0.low / total)) to \(Self.percent($0.high / total))" }
                    ?? d.relativeWeightInterval.map { "\(Self.percent($0.low / weightTotal)) to \(Self.percent($0.high / weightTotal)) (relative weight)" }
                return .init(label: label(report.drivers[d.driver]), share: Self.percent(shares[i]),
                             interval: interval ?? "–",
                             shapley: d.shapley.map { Self.decimal($0, 3) } ?? "–", weight: Self.decimal(d.relativeWeight, 3),
                             correlation: Self.decimal(d.correlation, 2), beta: d.beta.map { Self.decimal($0, 2) } ?? "–",
                             mean: report.means[d.driver].map { Self.decimal($0, 2) } ?? "–")
            }
            if !report.priorities.isEmpty {
                let meanShare = report.priorities.map(\.importance).reduce(0, +) / Double(report.priorities.count)
                let meanPerformance = report.priorities.map(\.performance).reduce(0, +) / Double(report.priorities.count)
                quadrantChart = QuadrantChart(
                    title: "Importance against performance",
                    summary: "Each rating's share of the explained variance against its mean rating (as % of the scale); the dashed lines are the averages. Diamonds: concentrate here.",
                    xTitle: "Performance (% of scale)", yTitle: "Importance (% of R²)",
                    points: report.priorities.map { p in
                        .init(label: label(report.drivers[p.driver]), x: p.performance, y: 100 * p.importance, marked: p.quadrant == .concentrateHere)
                    },
                    xCut: meanPerformance, yCut: 100 * meanShare,
                    quadrantNames: [Quadrant.concentrateHere.label, Quadrant.keepUpTheGoodWork.label, Quadrant.lowPriority.label,
                                    Quadrant.possibleOverkill.label]).svg()
            }
        }
        let benchmark = report.benchmark
        let brandRows: [Model.BrandRow] = benchmark.map { b in
            b.rows.map { row in
                let cells = row.answers.indices.map { i -> Model.BrandCell in
                    let a = row.answers[i]
                    let mean = a.mean.map { Self.decimal($0, 2) } ?? "–"
                    guard let gap = row.gaps.first(where: { $0.competitor == i }) else { return .init(text: "\(mean) (n = \(a.n))", tone: "own") }
                    let c = gap.comparison
                    let verdict = gap.competitorLeads ? "leads us significantly" : (c.significant ? "behind us significantly" : "no significant difference")
                    return .init(text: "\(mean) (n = \(a.n)); us \(Self.signed(c.difference)) [\(Self.signed(c.interval.low)) to \(Self.signed(c.interval.high))], \(verdict)",
                                 tone: gap.competitorLeads ? "worse" : (c.significant ? "better" : "neutral"))
                }
                return .init(label: label(row.question), cells: cells, ranking: row.ranking.map { b.brands[$0].brand.name }.joined(separator: " › "))
            }
        } ?? []
        // Our mean minus each competitor's, per question, with its interval; significant gaps marked.
        let brandChart: String = benchmark.map { b in
            BarChart(
                title: "\(b.brands[b.own].brand.name) against each competitor",
                summary: "For each question and competitor, our mean minus theirs with its 95% interval; marked bars are significant (Welch's t-test). Negative: the competitor leads.",
                unit: "our mean minus theirs (scale points)",
                bars: b.rows.flatMap { row in
                    row.gaps.map { gap in
                        BarChart.Bar(label: "\(label(row.question)) vs \(b.brands[gap.competitor].brand.name)", value: gap.comparison.difference,
                                     low: gap.comparison.interval.low, high: gap.comparison.interval.high,
                                     valueText: Self.signed(gap.comparison.difference), marked: gap.comparison.significant)
                    }
                }).svg()
        } ?? ""
        let touchpoints = try await services.catalogue.touchpoints(w.id)
        let model = Model(
            layout: try await WorkspacePages.layout(services, context, w, title: "\(report.survey.definition.name): drivers", section: "scores"),
            heading: report.survey.definition.name, path: "/w/\(w.slug)/surveys/\(id)/drivers", from: period.start.iso, to: period.lastDay.iso,
            outcomes: report.survey.definition.driverQuestions!.filter { $0.kind != .rating }.map {
                .init(value: $0.key, label: $0.kind.label, selected: $0.key == report.outcome.key)
            },
            missing: MissingAnswers.allCases.map { .init(value: $0.rawValue, label: $0.rawValue.capitalized, selected: $0 == missing) },
            segments: options(try await services.scores.segments(w.id, span: period).map { ($0, $0) }, selected: given["segment"], all: "All segments"),
            brands: options(try await services.catalogue.brands(w.id).map { ($0.brand.name, $0.brand.name) }, selected: given["brand"], all: "All brands"),
            touchpoints: options(touchpoints.map { ($0.id.uuidString, $0.touchpoint.name) }, selected: given["touchpoint_id"], all: "All touchpoints"),
            periodText: "\(ScorePages.long(period.start)) to \(ScorePages.long(period.lastDay)) (\(period.days) days): \(ScorePages.count(report.responses)) responses answered \(report.outcome.key.uppercased())",
            problem: problem, summary: summary, importanceChart: importanceChart, driverRows: driverRows, quadrantChart: quadrantChart,
            performanceOf: report.performanceOf,
            priorityRows: report.priorities.enumerated().map { n, p in
                .init(rank: n + 1, label: label(report.drivers[p.driver]), quadrant: p.quadrant.label, share: Self.percent(p.importance),
                      performance: Self.percent(p.performance / 100), perPoint: p.gainPerPoint.map { Self.signed($0) } ?? "–",
                      toCompetitor: p.gainToBestCompetitor.map { Self.signed($0) } ?? "–", leads: p.competitorLeads)
            },
            benchmark: benchmark != nil, brandNames: benchmark?.brands.map(\.brand.name) ?? [], brandRows: brandRows, brandChart: brandChart,
            scoresLink: query.link("/w/\(w.slug)/surveys/\(id)/scores", ["outcome": nil, "missing": nil]))
        return services.pages.render("drivers", model)
    }

    static func percent(_ share: Double) -> String { String(format: "%.1f%%", 100 * share) }
    static func decimal(_ value: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", value) }
    static func signed(_ value: Double) -> String { String(format: "%+.2f", value) }
}
