import FocusCore
import Foundation
import Hummingbird

/// The comments explorer: every comment, searched and filtered, its matches highlighted, and
/// one comment with its context.
struct CommentPages {
    let services: FocusServices
    static let pageSize = 50

    func addRoutes(to routes: RouteTable) {
        routes.workspace(.get, "/w/:workspace/comments", .read, list)
        routes.workspace(.get, "/w/:workspace/comments/:id", .read, show)
    }

    struct Option { let value: String; let label: String; let selected: Bool }
    struct Fragment { let text: String; let match: Bool }
    struct Row {
        let href: String
        let when: String
        let source: String
        let touchpoint: String
        let score: String
        let sentiment: String
        let sentimentClass: String
        let themes: String
        let fragments: [Fragment]
    }

    struct Model {
        let layout: LayoutModel
        let q: String
        let from: String
        let to: String
        let touchpoints: [Option]
        let sources: [Option]
        let themes: [Option]
        let sentiments: [Option]
        let groups: [Option]
        let rows: [Row]
        let summary: String
        let error: String?
        let nextHref: String?
    }

    @Sendable func list(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        let layout = try await WorkspacePages.layout(services, context, w, title: "Comments", section: "comments")
        let touchpoints = try await services.catalogue.touchpoints(w.id)
        let themes = try await services.themes.list(w.id)
        var error: String?
        var query: CommentQuery
        do {
            query = try CommentQuery.parse(request, services: services)
        } catch let e as APIError {
            error = e.message
            query = CommentQuery(filter: CommentFilter(period: Period(start: CalendarDate.today.adding(days: -89), end: CalendarDate.today.adding(days: 1))),
                                 given: [])
        }
        let f = query.filter
        let given = Dictionary(query.given, uniquingKeysWith: { a, _ in a })
        var rows: [Row] = []
        var summary = ""
        var nextHref: String?
        if error == nil {
            let page = try await services.comments.search(w.id, filter: f, cursor: request.uri.queryParameters["cursor"].map(String.init),
                                                          limit: Self.pageSize)
            let total = try await services.comments.count(w.id, filter: f)
            let names = Dictionary(uniqueKeysWithValues: touchpoints.map { ($0.id, $0.touchpoint.name) })
            let themeNames = Dictionary(uniqueKeysWithValues: themes.map { ($0.id, $0.definition.name) })
            rows = page.items.map { c in Self.row(c, workspace: w.slug, touchpoints: names, themes: themeNames) }
            summary = "\(ScorePages.count(total)) comment\(total == 1 ? "" : "s") from \(f.period.start.iso) to \(f.period.lastDay.iso)."
            let base = "/w/\(w.slug)/comments?" + query.given.map { "\($0.0)=\(CustomerPages.encode($0.1))" }.joined(separator: "&")
            nextHref = page.nextCursor.map { "\(base)&cursor=\(CustomerPages.encode($0))" }
        }
        func options<T: RawRepresentable & CaseIterable>(_ name: String, _ all: String, _ type: T.Type, label: (T) -> String) -> [Option]
            where T.RawValue == String {
            [Option(value: "", label: all, selected: given[name] == nil)]
                + T.allCases.map { Option(value: $0.rawValue, label: label($0), selected: given[name] == $0.rawValue) }
        }
        let model = Model(
            layout: layout, q: Self.attribute(given["q"] ?? ""), from: f.period.start.iso, to: f.period.lastDay.iso,
            touchpoints: [Option(value: "", label: "All touchpoints", selected: f.touchpointIDs == nil)]
                + touchpoints.map { Option(value: $0.id.uuidString, label: $0.touchpoint.name, selected: f.touchpointIDs == [$0.id]) },
            sources: options("source", "All sources", CommentSource.self) { $0.label },
            themes: [Option(value: "", label: "Any theme", selected: f.themeID == nil)]
                + themes.map { Option(value: $0.id.uuidString, label: $0.definition.name, selected: $0.id == f.themeID) },
            sentiments: options("sentiment", "Any sentiment", SentimentClass.self) { $0.rawValue.capitalized },
            groups: options("group", "Any score", CommentScoreGroup.self) { $0.rawValue.capitalized + "s" },
            rows: rows, summary: summary, error: error, nextHref: nextHref)
        return services.pages.render("comments", model)
    }

    /// Escapes text for an HTML attribute one Unicode scalar at a time (a quote followed by a
    /// combining mark is one Character, which a per-Character escape would let through).
    static func attribute(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    static func row(_ c: CommentRecord, workspace: String, touchpoints: [UUID: String], themes: [UUID: String]) -> Row {
        let sentimentClass = SentimentClass.of(c.sentiment)
        return Row(
            href: "/w/\(workspace)/comments/\(c.id.uuidString)", when: String(Timestamp.format(c.occurredAt).prefix(10)), source: c.source.label,
            touchpoint: c.touchpointID.flatMap { touchpoints[$0] } ?? "",
            score: c.nps.map { "NPS \($0)" } ?? c.csat.map { "CSAT \($0)" } ?? "",
            sentiment: ScoreTables.fixed(c.sentiment, decimals: 2), sentimentClass: sentimentClass.rawValue,
            themes: c.themeIDs.compactMap { themes[$0] }.sorted().joined(separator: ", "),
            fragments: c.fragments.map { Fragment(text: $0.text, match: $0.match) })
    }

    struct ContextModel {
        struct Item { let label: String; let value: String }
        let layout: LayoutModel
        let row: Row
        let heading: String
        let items: [Item]
        let hasItems: Bool
        let itemsHeading: String
        let customerHref: String?
        let customerName: String?
        let customerItems: [Item]
        /// The case about this response or contact, or the title offered for opening one.
        let caseHref: String?
        let caseLabel: String?
        let openCaseSourceID: String?
        let openCaseTitle: String?
    }

    @Sendable func show(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        let id = try context.id(of: "comment")
        guard let c = try await services.comments.context(w.id, id: id, services: services) else { throw APIError(.notFound, "no such comment") }
        let touchpoints = Dictionary(uniqueKeysWithValues: try await services.catalogue.touchpoints(w.id).map { ($0.id, $0.touchpoint.name) })
        let themes = Dictionary(uniqueKeysWithValues: try await services.themes.list(w.id).map { ($0.id, $0.definition.name) })
        var heading = c.comment.source.label
        var items: [ContextModel.Item] = []
        if let r = c.response, let survey = c.survey {
            heading = "Response to “\(survey.definition.name)”"
            items = survey.definition.questions.compactMap { q in
                r.answers[q.key].map { .init(label: q.text.text(r.language, fallback: q.key), value: CSVLine.cell($0)) }
            }
            items.append(.init(label: "Channel", value: r.channel))
            items.append(.init(label: "Language", value: r.language))
        } else if let f = c.feedback {
            heading = f.feedback.source.label
            items = [.init(label: "Author", value: f.feedback.author ?? ""), .init(label: "Rating", value: f.feedback.rating.map { "\($0) ★" } ?? ""),
                     .init(label: "Published at", value: f.feedback.url ?? "")].filter { !$0.value.isEmpty }
        } else if let k = c.contact {
            heading = "Contact by \(k.channel.rawValue)"
            items = [.init(label: "Agent", value: k.agent ?? ""), .init(label: "Team", value: k.team ?? ""),
                     .init(label: "Wait", value: k.waitSeconds.map { "\(Int($0)) s" } ?? ""),
                     .init(label: "Resolved at first contact", value: k.resolvedFirst.map { $0 ? "yes" : "no" } ?? ""),
                     .init(label: "Repeat contact", value: k.isRepeat ? "yes" : "no")].filter { !$0.value.isEmpty }
        }
        let customer = c.customer
        // A response or contact has at most one case: link it, or offer whoever may record to open one.
        var caseHref: String?, caseLabel: String?, openCaseSourceID: String?, openCaseTitle: String?
        if c.comment.source == .response || c.comment.source == .contact {
            if let existing = try await services.cases.forSource(w.id, sourceID: id) {
                caseHref = "/w/\(w.slug)/cases/\(existing.id.uuidString)"
                caseLabel = "Case \(existing.number)"
            } else if w.role.allows(.record) {
                openCaseSourceID = id.uuidString
                openCaseTitle = CasePages.suggestedTitle(source: c.comment.source, nps: c.comment.nps, csat: c.comment.csat, text: c.comment.text)
            }
        }
        let model = ContextModel(
            layout: try await WorkspacePages.layout(services, context, w, title: "Comment", section: "comments"),
            row: Self.row(c.comment, workspace: w.slug, touchpoints: touchpoints, themes: themes), heading: heading, items: items, hasItems: !items.isEmpty,
            itemsHeading: c.response != nil ? "The whole response" : c.feedback != nil ? "The feedback" : "The contact",
            customerHref: customer.map { "/w/\(w.slug)/customers/\($0.id.uuidString)" },
            customerName: customer.map { $0.customer.name ?? $0.customer.externalID },
            customerItems: customer.map { cu in
                [.init(label: "Customer id", value: cu.customer.externalID), .init(label: "Segment", value: cu.customer.segment ?? ""),
                 .init(label: "Value per year", value: cu.customer.valuePerYear.map { ScoreTables.fixed($0, decimals: 0) } ?? "")].filter { !$0.value.isEmpty }
            } ?? [],
            caseHref: caseHref, caseLabel: caseLabel, openCaseSourceID: openCaseSourceID, openCaseTitle: openCaseTitle)
        return services.pages.render("comment", model)
    }
}
