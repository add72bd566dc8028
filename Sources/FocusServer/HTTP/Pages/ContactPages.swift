import FocusCharts
import FocusCore
import Foundation
import Hummingbird

/// Contacts for people: the analysis (why customers get in touch, which contacts a better
/// process would prevent and what they cost), a form for agents to log a contact, and the
/// reason taxonomy with the channel costs and the repeat window.
struct ContactPages {
    let services: FocusServices

    func addRoutes(to routes: RouteTable) {
        routes.workspace(.get, "/w/:workspace/contacts", .read, contacts)
        routes.workspace(.post, "/w/:workspace/contacts", .record, logContact)
        routes.workspace(.get, "/w/:workspace/contact-reasons", .read, reasons)
        routes.workspace(.post, "/w/:workspace/contact-reasons", .configure, addReason)
        routes.workspace(.post, "/w/:workspace/contact-reasons/adopt", .configure, adopt)
        routes.workspace(.post, "/w/:workspace/contact-reasons/:id/delete", .configure, deleteReason)
        routes.workspace(.post, "/w/:workspace/contact-settings", .administer, saveSettings)
    }

    // MARK: the analysis and the log form

    struct ContactsModel {
        struct Option { let value: String; let label: String; let selected: Bool }
        struct ReasonRow { let category: String; let name: String; let avoidable: Bool; let contacts: String; let share: String; let cumulative: String; let cost: String; let fcr: String; let repeats: String }
        struct FixRow { let rank: Int; let reason: String; let fix: String; let note: String; let contacts: String; let saving: String }
        struct GroupRow { let name: String; let contacts: String; let fcr: String; let repeats: String; let wait: String; let handling: String }
        struct MonthRow { let reason: String; let cells: [String] }
        struct TrendChart { let caption: String; let svg: String }
        struct WaitRow { let band: String; let responses: String; let score: String; let interval: String }
        struct WaitModel { let score: String; let chart: String; let rows: [WaitRow]; let verdict: String }
        struct RecentRow { let when: String; let channel: String; let reason: String; let team: String; let isRepeat: Bool; let cost: String }
        let layout: LayoutModel
        let from: String
        let to: String
        let periodText: String
        let currency: String
        let total: String
        let avoidableShare: String
        let avoidableInterval: String
        let avoidableYearlyCost: String
        let paretoChart: String
        let reasonRows: [ReasonRow]
        let fixes: [FixRow]
        let teams: [GroupRow]
        let channels: [GroupRow]
        let months: [String]
        let monthRows: [MonthRow]
        let trendCharts: [TrendChart]
        let wait: WaitModel?
        let recent: [RecentRow]
        let canRecord: Bool
        let hasReasons: Bool
        let channelOptions: [Option]
        let reasonOptions: [Option]
        let touchpointOptions: [Option]
        let error: String?
        let notice: String?
    }

    /// Satisfaction against the wait, when responses name contacts of the period.
    static func waitModel(_ w: WaitSatisfaction) -> ContactsModel.WaitModel? {
        guard let score = w.mainScore else { return nil }
        let chart = BarChart(
            title: "\(score.title) by wait", summary: "\(score.title) of the responses that name a contact, by how long the customer waited, with 95% intervals.",
            unit: score.unit,
            bars: w.bands.filter { $0.tally.answers(score) > 0 }.map { band in
                let e = band.tally.estimate(score)
                return BarChart.Bar(label: band.label, value: e.value ?? 0, low: e.interval?.low, high: e.interval?.high,
                                    valueText: "\(ScoreTables.number(e.value, score)) (\(e.n))")
            },
            domain: score.range)
        let verdict: String
        if let (short, long, comparison) = w.shortestAgainstLongest(score) {
            let unit = score == .ces ? "" : " points"
            verdict = "From \(short.label) (\(ScorePages.count(short.tally.answers(score))) answers) to \(long.label) (\(ScorePages.count(long.tally.answers(score))) answers): "
                + "\(ScoreTables.change(comparison, score))\(unit) of \(score.title) (95% interval \(ScoreTables.number(comparison.interval.low, score)) to "
                + "\(ScoreTables.number(comparison.interval.high, score))\(unit)), \(ScoreTables.verdict(comparison, score)). "
                + "Bands with fewer than \(WaitSatisfaction.minimumAnswers) answers are not compared."
        } else {
            verdict = "Too few answers to compare the shortest waits with the longest: a band needs \(WaitSatisfaction.minimumAnswers)."
        }
        return .init(score: score.title, chart: chart.svg(), rows: w.bands.map { band in
            let e = band.tally.estimate(score)
            return .init(band: band.label, responses: ScorePages.count(e.n), score: ScoreTables.number(e.value, score),
                         interval: ScoreTables.interval(e, score))
        }, verdict: verdict)
    }

    @Sendable func contacts(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        try await renderContacts(request, context, w, error: nil, notice: nil)
    }

    private func renderContacts(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext, error: String?, notice: String?) async throws -> Response {
        let period = try ContactsAPI.period(request)
        let report = try await services.contacts.report(w.id, period: period)
        let a = report.analysis
        func money(_ v: Double) -> String { ScorePages.count(Int(v.rounded())) }
        func share(_ e: ScoreEstimate) -> String { e.value.map { ScoreTables.fixed($0, decimals: 1) + "%" } ?? "–" }
        func minutes(_ s: Double?) -> String { s.map { ScoreTables.fixed($0 / 60, decimals: 1) } ?? "–" }
        let names = Dictionary(uniqueKeysWithValues: report.reasons.map { ($0.id.uuidString, $0.reason.name) })
        // The table: the largest reasons, and every avoidable reason among the fixes' top three.
        let top = a.pareto.prefix(6) + a.pareto.dropFirst(6).filter { row in a.fixes.prefix(3).contains { $0.key == row.key } }
        let monthLabels = report.months.map { Granularity.month.label($0) }
        let monthRows = top.map { row in
            ContactsModel.MonthRow(reason: row.reason?.name ?? "No reason",
                                   cells: report.months.map { ScorePages.count(report.monthly[row.key]?[$0] ?? 0) })
        }
        // One small chart per avoidable reason with the most at stake: a fix that worked shows as a drop.
        let trendCharts = a.fixes.prefix(3).map { fix -> ContactsModel.TrendChart in
            var chart = LineChart(
                title: "Contacts per month: \(fix.reason.name)",
                summary: "Monthly contacts for \(fix.reason.name), an avoidable reason (fix: \(fix.reason.fixNote ?? fix.reason.fix?.label ?? "none")).",
                unit: "contacts",
                points: report.months.map { m in LineChart.Point(label: Granularity.month.label(m), value: Double(report.monthly[fix.key]?[m] ?? 0)) })
            chart.decimals = 0
            return .init(caption: "\(fix.reason.name) (avoidable)", svg: chart.svg())
        }
        let pareto = BarChart(
            title: "Contacts by reason", summary: "The reasons customers got in touch, largest first, with their share of all contacts.",
            unit: "% of contacts",
            bars: a.pareto.prefix(12).map { BarChart.Bar(label: $0.reason?.name ?? "No reason", value: $0.share,
                                                          valueText: "\(ScoreTables.fixed($0.share, decimals: 1))% (\($0.figures.contacts))",
                                                          marked: $0.reason?.avoidable == true) },
            domain: 0...100)
        var paretoChart = pareto
        paretoChart.markLabel = "Avoidable"
        let recent = try await services.contacts.list(w.id, cursor: nil, limit: 20).items
        let reasons = report.reasons
        let touchpoints = try await services.catalogue.touchpoints(w.id)
        let model = ContactsModel(
            layout: try await WorkspacePages.layout(services, context, w, title: "Contacts", section: "contacts"),
            from: period.start.iso, to: period.lastDay.iso,
            periodText: "\(ScorePages.long(period.start)) to \(ScorePages.long(period.lastDay)) (\(period.days) days)",
            currency: w.currency,
            total: ScorePages.count(a.total.contacts),
            avoidableShare: share(a.avoidableShare),
            avoidableInterval: a.avoidableShare.interval.map { "95% interval \(ScoreTables.fixed($0.low, decimals: 1)) to \(ScoreTables.fixed($0.high, decimals: 1))%" } ?? "",
            avoidableYearlyCost: money(a.avoidableYearlyCost),
            paretoChart: paretoChart.svg(),
            reasonRows: a.pareto.map { r in
                .init(category: r.reason?.category ?? "", name: r.reason?.name ?? "No reason", avoidable: r.reason?.avoidable == true,
                      contacts: ScorePages.count(r.figures.contacts), share: ScoreTables.fixed(r.share, decimals: 1),
                      cumulative: ScoreTables.fixed(r.cumulativeShare, decimals: 1), cost: money(r.figures.cost),
                      fcr: share(r.figures.firstContactResolution), repeats: share(r.figures.repeatRate))
            },
            fixes: a.fixes.enumerated().map { i, f in
                .init(rank: i + 1, reason: f.reason.name, fix: f.reason.fix?.label ?? "", note: f.reason.fixNote ?? "",
                      contacts: ScorePages.count(f.contacts), saving: money(f.yearlyCost))
            },
            teams: report.byTeam.map { .init(name: $0.team, contacts: ScorePages.count($0.figures.contacts), fcr: share($0.figures.firstContactResolution),
                                             repeats: share($0.figures.repeatRate), wait: minutes($0.figures.meanWaitSeconds),
                                             handling: minutes($0.figures.meanHandlingSeconds)) },
            channels: report.byChannel.map { .init(name: $0.channel.label, contacts: ScorePages.count($0.figures.contacts),
                                                   fcr: share($0.figures.firstContactResolution), repeats: share($0.figures.repeatRate),
                                                   wait: minutes($0.figures.meanWaitSeconds), handling: minutes($0.figures.meanHandlingSeconds)) },
            months: monthLabels, monthRows: Array(monthRows), trendCharts: trendCharts, wait: Self.waitModel(report.waitSatisfaction),
            recent: recent.map { c in
                .init(when: Timestamp.format(c.occurredAt).prefix(16).replacingOccurrences(of: "T", with: " "), channel: c.channel.label,
                      reason: c.reasonID.flatMap { names[$0.uuidString] } ?? "—", team: c.team ?? "", isRepeat: c.isRepeat,
                      cost: ScoreTables.fixed(c.cost, decimals: 2))
            },
            canRecord: w.role.allows(.record), hasReasons: !reasons.isEmpty,
            channelOptions: ContactChannel.allCases.map { .init(value: $0.rawValue, label: $0.label, selected: $0 == .phone) },
            reasonOptions: reasons.map { .init(value: $0.id.uuidString, label: "\($0.reason.category): \($0.reason.name)", selected: false) },
            touchpointOptions: touchpoints.map { .init(value: $0.id.uuidString, label: $0.touchpoint.name, selected: false) },
            error: error, notice: notice)
        return services.pages.render("contacts", model, status: error == nil ? .ok : .unprocessableContent)
    }

    struct LogForm: Decodable {
        let channel: String?
        let reason_id: String?
        let touchpoint_id: String?
        let customer_id: String?
        let wait_minutes: String?
        let handling_minutes: String?
        let resolved: String?
        let agent: String?
        let team: String?
        let note: String?
    }

    @Sendable func logContact(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        let form = try await FormBody.decode(LogForm.self, from: request, context: context)
        do {
            func uuid(_ text: String?, _ field: String) throws -> UUID? {
                guard let text, !text.isEmpty else { return nil }
                guard let id = UUID(uuidString: text) else { throw FieldError(field, "must be chosen from the list") }
                return id
            }
            func minutes(_ text: String?, _ field: String) throws -> Double? {
                guard let text = text?.trimmingWhitespace(), !text.isEmpty else { return nil }
                guard let m = Double(text.replacingOccurrences(of: ",", with: ".")), m.isFinite, m >= 0 else {
                    throw FieldError(field, "must be a number of minutes, 0 or more")
                }
                return m * 60
            }
            let resolved: Bool? = switch form.resolved { case "yes"?: true; case "no"?: false; default: nil }
            _ = try await services.contacts.submit(w.id, [ContactSubmission(
                channel: form.channel ?? "", reasonID: try uuid(form.reason_id, "reason_id"), touchpointID: try uuid(form.touchpoint_id, "touchpoint_id"),
                customerExternalID: form.customer_id, waitSeconds: try minutes(form.wait_minutes, "wait_seconds"),
                handlingSeconds: try minutes(form.handling_minutes, "handling_seconds"), resolvedFirst: resolved,
                agent: form.agent ?? w.principal.displayName, team: form.team, note: form.note)], batch: false)
            return .seeOther("/w/\(w.slug)/contacts?logged=1")
        } catch let error as FieldError {
            return try await renderContacts(request, context, w, error: AuthPages.sentence(error), notice: nil)
        }
    }

    // MARK: the taxonomy and the settings

    struct ReasonsModel {
        struct Row { let id: String; let category: String; let name: String; let avoidable: Bool; let fix: String; let note: String }
        struct Option { let value: String; let label: String; let selected: Bool }
        struct Cost { let channel: String; let label: String; let cost: String }
        let layout: LayoutModel
        let rows: [Row]
        let canEdit: Bool
        let canAdminister: Bool
        let starters: [Option]
        let fixes: [Option]
        let costs: [Cost]
        let currency: String
        let repeatDays: Int
        let error: String?
        let notice: String?
    }

    @Sendable func reasons(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        try await renderReasons(context, w, error: nil, notice: request.uri.queryParameters["added"].map { "\($0) reasons added." })
    }

    private func renderReasons(_ context: FocusRequestContext, _ w: WorkspaceContext, error: String?, notice: String?) async throws -> Response {
        let costs = try await services.contacts.costs(w.id)
        let model = ReasonsModel(
            layout: try await WorkspacePages.layout(services, context, w, title: "Contact reasons", section: "contacts"),
            rows: try await services.contacts.reasons(w.id).map {
                .init(id: $0.id.uuidString, category: $0.reason.category, name: $0.reason.name, avoidable: $0.reason.avoidable,
                      fix: $0.reason.fix?.label ?? "", note: $0.reason.fixNote ?? "")
            },
            canEdit: w.role.allows(.configure), canAdminister: w.role.allows(.administer),
            starters: StarterTaxonomy.allCases.map { .init(value: $0.rawValue, label: $0.label, selected: false) },
            fixes: FixKind.allCases.map { .init(value: $0.rawValue, label: $0.label, selected: false) },
            costs: ContactChannel.allCases.map { .init(channel: $0.rawValue, label: $0.label, cost: ScoreTables.fixed(costs[$0] ?? $0.defaultCost, decimals: 2)) },
            currency: w.currency, repeatDays: try await services.contacts.repeatDays(w.id), error: error, notice: notice)
        return services.pages.render("contact-reasons", model, status: error == nil ? .ok : .unprocessableContent)
    }

    struct ReasonForm: Decodable {
        let category: String?
        let name: String?
        let avoidable: String?
        let fix: String?
        let fix_note: String?
    }

    @Sendable func addReason(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        let form = try await FormBody.decode(ReasonForm.self, from: request, context: context)
        do {
            let input = ContactReasonInput(category: form.category ?? "", name: form.name ?? "", avoidable: form.avoidable == "on",
                                           fix: form.fix, fixNote: form.fix_note)
            _ = try await services.contacts.addReason(w.id, try input.domain())
            return .seeOther("/w/\(w.slug)/contact-reasons")
        } catch let error as FieldError {
            return try await renderReasons(context, w, error: AuthPages.sentence(error), notice: nil)
        }
    }

    struct AdoptForm: Decodable { let taxonomy: String? }

    @Sendable func adopt(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        let form = try await FormBody.decode(AdoptForm.self, from: request, context: context)
        guard let taxonomy = form.taxonomy.flatMap(StarterTaxonomy.init(rawValue:)) else {
            return try await renderReasons(context, w, error: "Choose a starter taxonomy.", notice: nil)
        }
        let added = try await services.contacts.adopt(w.id, taxonomy)
        return .seeOther("/w/\(w.slug)/contact-reasons?added=\(added)")
    }

    @Sendable func deleteReason(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        try await services.contacts.deleteReason(w.id, id: try context.id(of: "contact reason"))
        return .seeOther("/w/\(w.slug)/contact-reasons")
    }

    @Sendable func saveSettings(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        var request = request
        let fields = try await FormBody.fields(&request, context: context)
        do {
            if let text = fields["repeat_days"]?.first {
                guard let days = Int(text.trimmingWhitespace()) else { throw FieldError("repeat_days", "must be a whole number of days from 1 to 90") }
                try await services.contacts.setRepeatDays(w.id, days)
            }
            var costs: [String: Double] = [:]
            for channel in ContactChannel.allCases {
                guard let text = fields["cost_\(channel.rawValue)"]?.first?.trimmingWhitespace(), !text.isEmpty else { continue }
                guard let cost = Double(text.replacingOccurrences(of: ",", with: ".")) else {
                    throw FieldError("costs.\(channel.rawValue)", "must be an amount such as 6.50")
                }
                costs[channel.rawValue] = cost
            }
            try await services.contacts.setCosts(w.id, costs)
            return .seeOther("/w/\(w.slug)/contact-reasons")
        } catch let error as FieldError {
            return try await renderReasons(context, w, error: AuthPages.sentence(error), notice: nil)
        }
    }
}
