import FocusCore
import Foundation
import Hummingbird

/// The webhooks pages: owners only, and people only (as the members and tokens pages), since a webhook
/// decides where the workspace's customer data goes. The list with a form to add one (the secret is
/// shown once, right after, with how to check a signature), and each webhook's page: its delivery log
/// with a Retry button per waiting or failed delivery, and forms to edit it, rotate its secret or delete it.
struct WebhookPages {
    let services: FocusServices

    func addRoutes(to routes: RouteTable) {
        routes.workspace(.get, "/w/:workspace/webhooks", .administer, tokensAllowed: false, list)
        routes.workspace(.post, "/w/:workspace/webhooks", .administer, tokensAllowed: false, create)
        routes.workspace(.get, "/w/:workspace/webhooks/:id", .administer, tokensAllowed: false, show)
        routes.workspace(.post, "/w/:workspace/webhooks/:id", .administer, tokensAllowed: false, update)
        routes.workspace(.post, "/w/:workspace/webhooks/:id/rotate-secret", .administer, tokensAllowed: false, rotate)
        routes.workspace(.post, "/w/:workspace/webhooks/:id/delete", .administer, tokensAllowed: false, delete)
        routes.workspace(.post, "/w/:workspace/webhooks/:id/deliveries/:delivery/retry", .administer, tokensAllowed: false, retry)
    }

    // MARK: shared

    struct EventOption { let value: String; let label: String; let checked: Bool }

    /// What a form held, with the message for each field that was wrong (shown next to it).
    struct Form {
        var name = ""
        var url = ""
        var events: Set<String> = [WebhookEvent.responseReceived.rawValue]
        var active = true
        var nameError: String?
        var urlError: String?
        var eventsError: String?
        var error: String?

        var eventOptions: [EventOption] {
            WebhookEvent.subscribable.map { EventOption(value: $0.rawValue, label: WebhookPages.label($0), checked: events.contains($0.rawValue)) }
        }

        init() {}

        init(_ w: WebhookRecord) {
            name = w.name
            url = w.url
            events = Set(w.events.map(\.rawValue))
            active = w.active
        }

        init(_ fields: [String: [String]]) {
            name = fields["name"]?.first ?? ""
            url = fields["url"]?.first ?? ""
            events = Set(fields["events"] ?? [])
            active = fields["active"] != nil
        }

        /// Puts the message next to its field; one about no particular field goes above the form.
        mutating func show(_ error: FieldError) {
            let sentence = AuthPages.sentence(error)
            switch error.field {
            case "name": nameError = sentence
            case "url": urlError = sentence
            case "events": eventsError = sentence
            default: self.error = sentence
            }
        }
    }

    static func label(_ event: WebhookEvent) -> String {
        switch event {
        case .responseReceived: "A response is received"
        case .caseOpened: "A case is opened"
        case .caseOverdue: "A case is overdue"
        case .caseResolved: "A case is resolved"
        case .alertTriggered: "An alert rule fires"
        }
    }

    /// `2026-03-14 09:30:05 UTC` (the log's columns say UTC once, in their heading).
    static func time(_ seconds: Double, zone: Bool = true) -> String {
        let text = Timestamp.format(seconds)
        return "\(text.prefix(10)) \(text.dropFirst(11).prefix(8))" + (zone ? " UTC" : "")
    }

    /// The newest delivery in words, for the list and the webhook's page.
    static func state(_ d: WebhookDeliveryRecord?) -> String {
        guard let d else { return "nothing sent yet" }
        switch d.status {
        case .delivered: return "delivered \(time(d.deliveredAt ?? d.createdAt))"
        case .pending: return d.attempts == 0 ? "waiting to be sent" : "retrying (\(d.attempts) attempts so far)"
        case .failed: return "failed after \(d.attempts) attempts"
        }
    }

    // MARK: the list

    struct ListModel {
        struct Row {
            let id: String
            let name: String
            let url: String
            let events: String
            let active: Bool
            let lastState: String
            let hasDelivery: Bool
            let lastFailed: Bool
            let pending: Int
            let failed: Int
        }
        struct Created { let id: String; let name: String; let secret: String }
        let layout: LayoutModel
        let rows: [Row]
        let created: Created?
        let name: String
        let url: String
        let events: [EventOption]
        let nameError: String?
        let urlError: String?
        let eventsError: String?
        let error: String?
    }

    private func renderList(_ context: FocusRequestContext, _ w: WorkspaceContext, form: Form = Form(),
                            created: ListModel.Created? = nil) async throws -> Response {
        let rows = try await services.webhooks.list(w.id).map { s in
            return ListModel.Row(id: s.webhook.id.uuidString, name: s.webhook.name, url: s.webhook.url,
                                 events: s.webhook.events.map(\.rawValue).joined(separator: ", "), active: s.webhook.active,
                                 lastState: Self.state(s.lastDelivery), hasDelivery: s.lastDelivery != nil,
                                 lastFailed: s.lastDelivery?.status == .failed, pending: s.pending, failed: s.failed)
        }
        let failed = form.nameError != nil || form.urlError != nil || form.eventsError != nil || form.error != nil
        let model = ListModel(
            layout: try await WorkspacePages.layout(services, context, w, title: "Webhooks", section: "webhooks"),
            rows: rows, created: created, name: form.name, url: form.url, events: form.eventOptions,
            nameError: form.nameError, urlError: form.urlError, eventsError: form.eventsError, error: form.error)
        return services.pages.render("webhooks", model, status: failed ? .unprocessableContent : .ok)
    }

    @Sendable func list(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        try await renderList(context, w)
    }

    @Sendable func create(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        var request = request
        var form = Form(try await FormBody.fields(&request, context: context))
        do {
            let (webhook, secret) = try await services.webhooks.create(w.id, name: form.name, url: form.url, events: Array(form.events),
                                                                       by: w.principal)
            // Rendered, not redirected: the secret must not travel in a URL, and it is shown only now.
            return try await renderList(context, w, created: .init(id: webhook.id.uuidString, name: webhook.name, secret: secret))
        } catch let error as FieldError {
            form.show(error)
            return try await renderList(context, w, form: form)
        }
    }

    // MARK: one webhook

    struct StatusOption { let value: String; let label: String; let selected: Bool }

    struct DetailModel {
        struct Delivery {
            let deliveryID: String
            let created: String
            let event: String
            let status: String
            let failedDelivery: Bool
            let attempts: Int
            let lastStatus: String
            let lastError: String
            let next: String
            let canRetry: Bool
        }
        let layout: LayoutModel
        let id: String
        let name: String
        let url: String
        let active: Bool
        let state: String
        let pending: Int
        let failed: Int
        let newSecret: String?
        let notice: String?
        let formName: String
        let formURL: String
        let formActive: Bool
        let events: [EventOption]
        let nameError: String?
        let urlError: String?
        let eventsError: String?
        let error: String?
        let deliveries: [Delivery]
        let hasDeliveries: Bool
        let statusOptions: [StatusOption]
        let nextPage: String?
    }

    private func renderDetail(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext, id: UUID, form: Form? = nil,
                              newSecret: String? = nil, notice: String? = nil) async throws -> Response {
        guard let summary = try await services.webhooks.get(w.id, id: id) else { throw APIError.notFound("webhook") }
        let q = request.uri.queryParameters
        var status: WebhookDeliveryStatus?
        if let text = q["status"], !text.isEmpty {
            guard let s = WebhookDeliveryStatus(rawValue: String(text)) else {
                throw APIError(.badRequest, "status must be one of: pending, delivered, failed", field: "status")
            }
            status = s
        }
        let page = try await services.webhooks.deliveries(w.id, webhookID: id, status: status, cursor: q["cursor"].map(String.init), limit: 50)
        let base = "/w/\(w.slug)/webhooks/\(id.uuidString)"
        let form = form ?? Form(summary.webhook)
        let failed = form.nameError != nil || form.urlError != nil || form.eventsError != nil || form.error != nil
        let model = DetailModel(
            layout: try await WorkspacePages.layout(services, context, w, title: "Webhook \(summary.webhook.name)", section: "webhooks"),
            id: id.uuidString, name: summary.webhook.name, url: summary.webhook.url, active: summary.webhook.active,
            state: Self.state(summary.lastDelivery), pending: summary.pending, failed: summary.failed,
            newSecret: newSecret, notice: notice ?? (q["retried"] != nil ? "The delivery is due now; the log shows how it went." : nil),
            formName: form.name, formURL: form.url, formActive: form.active, events: form.eventOptions,
            nameError: form.nameError, urlError: form.urlError, eventsError: form.eventsError, error: form.error,
            deliveries: page.items.map { d in
                DetailModel.Delivery(
                    deliveryID: d.id.uuidString, created: Self.time(d.createdAt, zone: false), event: d.event, status: d.status.rawValue,
                    failedDelivery: d.status == .failed, attempts: d.attempts,
                    lastStatus: d.lastStatus.map(String.init) ?? "–", lastError: d.lastError ?? "",
                    next: d.nextAttemptAt.map { Self.time($0, zone: false) } ?? "–", canRetry: d.status != .delivered)
            },
            hasDeliveries: !page.items.isEmpty,
            statusOptions: [StatusOption(value: "", label: "All", selected: status == nil)]
                + [(WebhookDeliveryStatus.pending, "Waiting"), (.failed, "Failed"), (.delivered, "Delivered")].map {
                    StatusOption(value: $0.0.rawValue, label: $0.1, selected: $0.0 == status)
                },
            nextPage: page.nextCursor.map { "\(base)?cursor=\(CustomerPages.encode($0))" + (status.map { "&status=\($0.rawValue)" } ?? "") })
        return services.pages.render("webhook", model, status: failed ? .unprocessableContent : .ok)
    }

    @Sendable func show(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        try await renderDetail(request, context, w, id: try context.id(of: "webhook"))
    }

    @Sendable func update(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        let id = try context.id(of: "webhook")
        var request = request
        var form = Form(try await FormBody.fields(&request, context: context))
        do {
            _ = try await services.webhooks.update(w.id, id: id, name: form.name, url: form.url, events: Array(form.events), active: form.active,
                                                   by: w.principal)
            return .seeOther("/w/\(w.slug)/webhooks/\(id.uuidString)")
        } catch let error as FieldError {
            form.show(error)
            return try await renderDetail(request, context, w, id: id, form: form)
        }
    }

    @Sendable func rotate(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        let id = try context.id(of: "webhook")
        let secret = try await services.webhooks.rotateSecret(w.id, id: id, by: w.principal)
        return try await renderDetail(request, context, w, id: id, newSecret: secret)
    }

    @Sendable func delete(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        try await services.webhooks.delete(w.id, id: try context.id(of: "webhook"), by: w.principal)
        return .seeOther("/w/\(w.slug)/webhooks")
    }

    @Sendable func retry(_ request: Request, _ context: FocusRequestContext, _ w: WorkspaceContext) async throws -> Response {
        let id = try context.id(of: "webhook")
        _ = try await services.webhooks.retry(w.id, webhookID: id, deliveryID: try context.id("delivery", of: "delivery"))
        return .seeOther("/w/\(w.slug)/webhooks/\(id.uuidString)?retried=1")
    }
}
