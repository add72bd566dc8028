import FocusCore
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Responses in (one or a batch, idempotent) and out (a filtered list, CSV and JSON export);
/// invitations; the workspace's survey-fatigue setting.
struct ResponsesAPI {
    let services: FocusServices
    static let base = "/api/v1/workspaces/:workspace"
    static let idempotencyHeader = HTTPField.Name("Idempotency-Key")!

    static let filterParameters: [APIOperation.Parameter] = [
        .init("survey_id", "Only responses to this survey."),
        .init("touchpoint_id", "Only responses about this touchpoint."),
        .init("customer_id", "Only responses of this customer (the customer's id in Focus)."),
        .init("from", "Only responses received at or after this time (ISO 8601 date or time)."),
        .init("to", "Only responses received before this time (ISO 8601 date or time)."),
    ]

    func addRoutes(to routes: RouteTable) {
        let b = Self.base
        routes.workspace(.post, "\(b)/responses", .record, surface: .api, operation: .init(
            id: "createResponse",
            summary: "Store one response. A 201 means it is durably stored. Send an Idempotency-Key header to retry safely.",
            tag: "Responses", request: .object("ResponseInput"), response: .object("Response"), status: 201), createOne)
        routes.workspace(.post, "\(b)/responses/batch", .record, surface: .api, operation: .init(
            id: "createResponses",
            summary: "Store up to 1000 responses in one transaction: all or none. Send an Idempotency-Key header to retry safely.",
            tag: "Responses", request: .object("ResponseBatchInput"), response: .object("ResponseBatch"), status: 201), createBatch)
        routes.workspace(.get, "\(b)/responses", .read, surface: .api, operation: .init(
            id: "listResponses", summary: "Responses, newest first, a page at a time.", tag: "Responses",
            response: .page("Response"), query: Self.filterParameters + [
                .init("cursor", "The next_cursor of the previous page."),
                .init("limit", "Responses per page, 1 to 1000 (default 100).", type: "integer"),
            ]), list)
        routes.workspace(.get, "\(b)/responses/export", .read, surface: .api, operation: .init(
            id: "exportResponses", summary: "All matching responses as CSV (format=csv, one column per question) or JSON.",
            tag: "Responses", response: .list("Response"),
            query: Self.filterParameters + [.init("format", "csv or json (default json).")]), export)
        routes.workspace(.post, "\(b)/invitations", .record, surface: .api, operation: .init(
            id: "createInvitation",
            summary: "Create a personal invitation link (skipped if the customer was invited within the fatigue period).",
            tag: "Invitations", request: .object("InvitationInput"), response: .object("InvitationResult"), status: 201,
            alsoStatuses: [200: "Not invited: the customer was invited within the survey-fatigue period (status skipped)."]), createInvitation)
        routes.workspace(.post, "\(b)/invitations/batch", .record, surface: .api, operation: .init(
            id: "createInvitations", summary: "Create up to 1000 invitations: all valid or none.", tag: "Invitations",
            request: .object("InvitationBatchInput"), response: .object("InvitationBatch"), status: 201), createInvitations)
        routes.workspace(.get, "\(b)/settings", .read, surface: .api, operation: .init(
            id: "getSettings", summary: "The workspace's settings.", tag: "Settings", response: .object("Settings")), settings)
        routes.workspace(.put, "\(b)/settings", .administer, surface: .api, operation: .init(
            id: "updateSettings", summary: "Change the workspace's settings.", tag: "Settings",
            request: .object("Settings"), response: .object("Settings")), updateSettings)
    }

    static func idempotency(_ request: Request, body: Data) throws -> ResponseService.Idempotency? {
        guard let key = request.headers[idempotencyHeader] else { return nil }
        guard (1...200).contains(key.count) else { throw APIError(.badRequest, "Idempotency-Key must be 1 to 200 characters", field: "Idempotency-Key") }
        return .init(key: key, requestHash: SecretToken.hash(String(decoding: body, as: UTF8.self)))
    }

    @Sendable func createOne(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        let (input, bytes) = try await JSONBody.decodeWithBytes(ResponseInput.self, from: request, context: context)
        let outcome = try await services.responses.submit(w.id, [try input.submission()], batch: false,
                                                          idempotency: try Self.idempotency(request, body: bytes))
        guard let record = outcome.records.first else {
            throw APIError(.conflict, "this Idempotency-Key stored a response that has since been deleted", field: "Idempotency-Key")
        }
        var response = try JSONBody.response(ResponseDTO(record), status: .created)
        if outcome.replayed { response.headers[HTTPField.Name("Idempotent-Replayed")!] = "true" }
        return response
    }

    @Sendable func createBatch(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        let (input, bytes) = try await JSONBody.decodeWithBytes(ResponseBatchInput.self, from: request, context: context)
        var submissions: [ResponseSubmission] = []
        for (i, item) in input.responses.enumerated() {
            do { submissions.append(try item.submission()) } catch let e as FieldError { throw FieldError("responses[\(i)].\(e.field)", e.message) }
        }
        let outcome = try await services.responses.submit(w.id, submissions, batch: true,
                                                          idempotency: try Self.idempotency(request, body: bytes))
        var response = try JSONBody.response(ResponseBatchDTO(responses: outcome.records.map(ResponseDTO.init)), status: .created)
        if outcome.replayed { response.headers[HTTPField.Name("Idempotent-Replayed")!] = "true" }
        return response
    }

    static func uuidParameter(_ request: Request, _ name: String) throws -> UUID? {
        guard let text = request.uri.queryParameters[Substring(name)].map(String.init), !text.isEmpty else { return nil }
        guard let id = UUID(uuidString: text) else { throw APIError(.badRequest, "\(name) must be an id", field: name) }
        return id
    }

    static func filter(_ request: Request) throws -> ResponseService.Filter {
        var filter = ResponseService.Filter(surveyID: try uuidParameter(request, "survey_id"),
                                            touchpointID: try uuidParameter(request, "touchpoint_id"),
                                            customerID: try uuidParameter(request, "customer_id"))
        for name in ["from", "to"] {
            guard let text = request.uri.queryParameters[Substring(name)].map(String.init), !text.isEmpty else { continue }
            guard let at = Timestamp.parse(text) else { throw APIError(.badRequest, "\(name) must be an ISO 8601 date or time", field: name) }
            if name == "from" { filter.from = at } else { filter.to = at }
        }
        return filter
    }

    @Sendable func list(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        var limit = 100
        if let text = request.uri.queryParameters["limit"] {
            guard let l = Int(text), (1...1000).contains(l) else { throw APIError(.badRequest, "limit must be a whole number from 1 to 1000", field: "limit") }
            limit = l
        }
        let page = try await services.responses.list(w.id, filter: try Self.filter(request),
                                                     cursor: request.uri.queryParameters["cursor"].map(String.init), limit: limit)
        return try JSONBody.response(Page(items: page.items.map(ResponseDTO.init), nextCursor: page.nextCursor))
    }

    /// Streams every matching response, a page at a time, so memory does not grow with the data.
    @Sendable func export(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        let format = request.uri.queryParameters["format"].map(String.init) ?? "json"
        guard format == "csv" || format == "json" else { throw APIError(.badRequest, "format must be csv or json", field: "format") }
        let filter = try Self.filter(request)
        let services = self.services
        let surveys = try await services.surveys.list(w.id)
        let keys: [String] = {
            var seen: [String] = []
            for s in surveys where filter.surveyID == nil || s.id == filter.surveyID {
                for q in s.definition.questions where !seen.contains(q.key) { seen.append(q.key) }
            }
            return seen
        }()
        let body = ResponseBody { writer in
            var cursor: String?
            var first = true
            if format == "csv" {
                try await writer.write(ByteBuffer(string: CSVLine.make(["id", "survey_id", "touchpoint_id", "brand_id", "customer_id",
                                                                        "channel", "language", "received_at"] + keys)))
            } else {
                try await writer.write(ByteBuffer(string: "["))
            }
            repeat {
                let page = try await services.responses.list(w.id, filter: filter, cursor: cursor, limit: 1000)
                var chunk = ""
                for r in page.items {
                    if format == "csv" {
                        chunk += CSVLine.make([r.id.uuidString, r.surveyID.uuidString, r.touchpointID?.uuidString ?? "",
                                               r.brandID?.uuidString ?? "", r.customerID?.uuidString ?? "", r.channel, r.language,
                                               Timestamp.format(r.receivedAt)] + keys.map { CSVLine.cell(r.answers[$0]) })
                    } else {
                        chunk += (first ? "" : ",") + String(decoding: try JSONBody.encoder.encode(ResponseDTO(r)), as: UTF8.self)
                        first = false
                    }
                }
                try await writer.write(ByteBuffer(string: chunk))
                cursor = page.nextCursor
            } while cursor != nil
            if format == "json" { try await writer.write(ByteBuffer(string: "]")) }
            try await writer.finish(nil)
        }
        let type = format == "csv" ? "text/csv; charset=utf-8" : "application/json; charset=utf-8"
        return Response(status: .ok, headers: [
            .contentType: type,
            .contentDisposition: "attachment; filename=\"responses-\(w.slug).\(format)\"",
        ], body: body)
    }

    @Sendable func createInvitation(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        let input = try await JSONBody.decode(InvitationInput.self, from: request, context: context)
        let outcome = try await services.invitations.create(w.id, [input.request], batch: false)[0]
        let status: HTTPResponse.Status = if case .created = outcome { .created } else { .ok }
        return try JSONBody.response(InvitationResultDTO(outcome, baseURL: services.configuration.baseURL), status: status)
    }

    @Sendable func createInvitations(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        let input = try await JSONBody.decode(InvitationBatchInput.self, from: request, context: context)
        let outcomes = try await services.invitations.create(w.id, input.invitations.map(\.request), batch: true)
        return try JSONBody.response(InvitationBatchDTO(invitations: outcomes.map { InvitationResultDTO($0, baseURL: services.configuration.baseURL) }),
                                     status: .created)
    }

    @Sendable func settings(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        try JSONBody.response(SettingsDTO(fatigueDays: try await services.invitations.fatigueDays(w.id)))
    }

    @Sendable func updateSettings(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        let input = try await JSONBody.decode(SettingsDTO.self, from: request, context: context)
        try await services.invitations.setFatigueDays(w.id, input.fatigueDays)
        return try JSONBody.response(SettingsDTO(fatigueDays: try await services.invitations.fatigueDays(w.id)))
    }
}

/// One CSV line (RFC 4180): cells with commas, quotes or line breaks are quoted.
enum CSVLine {
    /// Cells starting like a formula (`=`, `+`, `-`, `@`, tab, return) get a leading `'`, so a
    /// respondent's text cannot run as a formula in a spreadsheet; plain numbers (−12.5) stay numbers.
    static func make(_ cells: [String]) -> String {
        cells.map { raw in
            let formula = raw.first.map { "=+-@\t\r".contains($0) } == true && Double(raw) == nil
            let cell = formula ? "'" + raw : raw
            let needsQuotes = cell.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }
            return needsQuotes ? "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : cell
        }.joined(separator: ",") + "\r\n"
    }

    static func cell(_ answer: Answer?) -> String {
        switch answer {
        case .none: ""
        case .number(let n): String(n)
        case .choice(let s), .text(let s): s
        case .choices(let list): list.joined(separator: ";")
        }
    }
}
