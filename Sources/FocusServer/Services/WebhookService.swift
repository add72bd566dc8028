import FluentKit
import FocusCore
import Foundation
import HTTPTypes
import SQLKit

/// A webhook as listed: never with its secret, which is shown once, on creation and on rotation.
public struct WebhookRecord: Sendable, Equatable {
    public let id: UUID
    public let name: String
    public let url: String
    public let events: [WebhookEvent]
    public let active: Bool
    public let createdAt: Double
    public let updatedAt: Double
}

/// Where a delivery stands.
public enum WebhookDeliveryStatus: String, Sendable, Codable, CaseIterable {
    /// Waiting for its first or next attempt (or being sent).
    case pending
    /// A 2xx answer came back.
    case delivered
    /// Every attempt failed; an owner may send it again.
    case failed
}

/// One queued event for one webhook, with how its attempts went (the delivery log).
public struct WebhookDeliveryRecord: Sendable, Equatable {
    public let id: UUID
    public let webhookID: UUID
    public let event: String
    public let status: WebhookDeliveryStatus
    public let attempts: Int
    public let createdAt: Double
    /// When it is tried next; nil unless pending.
    public let nextAttemptAt: Double?
    public let lastAttemptAt: Double?
    /// The HTTP status of the last answer; nil when none came (refused, timed out).
    public let lastStatus: Int?
    public let lastError: String?
    public let deliveredAt: Double?
}

/// A webhook with the state of its queue, for the list and the webhook's page.
public struct WebhookSummary: Sendable, Equatable {
    public let webhook: WebhookRecord
    public let pending: Int
    public let failed: Int
    /// The newest delivery, if any.
    public let lastDelivery: WebhookDeliveryRecord?
}

/// The workspace's webhooks: where events are sent, signed with a secret per webhook, and the log of
/// what was sent. The events themselves are queued by ``WebhookOutbox`` where they happen and sent by
/// the ``WebhookDispatcher``. Every change is written to the audit log in its own transaction, since a
/// webhook decides where customer data goes.
public struct WebhookService: Sendable {
    let database: FocusDatabase
    /// Wakes the dispatcher when a delivery is due now (a retry).
    let deliveries: WorkSignal

    static let secretPrefix = "whsec_"
    static let maxURLLength = 2000

    // MARK: rules

    /// A name of 1 to 100 characters.
    static func checkName(_ name: String) throws(FieldError) -> String {
        let name = try Validate.name(name, field: "name", maxLength: 100)
        guard !Validate.hasControlCharacter(name) else { throw FieldError("name", "must not contain control characters") }
        return name
    }

    /// An absolute http or https URL with a host and no user name or password (the signature, not the URL,
    /// tells the receiver that Focus sent it; and the URL is shown to every owner).
    static func checkURL(_ url: String) throws(FieldError) -> String {
        let url = url.trimmingWhitespace()
        guard !url.isEmpty else { throw FieldError("url", "must not be empty") }
        guard url.count <= maxURLLength else { throw FieldError("url", "must be at most \(maxURLLength) characters") }
        guard !url.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7F }),
              let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
              URL(string: url) != nil
        else { throw FieldError("url", "must be an address such as https://example.com/focus-events") }
        guard scheme == "http" || scheme == "https" else { throw FieldError("url", "must start with https:// or http://") }
        guard let host = components.host, !host.isEmpty else { throw FieldError("url", "must name a host, as in https://example.com/focus-events") }
        guard components.user == nil, components.password == nil else {
            throw FieldError("url", "must not contain a user name or password; receivers check the signature instead")
        }
        return url
    }

    /// The events named, each one a webhook can subscribe to, at least one; in the order of ``WebhookEvent/subscribable``.
    static func checkEvents(_ names: [String]) throws(FieldError) -> [WebhookEvent] {
        var chosen = Set<WebhookEvent>()
        for name in names {
            let trimmed = name.trimmingWhitespace()
            guard let event = WebhookEvent(rawValue: trimmed), WebhookEvent.subscribable.contains(event) else {
                throw FieldError("events", "has an unknown event \"\(String(trimmed.prefix(60)))\"; choose from \(WebhookEvent.subscribable.map(\.rawValue).joined(separator: ", "))")
            }
            chosen.insert(event)
        }
        guard !chosen.isEmpty else { throw FieldError("events", "must name at least one event") }
        return WebhookEvent.subscribable.filter(chosen.contains)
    }

    // MARK: changes

    /// Adds a webhook. - Returns: the webhook and its secret, which is never shown again.
    public func create(_ workspaceID: UUID, name: String, url: String, events: [String], active: Bool = true,
                       by actor: Principal) async throws -> (webhook: WebhookRecord, secret: String) {
        let name = try Self.checkName(name)
        let url = try Self.checkURL(url)
        let events = try Self.checkEvents(events)
        let secret = SecretToken.make(prefix: Self.secretPrefix)
        let now = Date().timeIntervalSince1970
        let record = WebhookRecord(id: UUID(), name: name, url: url, events: events, active: active, createdAt: now, updatedAt: now)
        try await database.db.transaction { db in
            let sql = db as! any SQLDatabase
            try await sql.insert(into: "webhooks")
                .columns("id", "workspace_id", "name", "url", "secret", "events", "active", "created_at", "updated_at")
                .values(SQLBind(record.id), SQLBind(workspaceID), SQLBind(name), SQLBind(url), SQLBind(secret),
                        SQLBind(try StoredJSON.encode(events.map(\.rawValue))), SQLBind(active), SQLBind(now), SQLBind(now))
                .run()
            try await AuditLog.record(workspaceID, actor: (actor.userID, actor.displayName), action: "webhook.created", subjectKind: "webhook",
                                      subjectID: record.id, details: Self.details(record), on: sql)
        }
        return (record, secret)
    }

    /// Changes what is given (nil keeps it); a paused webhook keeps its queued deliveries for when it is switched on again.
    public func update(_ workspaceID: UUID, id: UUID, name: String? = nil, url: String? = nil, events: [String]? = nil, active: Bool? = nil,
                       by actor: Principal) async throws -> WebhookRecord {
        let name = try name.map(Self.checkName)
        let url = try url.map(Self.checkURL)
        let events = try events.map(Self.checkEvents)
        let updated = try await database.db.transaction { db in
            let sql = db as! any SQLDatabase
            guard let current = try await Self.find(workspaceID, id: id, on: sql) else { throw APIError.notFound("webhook") }
            let now = Date().timeIntervalSince1970
            let next = WebhookRecord(id: id, name: name ?? current.name, url: url ?? current.url, events: events ?? current.events,
                                     active: active ?? current.active, createdAt: current.createdAt, updatedAt: now)
            try await sql.update("webhooks")
                .set("name", to: SQLBind(next.name)).set("url", to: SQLBind(next.url))
                .set("events", to: SQLBind(try StoredJSON.encode(next.events.map(\.rawValue))))
                .set("active", to: SQLBind(next.active)).set("updated_at", to: SQLBind(now))
                .where("workspace_id", .equal, SQLBind(workspaceID)).where("id", .equal, SQLBind(id))
                .run()
            // The log says what changed, old and new, so a changed address can be traced.
            var details: [String: String] = [:]
            let before = Self.details(current), after = Self.details(next)
            for (key, value) in after where before[key] != value {
                details[key] = value
                details["previous_\(key)"] = before[key]
            }
            try await AuditLog.record(workspaceID, actor: (actor.userID, actor.displayName), action: "webhook.updated", subjectKind: "webhook",
                                      subjectID: id, details: details, on: sql)
            return next
        }
        if updated.active { deliveries.signal() }
        return updated
    }

    /// Replaces the secret: deliveries sent from now on are signed with the new one. - Returns: the new secret, shown once.
    public func rotateSecret(_ workspaceID: UUID, id: UUID, by actor: Principal) async throws -> String {
        let secret = SecretToken.make(prefix: Self.secretPrefix)
        try await database.db.transaction { db in
            let sql = db as! any SQLDatabase
            guard try await Self.find(workspaceID, id: id, on: sql) != nil else { throw APIError.notFound("webhook") }
            try await sql.update("webhooks").set("secret", to: SQLBind(secret)).set("updated_at", to: SQLBind(Date().timeIntervalSince1970))
                .where("workspace_id", .equal, SQLBind(workspaceID)).where("id", .equal, SQLBind(id))
                .run()
            try await AuditLog.record(workspaceID, actor: (actor.userID, actor.displayName), action: "webhook.secret_rotated", subjectKind: "webhook",
                                      subjectID: id, details: [:], on: sql)
        }
        return secret
    }

    /// Deletes the webhook with its queue and log: nothing more is sent to it.
    public func delete(_ workspaceID: UUID, id: UUID, by actor: Principal) async throws {
        try await database.db.transaction { db in
            let sql = db as! any SQLDatabase
            guard let current = try await Self.find(workspaceID, id: id, on: sql) else { throw APIError.notFound("webhook") }
            try await sql.delete(from: "webhook_deliveries").where("webhook_id", .equal, SQLBind(id)).run()
            try await sql.delete(from: "webhooks").where("workspace_id", .equal, SQLBind(workspaceID)).where("id", .equal, SQLBind(id)).run()
            try await AuditLog.record(workspaceID, actor: (actor.userID, actor.displayName), action: "webhook.deleted", subjectKind: "webhook",
                                      subjectID: id, details: Self.details(current), on: sql)
        }
    }

    /// Sends a pending or failed delivery at once: due now, and a failed one pending again for one more
    /// attempt (should it fail, it is failed again). A delivered one is not sent twice.
    public func retry(_ workspaceID: UUID, webhookID: UUID, deliveryID: UUID) async throws -> WebhookDeliveryRecord {
        let sql = database.sql
        guard let current = try await delivery(workspaceID, webhookID: webhookID, id: deliveryID) else { throw APIError.notFound("delivery") }
        guard current.status != .delivered else {
            throw APIError(.unprocessableContent, "this delivery was delivered already; only pending or failed deliveries are sent again",
                           field: "delivery")
        }
        try await sql.update("webhook_deliveries")
            .set("status", to: SQLBind(WebhookDeliveryStatus.pending.rawValue))
            .set("next_attempt_at", to: SQLBind(Date().timeIntervalSince1970))
            .where("id", .equal, SQLBind(deliveryID)).where("webhook_id", .equal, SQLBind(webhookID))
            .where("workspace_id", .equal, SQLBind(workspaceID)).where("status", .in, SQLBind.group(["pending", "failed"]))
            .run()
        deliveries.signal()
        guard let after = try await delivery(workspaceID, webhookID: webhookID, id: deliveryID) else { throw APIError.notFound("delivery") }
        return after
    }

    // MARK: reading

    public func list(_ workspaceID: UUID) async throws -> [WebhookSummary] {
        let sql = database.sql
        let hooks = try await sql.select().columns(Self.columns).from("webhooks").where("workspace_id", .equal, SQLBind(workspaceID))
            .orderBy("created_at").orderBy("id").all(decoding: Row.self).map { try $0.record() }
        guard !hooks.isEmpty else { return [] }
        var counts: [UUID: [String: Int]] = [:]
        for row in try await sql.select().column("webhook_id").column("status").column(SQLAlias(SQLRaw("COUNT(*)"), as: SQLIdentifier("n")))
            .from("webhook_deliveries").where("workspace_id", .equal, SQLBind(workspaceID))
            .where("status", .in, SQLBind.group(["pending", "failed"])).groupBy("webhook_id").groupBy("status").all() {
            counts[try row.decode(column: "webhook_id", as: UUID.self), default: [:]][try row.decode(column: "status", as: String.self)] =
                try row.decode(column: "n", as: Int.self)
        }
        var result: [WebhookSummary] = []
        for hook in hooks {
            result.append(WebhookSummary(webhook: hook, pending: counts[hook.id]?["pending"] ?? 0, failed: counts[hook.id]?["failed"] ?? 0,
                                         lastDelivery: try await newestDelivery(hook.id)))
        }
        return result
    }

    public func get(_ workspaceID: UUID, id: UUID) async throws -> WebhookSummary? {
        try await list(workspaceID).first { $0.webhook.id == id }
    }

    /// The webhook's deliveries, newest first, a page at a time; the cursor is `<created_at>_<id>` of the last item.
    public func deliveries(_ workspaceID: UUID, webhookID: UUID, status: WebhookDeliveryStatus? = nil, cursor: String?,
                           limit: Int) async throws -> (items: [WebhookDeliveryRecord], nextCursor: String?) {
        guard try await Self.find(workspaceID, id: webhookID, on: database.sql) != nil else { throw APIError.notFound("webhook") }
        let limit = max(1, min(limit, 500))
        var query = database.sql.select().columns(Self.deliveryColumns).from("webhook_deliveries")
            .where("webhook_id", .equal, SQLBind(webhookID)).where("workspace_id", .equal, SQLBind(workspaceID))
        if let status { query = query.where("status", .equal, SQLBind(status.rawValue)) }
        if let cursor { query = try NewestFirstCursor(cursor).after(query, timeColumn: "created_at") }
        let rows = try await query.orderBy("created_at", .descending).orderBy("id", .descending).limit(limit + 1)
            .all(decoding: DeliveryRow.self).map(\.record)
        let items = Array(rows.prefix(limit))
        return (items, rows.count > limit ? items.last.map { NewestFirstCursor(time: $0.createdAt, id: $0.id).text } : nil)
    }

    /// One delivery of the webhook, or nil.
    public func delivery(_ workspaceID: UUID, webhookID: UUID, id: UUID) async throws -> WebhookDeliveryRecord? {
        try await database.sql.select().columns(Self.deliveryColumns).from("webhook_deliveries")
            .where("id", .equal, SQLBind(id)).where("webhook_id", .equal, SQLBind(webhookID)).where("workspace_id", .equal, SQLBind(workspaceID))
            .first(decoding: DeliveryRow.self)?.record
    }

    private func newestDelivery(_ webhookID: UUID) async throws -> WebhookDeliveryRecord? {
        try await database.sql.select().columns(Self.deliveryColumns).from("webhook_deliveries").where("webhook_id", .equal, SQLBind(webhookID))
            .orderBy("created_at", .descending).orderBy("id", .descending).limit(1).first(decoding: DeliveryRow.self)?.record
    }

    // MARK: rows

    static let columns = ["id", "name", "url", "events", "active", "created_at", "updated_at"]
    static let deliveryColumns = ["id", "webhook_id", "event", "status", "attempts", "created_at", "next_attempt_at", "last_attempt_at",
                                  "last_status", "last_error", "delivered_at"]

    struct Row: Decodable {
        let id: UUID, name: String, url: String, events: String, active: Bool, created_at: Double, updated_at: Double
        func record() throws -> WebhookRecord {
            // An event name this version does not know (stored by a newer one) is left out, not an error.
            let events = try StoredJSON.decode([String].self, events).compactMap(WebhookEvent.init(rawValue:))
            return WebhookRecord(id: id, name: name, url: url, events: events, active: active, createdAt: created_at, updatedAt: updated_at)
        }
    }

    struct DeliveryRow: Decodable {
        let id: UUID, webhook_id: UUID, event: String, status: String, attempts: Int, created_at: Double, next_attempt_at: Double
        let last_attempt_at: Double?, last_status: Int?, last_error: String?, delivered_at: Double?
        var record: WebhookDeliveryRecord {
            let status = WebhookDeliveryStatus(rawValue: status) ?? .pending
            return WebhookDeliveryRecord(id: id, webhookID: webhook_id, event: event, status: status, attempts: attempts, createdAt: created_at,
                                         nextAttemptAt: status == .pending ? next_attempt_at : nil, lastAttemptAt: last_attempt_at,
                                         lastStatus: last_status, lastError: last_error, deliveredAt: delivered_at)
        }
    }

    static func find(_ workspaceID: UUID, id: UUID, on sql: any SQLDatabase) async throws -> WebhookRecord? {
        try await sql.select().columns(columns).from("webhooks").where("workspace_id", .equal, SQLBind(workspaceID)).where("id", .equal, SQLBind(id))
            .first(decoding: Row.self)?.record()
    }

    /// What the audit log keeps of a webhook (never its secret).
    static func details(_ w: WebhookRecord) -> [String: String] {
        ["name": w.name, "url": w.url, "events": w.events.map(\.rawValue).joined(separator: ","), "active": w.active ? "true" : "false"]
    }
}
