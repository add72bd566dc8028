import FocusCore
import Foundation
import Hummingbird

/// Outside feedback (reviews, social posts, e-mails): the newest first, by source and touchpoint.
struct FeedbackPages {
    let services: FocusServices
    static let pageSize = 50

    func addRoutes(to routes: RouteTable) {
        routes.workspace(.get, "/w/:workspace/feedback", .read, list)
    }

    struct Model {
        struct Row { let when: String; let source: String; let touchpoint: String; let rating: String; let author: String; let text: String; let url: String? }
        struct Option { let value: String; let label: String; let selected: Bool }
        let layout: LayoutModel
        let rows: [Row]
        let sources: [Option]
        let touchpoints: [Option]
        let summary: String
        let nextHref: String?
        let canImport: Bool
    }

    @Sendable func list(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        let query = request.uri.queryParameters
        let source = query["source"].flatMap { Feedback.Source(rawValue: String($0)) }
        let touchpointID = query["touchpoint"].flatMap { UUID(uuidString: String($0)) }
        let page = try await services.feedback.list(w.id, source: source, touchpointID: touchpointID,
                                                    cursor: query["cursor"].map(String.init), limit: Self.pageSize)
        let touchpoints = try await services.catalogue.touchpoints(w.id)
        let names = Dictionary(uniqueKeysWithValues: touchpoints.map { ($0.id, $0.touchpoint.name) })
        let counts = try await services.feedback.counts(w.id)
        let total = counts.values.reduce(0, +)
        let summary = total == 0 ? "No outside feedback yet."
            : "\(ScorePages.count(total)) in all: " + Feedback.Source.allCases.compactMap { s in counts[s].map { "\(ScorePages.count($0)) \(s.label.lowercased())\($0 == 1 ? "" : "s")" } }
                .joined(separator: ", ") + "."
        let base = "/w/\(w.slug)/feedback?source=\(source?.rawValue ?? "")&touchpoint=\(touchpointID?.uuidString ?? "")"
        let model = Model(
            layout: try await WorkspacePages.layout(services, context, w, title: "Outside feedback", section: "feedback"),
            rows: page.items.map { r in
                .init(when: String(Timestamp.format(r.occurredAt).prefix(10)), source: r.feedback.source.label,
                      touchpoint: r.touchpointID.flatMap { names[$0] } ?? "", rating: r.feedback.rating.map { ScoreTables.fixed($0, decimals: 1) + " ★" } ?? "",
                      author: r.feedback.author ?? "", text: r.feedback.text, url: r.feedback.url)
            },
            sources: [.init(value: "", label: "All sources", selected: source == nil)]
                + Feedback.Source.allCases.map { .init(value: $0.rawValue, label: $0.label, selected: $0 == source) },
            touchpoints: [.init(value: "", label: "All touchpoints", selected: touchpointID == nil)]
                + touchpoints.map { .init(value: $0.id.uuidString, label: $0.touchpoint.name, selected: $0.id == touchpointID) },
            summary: summary,
            nextHref: page.nextCursor.map { "\(base)&cursor=\(CustomerPages.encode($0))" },
            canImport: w.role.allows(.record))
        return services.pages.render("feedback", model)
    }
}
