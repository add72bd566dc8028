import FocusCore
import Foundation
import HTTPTypes
import Hummingbird

/// Contacts in (one or a batch, idempotent) and out (a list, the analysis); the reason
/// taxonomy with its starter sets; the cost per channel and the repeat window.
struct ContactsAPI {
    let services: FocusServices

    func addRoutes(to routes: RouteTable) {
        let b = ResponsesAPI.base
        routes.workspace(.get, "\(b)/contact-reasons", .read, surface: .api, operation: .init(
            id: "listContactReasons", summary: "The workspace's contact reasons (category, reason, avoidable, fix).",
            tag: "Contacts", response: .list("ContactReason")), listReasons)
        routes.workspace(.post, "\(b)/contact-reasons", .configure, surface: .api, operation: .init(
            id: "createContactReason", summary: "Add a contact reason. An avoidable reason needs the fix that would prevent it.",
            tag: "Contacts", request: .object("ContactReasonInput"), response: .object("ContactReason"), status: 201), createReason)
        routes.workspace(.put, "\(b)/contact-reasons/:id", .configure, surface: .api, operation: .init(
            id: "updateContactReason", summary: "Change a contact reason.", tag: "Contacts",
            request: .object("ContactReasonInput"), response: .object("ContactReason")), updateReason)
        routes.workspace(.delete, "\(b)/contact-reasons/:id", .configure, surface: .api, operation: .init(
            id: "deleteContactReason", summary: "Delete a contact reason; its contacts count as without a reason.", tag: "Contacts",
            response: .none, status: 204), deleteReason)
        routes.workspace(.get, "\(b)/contact-reasons/starters", .read, surface: .api, operation: .init(
            id: "listStarterTaxonomies", summary: "The starter taxonomies a workspace can adopt (insurance, telecom, retail).",
            tag: "Contacts", response: .list("StarterTaxonomy")), starters)
        routes.workspace(.post, "\(b)/contact-reasons/adopt", .configure, surface: .api, operation: .init(
            id: "adoptStarterTaxonomy", summary: "Add a starter taxonomy's reasons that the workspace does not have yet.",
            tag: "Contacts", request: .object("AdoptInput"), response: .object("Adopted")), adopt)
        routes.workspace(.post, "\(b)/contacts", .record, surface: .api, operation: .init(
            id: "createContact",
            summary: "Log one contact. Its cost comes from the channel's cost unless given; a repeat (same customer and reason within the window) is flagged. Send an Idempotency-Key header to retry safely.",
            tag: "Contacts", request: .object("ContactInput"), response: .object("Contact"), status: 201), createOne)
        routes.workspace(.post, "\(b)/contacts/batch", .record, surface: .api, operation: .init(
            id: "createContacts", summary: "Log up to 1000 contacts in one transaction: all or none. Send an Idempotency-Key header to retry safely.",
            tag: "Contacts", request: .object("ContactBatchInput"), response: .object("ContactBatch"), status: 201), createBatch)
        routes.workspace(.get, "\(b)/contacts", .read, surface: .api, operation: .init(
            id: "listContacts", summary: "Contacts, newest first, a page at a time.", tag: "Contacts", response: .page("Contact"),
            query: [.init("cursor", "The next_cursor of the previous page."),
                    .init("limit", "Contacts per page, 1 to 1000 (default 100).", type: "integer")]), list)
        routes.workspace(.get, "\(b)/contacts/analysis", .read, surface: .api, operation: .init(
            id: "analyseContacts",
            summary: "The period's contacts by reason (Pareto), the avoidable share and its yearly cost, the fixes ranked by yearly saving, first-contact resolution and repeat rate by reason, team and channel.",
            tag: "Contacts", response: .object("ContactAnalysis"), query: [
                .init("from", "First day (ISO date). Default: 364 days before `to`."),
                .init("to", "Last day (ISO date), included. Default: today (UTC)."),
            ]), analysis)
        routes.workspace(.get, "\(b)/contact-settings", .read, surface: .api, operation: .init(
            id: "getContactSettings", summary: "The repeat window and the cost of one contact per channel.", tag: "Contacts",
            response: .object("ContactSettings")), settings)
        routes.workspace(.put, "\(b)/contact-settings", .administer, surface: .api, operation: .init(
            id: "updateContactSettings", summary: "Change the repeat window and/or channel costs (only the channels given).", tag: "Contacts",
            request: .object("ContactSettings"), response: .object("ContactSettings")), updateSettings)
    }

    @Sendable func listReasons(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        try JSONBody.response(try await services.contacts.reasons(w.id).map(ContactReasonDTO.init))
    }

    @Sendable func createReason(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        let input = try await JSONBody.decode(ContactReasonInput.self, from: request, context: context)
        return try JSONBody.response(ContactReasonDTO(try await services.contacts.addReason(w.id, try input.domain())), status: .created)
    }

    @Sendable func updateReason(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        let id = try context.id(of: "contact reason")
        let input = try await JSONBody.decode(ContactReasonInput.self, from: request, context: context)
        return try JSONBody.response(ContactReasonDTO(try await services.contacts.updateReason(w.id, id: id, try input.domain())))
    }

    @Sendable func deleteReason(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        try await services.contacts.deleteReason(w.id, id: try context.id(of: "contact reason"))
        return Response(status: .noContent)
    }

    @Sendable func starters(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        try JSONBody.response(StarterTaxonomy.allCases.map {
            StarterTaxonomyDTO(key: $0.rawValue, label: $0.label, reasons: $0.reasons.map { ContactReasonDTO(id: nil, $0) })
        })
    }

    @Sendable func adopt(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        let input = try await JSONBody.decode(AdoptInput.self, from: request, context: context)
        guard let taxonomy = StarterTaxonomy(rawValue: input.taxonomy) else {
            throw FieldError("taxonomy", "must be one of: \(StarterTaxonomy.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let added = try await services.contacts.adopt(w.id, taxonomy)
        return try JSONBody.response(AdoptDTO(added: added, reasons: try await services.contacts.reasons(w.id).map(ContactReasonDTO.init)))
    }

    @Sendable func createOne(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        let (input, bytes) = try await JSONBody.decodeWithBytes(ContactInput.self, from: request, context: context)
        let outcome = try await services.contacts.submit(w.id, [try input.submission()], batch: false,
                                                         idempotency: try ResponsesAPI.idempotency(request, body: bytes))
        guard let record = outcome.records.first else {
            throw APIError(.conflict, "this Idempotency-Key stored a contact that has since been deleted", field: "Idempotency-Key")
        }
        var response = try JSONBody.response(ContactDTO(record), status: .created)
        if outcome.replayed { response.headers[HTTPField.Name("Idempotent-Replayed")!] = "true" }
        return response
    }

    @Sendable func createBatch(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        let (input, bytes) = try await JSONBody.decodeWithBytes(ContactBatchInput.self, from: request, context: context)
        var submissions: [ContactSubmission] = []
        for (i, item) in input.contacts.enumerated() {
            let submission: ContactSubmission
            do throws(FieldError) { submission = try item.submission() } catch { throw FieldError("contacts[\(i)].\(error.field)", error.message) }
            submissions.append(submission)
        }
        let outcome = try await services.contacts.submit(w.id, submissions, batch: true,
                                                         idempotency: try ResponsesAPI.idempotency(request, body: bytes))
        var response = try JSONBody.response(ContactBatchDTO(contacts: outcome.records.map(ContactDTO.init)), status: .created)
        if outcome.replayed { response.headers[HTTPField.Name("Idempotent-Replayed")!] = "true" }
        return response
    }

    @Sendable func list(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        var limit = 100
        if let text = request.uri.queryParameters["limit"] {
            guard let l = Int(text), (1...1000).contains(l) else { throw APIError(.badRequest, "limit must be a whole number from 1 to 1000", field: "limit") }
            limit = l
        }
        let page = try await services.contacts.list(w.id, cursor: request.uri.queryParameters["cursor"].map(String.init), limit: limit)
        return try JSONBody.response(Page(items: page.items.map(ContactDTO.init), nextCursor: page.nextCursor))
    }

    @Sendable func analysis(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        let period = try Self.period(request)
        return try JSONBody.response(ContactAnalysisDTO(try await services.contacts.report(w.id, period: period)))
    }

    /// `from` and `to` (both included), by default the year up to today.
    static func period(_ request: Request) throws -> Period {
        func date(_ name: String) throws -> CalendarDate? {
            guard let text = request.uri.queryParameters[Substring(name)].map(String.init), !text.isEmpty else { return nil }
            guard let d = CalendarDate(iso: text), (ScoreQuery.earliest...ScoreQuery.latest).contains(d) else {
                throw APIError(.badRequest, "must be a date such as 2026-03-01, from \(ScoreQuery.earliest.iso) to \(ScoreQuery.latest.iso)", field: name)
            }
            return d
        }
        let to = try date("to") ?? .today
        let from = try date("from") ?? to.adding(days: -364)
        guard from <= to else { throw APIError(.badRequest, "from must not be after to", field: "from") }
        guard to.daysSinceEpoch - from.daysSinceEpoch < ScoreQuery.longestSpanDays else {
            throw APIError(.badRequest, "the period may span at most \(ScoreQuery.longestSpanDays) days", field: "from")
        }
        return Period(start: from, end: to.adding(days: 1))
    }

    @Sendable func settings(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        try await settingsResponse(w.id)
    }

    @Sendable func updateSettings(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        let input = try await JSONBody.decode(ContactSettingsDTO.self, from: request, context: context)
        if let days = input.repeatDays { try await services.contacts.setRepeatDays(w.id, days) }
        if let costs = input.costs { try await services.contacts.setCosts(w.id, costs) }
        return try await settingsResponse(w.id)
    }

    private func settingsResponse(_ workspaceID: UUID) async throws -> Response {
        let costs = try await services.contacts.costs(workspaceID)
        return try JSONBody.response(ContactSettingsDTO(repeatDays: try await services.contacts.repeatDays(workspaceID),
                                                        costs: Dictionary(uniqueKeysWithValues: costs.map { ($0.key.rawValue, $0.value) })))
    }
}
