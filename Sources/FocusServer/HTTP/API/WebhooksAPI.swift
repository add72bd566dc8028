import FocusCore
import Foundation
import Hummingbird

/// Webhooks for programs: owners only. Creating a webhook, changing where it sends and rotating its
/// secret are for people signed in, not for API tokens: a leaked token must not be able to send the
/// workspace's customer data somewhere else, nor learn a secret. Reading, deleting and sending a
/// delivery again may use an owner's token.
struct WebhooksAPI {
    let services: FocusServices

    func addRoutes(to routes: RouteTable) {
        let b = ResponsesAPI.base
        let events = WebhookEvent.subscribable.map(\.rawValue).joined(separator: ", ")
        routes.workspace(.get, "\(b)/webhooks", .administer, surface: .api, operation: .init(
            id: "listWebhooks", summary: "The workspace's webhooks, each with how many deliveries wait or failed and its newest delivery; never their secrets.",
            tag: "Webhooks", response: .list("Webhook")), list)
        routes.workspace(.post, "\(b)/webhooks", .administer, surface: .api, operation: .init(
            id: "createWebhook", summary: "Add a webhook: events (\(events)) are POSTed to its URL as JSON, signed with HMAC-SHA256 in X-Focus-Signature. The answer holds the secret, shown only this once. For people signed in, not tokens.",
            tag: "Webhooks", request: .object("WebhookInput"), response: .object("WebhookCreated"), status: 201), tokensAllowed: false, create)
        routes.workspace(.get, "\(b)/webhooks/:id", .administer, surface: .api, operation: .init(
            id: "getWebhook", summary: "One webhook; never its secret.", tag: "Webhooks", response: .object("Webhook")), get)
        routes.workspace(.put, "\(b)/webhooks/:id", .administer, surface: .api, operation: .init(
            id: "updateWebhook", summary: "Change a webhook's name, URL, events or whether it is active (those given). A paused webhook keeps its queued deliveries until it is active again. For people signed in, not tokens.",
            tag: "Webhooks", request: .object("WebhookInput"), response: .object("Webhook")), tokensAllowed: false, update)
        routes.workspace(.delete, "\(b)/webhooks/:id", .administer, surface: .api, operation: .init(
            id: "deleteWebhook", summary: "Delete a webhook with its queued deliveries and its log.", tag: "Webhooks", response: .none, status: 204), delete)
        routes.workspace(.post, "\(b)/webhooks/:id/rotate-secret", .administer, surface: .api, operation: .init(
            id: "rotateWebhookSecret", summary: "Replace the webhook's secret; deliveries from now on are signed with the new one, shown only in this answer. For people signed in, not tokens.",
            tag: "Webhooks", response: .object("WebhookSecret")), tokensAllowed: false, rotate)
        routes.workspace(.get, "\(b)/webhooks/:id/deliveries", .administer, surface: .api, operation: .init(
            id: "listWebhookDeliveries", summary: "The webhook's delivery log, newest first: each event, whether it was delivered, its attempts, the last answer's status or error, and when it is tried next.",
            tag: "Webhooks", response: .page("WebhookDelivery"),
            query: [.init("status", "Only deliveries in this state: pending, delivered or failed."),
                    .init("cursor", "The next_cursor of the previous page."),
                    .init("limit", "Items per page, 1 to 500 (default 50).", type: "integer")]), deliveries)
        routes.workspace(.post, "\(b)/webhooks/:id/deliveries/:delivery/retry", .administer, surface: .api, operation: .init(
            id: "retryWebhookDelivery", summary: "Send a pending or failed delivery again now (a failed one gets one more attempt). A delivered one is refused (422).",
            tag: "Webhooks", response: .object("WebhookDelivery")), retry)
    }

    @Sendable func list(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        try JSONBody.response(try await services.webhooks.list(w.id).map(WebhookDTO.init))
    }

    @Sendable func create(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        let input = try await JSONBody.decode(WebhookInput.self, from: request, context: context)
        guard let name = input.name else { throw APIError(.unprocessableContent, "name is required", field: "name") }
        guard let url = input.url else { throw APIError(.unprocessableContent, "url is required", field: "url") }
        guard let events = input.events else { throw APIError(.unprocessableContent, "events is required", field: "events") }
        let (webhook, secret) = try await services.webhooks.create(w.id, name: name, url: url, events: events, active: input.active ?? true,
                                                                   by: w.principal)
        let summary = WebhookSummary(webhook: webhook, pending: 0, failed: 0, lastDelivery: nil)
        return try JSONBody.response(WebhookCreatedDTO(webhook: WebhookDTO(summary), secret: secret), status: .created)
    }

    @Sendable func get(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        guard let summary = try await services.webhooks.get(w.id, id: try context.id(of: "webhook")) else { throw APIError.notFound("webhook") }
        return try JSONBody.response(WebhookDTO(summary))
    }

    @Sendable func update(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        let id = try context.id(of: "webhook")
        let input = try await JSONBody.decode(WebhookInput.self, from: request, context: context)
        _ = try await services.webhooks.update(w.id, id: id, name: input.name, url: input.url, events: input.events, active: input.active,
                                               by: w.principal)
        guard let summary = try await services.webhooks.get(w.id, id: id) else { throw APIError.notFound("webhook") }
        return try JSONBody.response(WebhookDTO(summary))
    }

    @Sendable func delete(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        try await services.webhooks.delete(w.id, id: try context.id(of: "webhook"), by: w.principal)
        return Response(status: .noContent)
    }

    @Sendable func rotate(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        let secret = try await services.webhooks.rotateSecret(w.id, id: try context.id(of: "webhook"), by: w.principal)
        return try JSONBody.response(WebhookSecretDTO(secret: secret))
    }

    @Sendable func deliveries(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        let id = try context.id(of: "webhook")
        let query = request.uri.queryParameters
        var limit = 50
        if let text = query["limit"] {
            guard let l = Int(text), (1...500).contains(l) else { throw APIError(.badRequest, "limit must be a whole number from 1 to 500", field: "limit") }
            limit = l
        }
        var status: WebhookDeliveryStatus?
        if let text = query["status"], !text.isEmpty {
            guard let s = WebhookDeliveryStatus(rawValue: String(text)) else {
                throw APIError(.badRequest, "status must be one of: pending, delivered, failed", field: "status")
            }
            status = s
        }
        let page = try await services.webhooks.deliveries(w.id, webhookID: id, status: status, cursor: query["cursor"].map(String.init), limit: limit)
        return try JSONBody.response(Page(items: page.items.map(WebhookDeliveryDTO.init), nextCursor: page.nextCursor))
    }

    @Sendable func retry(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        let id = try context.id(of: "webhook")
        let delivery = try context.id("delivery", of: "delivery")
        return try JSONBody.response(WebhookDeliveryDTO(try await services.webhooks.retry(w.id, webhookID: id, deliveryID: delivery)))
    }
}
