import FocusCore
import Foundation
import HTTPTypes
import Hummingbird

/// Outside feedback (reviews, social posts, e-mails): one at a time in, a page at a time out.
/// Files come in through the import (`focus import feedback`, or the import page).
struct FeedbackAPI {
    let services: FocusServices

    func addRoutes(to routes: RouteTable) {
        let b = ResponsesAPI.base
        routes.workspace(.post, "\(b)/feedback", .record, surface: .api, operation: .init(
            id: "createFeedback", summary: "Add one piece of outside feedback (a review, a social post, an e-mail), tied to a touchpoint.",
            tag: "Feedback", request: .object("FeedbackInput"), response: .object("Feedback"), status: 201), create)
        routes.workspace(.get, "\(b)/feedback", .read, surface: .api, operation: .init(
            id: "listFeedback", summary: "Outside feedback, newest first, a page at a time.", tag: "Feedback", response: .page("Feedback"),
            query: [.init("source", "Only feedback from this source: review, social, email or other."),
                    .init("touchpoint_id", "Only feedback about this touchpoint."),
                    .init("cursor", "The next_cursor of the previous page."),
                    .init("limit", "Items per page, 1 to 500 (default 100).", type: "integer")]), list)
    }

    @Sendable func create(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        let input = try await JSONBody.decode(FeedbackInput.self, from: request, context: context)
        return try JSONBody.response(FeedbackDTO(try await services.feedback.create(w.id, try input.submission())), status: .created)
    }

    @Sendable func list(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        let query = request.uri.queryParameters
        var limit = 100
        if let text = query["limit"] {
            guard let l = Int(text), (1...500).contains(l) else { throw APIError(.badRequest, "limit must be a whole number from 1 to 500", field: "limit") }
            limit = l
        }
        var source: Feedback.Source?
        if let text = query["source"], !text.isEmpty {
            guard let s = Feedback.Source(rawValue: String(text)) else {
                throw APIError(.badRequest, "source must be one of: \(Feedback.Source.allCases.map(\.rawValue).joined(separator: ", "))", field: "source")
            }
            source = s
        }
        let page = try await services.feedback.list(w.id, source: source, touchpointID: try ResponsesAPI.uuidParameter(request, "touchpoint_id"),
                                                    cursor: query["cursor"].map(String.init), limit: limit)
        return try JSONBody.response(Page(items: page.items.map(FeedbackDTO.init), nextCursor: page.nextCursor))
    }
}
