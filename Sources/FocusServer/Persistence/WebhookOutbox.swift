import FocusCore
import Foundation
import SQLKit

/// The events a webhook may subscribe to.
public enum WebhookEvent: String, Codable, Sendable, CaseIterable {
    case responseReceived = "response.received"
    case caseOpened = "case.opened"
    case caseOverdue = "case.overdue"
    case caseResolved = "case.resolved"
    /// Sent only to the webhooks an alert rule names (whatever they subscribe to).
    case alertTriggered = "alert.triggered"

    /// The events a webhook can subscribe to (an alert's webhooks are named by the rule).
    public static let subscribable: [WebhookEvent] = [.responseReceived, .caseOpened, .caseOverdue, .caseResolved]
}

/// The webhooks' outbox: an event is queued in the transaction that caused it, one row per
/// webhook in `webhook_deliveries`, so it is never lost (the row is durable with the change) and
/// never queued twice (the change commits once). The ``WebhookDispatcher`` sends it after the commit.
enum WebhookOutbox {
    /// The body of every delivery: `{"id", "type", "created_at", "workspace", "data"}`.
    struct Envelope<Data: Encodable>: Encodable {
        let id: UUID
        let type: String
        let created_at: String
        let workspace: String
        let data: Data
    }

    /// Queues `data` as the event to every active webhook of the workspace that subscribes to it,
    /// or, with `only`, to those webhooks (active ones of this workspace) whatever they subscribe to.
    /// Returns how many deliveries were queued. Runs in the caller's transaction.
    @discardableResult
    static func enqueue<Data: Encodable>(_ workspaceID: UUID, _ event: WebhookEvent, _ data: [Data], only: [UUID]? = nil,
                                         on sql: any SQLDatabase) async throws -> Int {
        guard !data.isEmpty, only.map({ !$0.isEmpty }) ?? true else { return 0 }
        let hooks = try await targets(workspaceID, event, only: only, on: sql)
        guard !hooks.isEmpty else { return 0 }
        let slug = try await sql.select().column("slug").from("workspaces").where("id", .equal, SQLBind(workspaceID))
            .first()?.decode(column: "slug", as: String.self) ?? ""
        let now = Date().timeIntervalSince1970
        var rows: [(UUID, String)] = []
        for item in data {
            let body = try StoredJSON.encode(Envelope(id: UUID(), type: event.rawValue, created_at: Timestamp.format(now),
                                                      workspace: slug, data: item))
            for hook in hooks { rows.append((hook, body)) }
        }
        for start in stride(from: 0, to: rows.count, by: 200) {
            var insert = sql.insert(into: "webhook_deliveries").columns(
                "id", "webhook_id", "workspace_id", "event", "body", "status", "attempts", "next_attempt_at", "created_at")
            for (hook, body) in rows[start..<min(start + 200, rows.count)] {
                insert = insert.values(SQLBind(UUID()), SQLBind(hook), SQLBind(workspaceID), SQLBind(event.rawValue), SQLBind(body),
                                       SQLBind("pending"), SQLBind(0), SQLBind(now), SQLBind(now))
            }
            try await insert.run()
        }
        return rows.count
    }

    /// The workspace's active webhooks and the events each takes.
    static func subscriptions(_ workspaceID: UUID, on sql: any SQLDatabase) async throws -> [(id: UUID, events: Set<String>)] {
        struct Row: Decodable { let id: UUID; let events: String }
        return try await sql.select().columns("id", "events").from("webhooks")
            .where("workspace_id", .equal, SQLBind(workspaceID)).where("active", .equal, SQLBind(true))
            .all(decoding: Row.self).map { ($0.id, Set(try StoredJSON.decode([String].self, $0.events))) }
    }

    /// The active webhooks to send the event to: `only` these (a rule's own), else every subscriber.
    private static func targets(_ workspaceID: UUID, _ event: WebhookEvent, only: [UUID]?, on sql: any SQLDatabase) async throws -> [UUID] {
        let active = try await subscriptions(workspaceID, on: sql)
        if let only { return active.map(\.id).filter(only.contains) }
        return active.filter { $0.events.contains(event.rawValue) }.map(\.id)
    }
}
