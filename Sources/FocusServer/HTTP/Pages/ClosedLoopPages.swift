import FocusCharts
import FocusCore
import Foundation
import Hummingbird

/// The closed-loop page: of the period's detractors, how many were contacted and how fast, how
/// their cases did against the service level and ended, and what became of the customers
/// afterwards, contacted against not contacted, with the caveat that this is not an experiment.
struct ClosedLoopPages {
    let services: FocusServices

    /// Below this many, a share or mean is shown as "n too small": its interval would span most of
    /// the scale and the number would read as more than it is. The API still gives every n.
    static let smallestN = 10

    func addRoutes(to routes: RouteTable) {
        routes.workspace(.get, "/w/:workspace/closed-loop", .read, overview)
    }

    struct Option { let value: String; let label: String; let selected: Bool }

    struct Model {
        /// A headline figure: the value (or "n too small"), its interval and what it is counted over.
        struct Card { let title: String; let value: String; let interval: String; let n: String }
        struct GroupRow {
            let label: String
            let customers: String
            let withLater: String
            let change: String
            let promoters: String
            let churn: String
        }
        struct Figure { let label: String; let value: String }
        let layout: LayoutModel
        let path: String
        let from: String
        let to: String
        let touchpoints: [Option]
        let periodText: String
        let empty: Bool
        let cards: [Card]
        let serviceLevel: [Figure]
        let outcomes: [Figure]
        let promotersChart: String
        let churnChart: String
        let groups: [GroupRow]
        let differences: [Figure]
        let afterwardsText: String
        let caveat: String
        let cases: [Figure]
        let apiHref: String
    }

    @Sendable func overview(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        let query = try await ClosedLoopQuery.parse(request, workspaceID: w.id, services: services)
        let report = try await services.closedLoop.report(w.id, period: query.period, touchpointID: query.touchpointID)
        let touchpoints = try await services.catalogue.touchpoints(w.id)
        let period = query.period
        let r = report, s = report.serviceLevel, a = report.afterwards
        let count = ScorePages.count
        var api = "/api/v1/workspaces/\(w.slug)/closed-loop?from=\(period.start.iso)&to=\(period.lastDay.iso)"
        if let t = query.touchpointID { api += "&touchpoint_id=\(t.uuidString)" }
        let model = Model(
            layout: try await WorkspacePages.layout(services, context, w, title: "Closed loop", section: "closed-loop"),
            path: "/w/\(w.slug)/closed-loop", from: period.start.iso, to: period.lastDay.iso,
            touchpoints: [Option(value: "", label: "All touchpoints", selected: query.touchpointID == nil)]
                + touchpoints.map { Option(value: $0.id.uuidString, label: $0.touchpoint.name, selected: $0.id == query.touchpointID) },
            periodText: "Detractor responses (NPS 0–6) received from \(ScorePages.long(period.start)) to \(ScorePages.long(period.lastDay)) (\(period.days) days)",
            empty: r.reach.detractors == 0,
            cards: [
                Self.card("Detractors contacted", r.reach.contactedShare,
                          over: "\(count(r.reach.contacted)) of \(count(r.reach.detractors)) detractors (\(count(r.reach.withCase)) with a case)"),
                Self.card("Within service level", s.withinShare,
                          over: "\(count(s.within)) of \(count(s.measured)) cases finished or past due"),
                Self.hoursCard("Time to first action", r.timeToFirstAction),
                Self.hoursCard("Time to resolution", r.timeToResolution),
            ],
            serviceLevel: [
                .init(label: "Finished within their due time", value: count(s.within)),
                .init(label: "Finished late", value: count(s.finishedLate)),
                .init(label: "Open and overdue now", value: count(s.openOverdue)),
                .init(label: "Open, not yet due (not counted)", value: count(s.openNotYetDue)),
            ],
            outcomes: [
                .init(label: CaseOutcome.resolved.label, value: count(r.outcomes.resolved)),
                .init(label: CaseOutcome.retained.label, value: count(r.outcomes.retained)),
                .init(label: CaseOutcome.lost.label, value: count(r.outcomes.lost)),
                .init(label: "Closed without resolving", value: count(r.outcomes.closedWithoutOutcome)),
            ],
            promotersChart: Self.chart("Came back as promoters", "Of the customers who answered again, the share who gave 9 or 10, contacted and not contacted, with 95% intervals.",
                                       contacted: a.contacted.promoterShare, notContacted: a.notContacted.promoterShare),
            churnChart: Self.chart("Churned afterwards", "The share of customers who churned after the day of their detractor response, contacted and not contacted, with 95% intervals.",
                                   contacted: a.contacted.churnShare, notContacted: a.notContacted.churnShare),
            groups: [Self.row("Contacted", a.contacted), Self.row("Not contacted", a.notContacted)],
            differences: [
                .init(label: "Change in NPS answer (points)", value: Self.difference(a.npsChangeDifference, unit: "", smallest: min(a.contacted.withLaterResponse, a.notContacted.withLaterResponse))),
                .init(label: "Came back as promoters (percent points)", value: Self.difference(a.promotersDifference, unit: " pts", smallest: min(a.contacted.withLaterResponse, a.notContacted.withLaterResponse))),
                .init(label: "Churned (percent points)", value: Self.difference(a.churnDifference, unit: " pts", smallest: min(a.contacted.customers, a.notContacted.customers))),
            ],
            afterwardsText: "\(count(a.customers)) known customers, each counted once at their first detractor response of the period"
                + (a.repeatResponses > 0 ? " (\(count(a.repeatResponses)) further detractor responses of theirs not counted again)" : ""),
            caveat: ClosedLoopReport.caveat,
            cases: [
                .init(label: "Opened", value: count(r.cases.opened)),
                .init(label: "Resolved or closed", value: count(r.cases.resolved)),
                .init(label: "Open", value: count(r.cases.open)),
                .init(label: "Open and overdue now", value: count(r.cases.overdue)),
            ],
            apiHref: api)
        return services.pages.render("closed-loop", model)
    }

    // MARK: formatting

    /// "47.3%" with "95% interval 42.5% to 52.0%", or "n too small" below ``smallestN``.
    static func percent(_ e: ScoreEstimate) -> (value: String, interval: String) {
        guard let value = e.value, e.n >= smallestN else { return (e.n == 0 ? "–" : "n too small", "") }
        let interval = e.interval.map { "95% interval \(ScoreTables.fixed($0.low, decimals: 1))% to \(ScoreTables.fixed($0.high, decimals: 1))%" } ?? ""
        return (ScoreTables.fixed(value, decimals: 1) + "%", interval)
    }

    static func card(_ title: String, _ e: ScoreEstimate, over: String) -> Model.Card {
        let (value, interval) = percent(e)
        return .init(title: title, value: value, interval: interval, n: over)
    }

    /// Medians are shown from any n (with it): an order statistic, not an estimate with an interval.
    static func hoursCard(_ title: String, _ h: ClosedLoopReport.Hours) -> Model.Card {
        guard let median = h.median, let p90 = h.percentile90 else { return .init(title: title, value: "–", interval: "", n: "no cases yet") }
        return .init(title: title, value: "\(hours(median)) h", interval: "median; 90% within \(hours(p90)) h",
                     n: "\(ScorePages.count(h.n)) case\(h.n == 1 ? "" : "s")")
    }

    static func hours(_ value: Double) -> String { ScoreTables.fixed(value, decimals: value < 10 ? 1 : 0) }

    static func row(_ label: String, _ g: ClosedLoopReport.Group) -> Model.GroupRow {
        func withInterval(_ e: ScoreEstimate, percent isPercent: Bool) -> String {
            guard let value = e.value, e.n >= smallestN else { return e.n == 0 ? "–" : "n too small (\(e.n))" }
            let unit = isPercent ? "%" : ""
            let sign = !isPercent && value > 0 ? "+" : ""
            let interval = e.interval.map { " (\(ScoreTables.fixed($0.low, decimals: 1))\(unit) to \(ScoreTables.fixed($0.high, decimals: 1))\(unit))" } ?? ""
            return sign + ScoreTables.fixed(value, decimals: isPercent ? 1 : 2) + unit + interval
        }
        return .init(label: label, customers: ScorePages.count(g.customers), withLater: ScorePages.count(g.withLaterResponse),
                     change: withInterval(g.npsChange, percent: false), promoters: withInterval(g.promoterShare, percent: true),
                     churn: withInterval(g.churnShare, percent: true))
    }

    /// "+12.5 pts (3.1 to 21.0), significant at 5%", or why there is nothing to say.
    static func difference(_ c: Comparison?, unit: String, smallest: Int) -> String {
        guard let c, smallest >= smallestN else { return "n too small to compare" }
        let sign = c.difference > 0 ? "+" : ""
        return "\(sign)\(ScoreTables.fixed(c.difference, decimals: 1))\(unit) (95% interval \(ScoreTables.fixed(c.interval.low, decimals: 1)) to \(ScoreTables.fixed(c.interval.high, decimals: 1))), "
            + (c.significant ? "significant at 5%" : "not significant")
    }

    /// One figure, contacted against not contacted, in percent with its Wilson whiskers on the whole
    /// 0–100 scale; a group below ``smallestN`` keeps its row and says "n too small".
    static func chart(_ title: String, _ summary: String, contacted: ScoreEstimate, notContacted: ScoreEstimate) -> String {
        func bar(_ label: String, _ e: ScoreEstimate) -> BarChart.Bar {
            guard let value = e.value, e.n >= smallestN else {
                return .init(label: label, value: .nan, valueText: e.n == 0 ? "no customers" : "n too small (\(e.n))")
            }
            return .init(label: label, value: value, low: e.interval?.low, high: e.interval?.high,
                         valueText: "\(ScoreTables.fixed(value, decimals: 1))% (n = \(e.n))")
        }
        return BarChart(title: title, summary: summary, unit: "%",
                        bars: [bar("Contacted", contacted), bar("Not contacted", notContacted)], domain: 0...100).svg()
    }
}
