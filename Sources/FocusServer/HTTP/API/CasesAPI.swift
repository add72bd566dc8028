import FocusCore
import Foundation
import Hummingbird

/// Cases for programs: the lists behind the inbox and the board, a case with its timeline,
/// goodwill and customer history, changes, notes, goodwill and its approval.
struct CasesAPI {
    let services: FocusServices

    func addRoutes(to routes: RouteTable) {
        let b = ResponsesAPI.base
        routes.workspace(.get, "\(b)/cases", .read, surface: .api, operation: .init(
            id: "listCases", summary: "Cases newest first, filtered.", tag: "Cases", response: .page("Case"),
            query: CaseQuery.parameters + [.init("cursor", "The next_cursor of the previous page."),
                                           .init("limit", "Items per page, 1 to 500 (default 50).", type: "integer")]), list)
        routes.workspace(.post, "\(b)/cases", .record, surface: .api, operation: .init(
            id: "openCase", summary: "Open a case by hand, about a customer or about a response or contact (`source_id`) that has none yet.",
            tag: "Cases", request: .object("CaseOpen"), response: .object("Case"), status: 201), open)
        routes.workspace(.get, "\(b)/cases/:id", .read, surface: .api, operation: .init(
            id: "getCase", summary: "A case with its timeline, its goodwill and the customer's history (earlier responses, contacts and cases).",
            tag: "Cases", response: .object("CaseDetail")), get)
        routes.workspace(.patch, "\(b)/cases/:id", .record, surface: .api, operation: .init(
            id: "updateCase", summary: "Change a case's status (resolving needs an `outcome`), priority (the due time follows), owner or team; null clears an owner or team.",
            tag: "Cases", request: .object("CaseChange"), response: .object("Case")), update)
        routes.workspace(.post, "\(b)/cases/:id/notes", .record, surface: .api, operation: .init(
            id: "addCaseNote", summary: "Add a note to a case's timeline; `contacted: true` records that the customer was reached (the closed-loop figures count it).",
            tag: "Cases", request: .object("CaseNote"), response: .object("Case"), status: 201), note)
        routes.workspace(.post, "\(b)/cases/:id/goodwill", .record, surface: .api, operation: .init(
            id: "recordGoodwill", summary: "Record a refund or credit on a case: final at once within the caller's authority limit, otherwise pending until someone whose limit covers it approves. Audited.",
            tag: "Cases", request: .object("GoodwillInput"), response: .object("Goodwill"), status: 201), goodwill)
        routes.workspace(.get, "\(b)/goodwill", .read, surface: .api, operation: .init(
            id: "listPendingGoodwill", summary: "Goodwill waiting for approval, oldest first.", tag: "Cases", response: .list("Goodwill")), pending)
        routes.workspace(.post, "\(b)/goodwill/:id/approve", .record, surface: .api, operation: .init(
            id: "approveGoodwill", summary: "Approve a pending goodwill: only someone other than who recorded it, whose own limit covers the amount. Audited.",
            tag: "Cases", request: .object("GoodwillDecision"), response: .object("Goodwill")), approve)
        routes.workspace(.post, "\(b)/goodwill/:id/reject", .record, surface: .api, operation: .init(
            id: "rejectGoodwill", summary: "Reject a pending goodwill (same rules as approving). Audited.",
            tag: "Cases", request: .object("GoodwillDecision"), response: .object("Goodwill")), reject)
    }

    @Sendable func list(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        let filter = try CaseQuery.filter(request, caller: w.principal.userID)
        let page = try await services.cases.list(w.id, filter: filter, cursor: QueryPeriod.text(request, "cursor"),
                                                 limit: try CaseQuery.limit(request, default: 50, max: 500))
        return try JSONBody.response(Page(items: page.items.map { CaseDTO($0) }, nextCursor: page.nextCursor))
    }

    @Sendable func open(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        let input = try await JSONBody.decode(CaseOpenInput.self, from: request, context: context)
        let opened = try await services.cases.open(w.id, title: input.title, priority: input.priority ?? .normal, customerID: input.customer_id,
                                                   sourceID: input.source_id, assignment: input.assign ?? .unassigned, by: Caller(w))
        return try JSONBody.response(CaseDTO(opened), status: .created)
    }

    @Sendable func get(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        let id = try context.id(of: "case")
        guard let c = try await services.cases.get(w.id, id: id) else { throw APIError(.notFound, "no such case") }
        let detail = CaseDetailDTO(case: CaseDTO(c), events: try await services.cases.events(c.id).map(CaseEventDTO.init),
                                   goodwill: try await services.cases.goodwill(caseID: c.id).map { GoodwillDTO($0, currency: w.currency) },
                                   history: try await services.cases.history(w.id, of: c).map(CustomerHistoryDTO.init))
        return try JSONBody.response(detail)
    }

    @Sendable func update(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        let id = try context.id(of: "case")
        let input = try await JSONBody.decode(CaseChangeInput.self, from: request, context: context)
        return try JSONBody.response(CaseDTO(try await services.cases.update(w.id, id: id, input.change, by: Caller(w))))
    }

    @Sendable func note(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        let id = try context.id(of: "case")
        let input = try await JSONBody.decode(NoteInput.self, from: request, context: context)
        let c = try await services.cases.addNote(w.id, id: id, text: input.text, contacted: input.contacted ?? false, by: Caller(w))
        return try JSONBody.response(CaseDTO(c), status: .created)
    }

    @Sendable func goodwill(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        let id = try context.id(of: "case")
        let input = try await JSONBody.decode(GoodwillInput.self, from: request, context: context)
        let record = try await services.cases.recordGoodwill(w.id, caseID: id, kind: input.kind, cents: try Money.cents(input.amount, field: "amount"),
                                                             reason: input.reason, currency: w.currency, by: Caller(w))
        return try JSONBody.response(GoodwillDTO(record, currency: w.currency), status: .created)
    }

    @Sendable func pending(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        try JSONBody.response(try await services.cases.pendingGoodwill(w.id).map { GoodwillDTO($0, currency: w.currency) })
    }

    @Sendable func approve(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        try await decide(request, context, w, approve: true)
    }

    @Sendable func reject(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        try await decide(request, context, w, approve: false)
    }

    private func decide(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext, approve: Bool) async throws -> Response {
        let id = try context.id(of: "goodwill")
        var note: String?
        if request.headers[.contentLength].map({ $0 != "0" }) ?? (request.headers[.transferEncoding] != nil) {
            note = try await JSONBody.decode(DecisionInput.self, from: request, context: context).note
        }
        let record = try await services.cases.decideGoodwill(w.id, id: id, approve: approve, note: note, currency: w.currency, by: Caller(w))
        return try JSONBody.response(GoodwillDTO(record, currency: w.currency))
    }
}
