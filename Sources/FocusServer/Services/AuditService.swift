import FocusCore
import Foundation
import SQLKit

/// One decision in the audit log.
public struct AuditEntry: Sendable {
    public let id: UUID
    public let at: Double
    public let actorID: UUID?
    public let actorName: String
    public let action: String
    public let subjectKind: String
    public let subjectID: UUID?
    public let details: [String: String]
}

/// Reading the audit log (written by ``AuditLog`` in the transactions that make the decisions).
public struct AuditService: Sendable {
    let database: FocusDatabase

    /// Newest first, a page at a time; `action` filters by an action or its prefix ("goodwill." for every goodwill decision).
    public func list(_ workspaceID: UUID, action: String? = nil, cursor: String? = nil, limit: Int = 100) async throws -> (items: [AuditEntry], nextCursor: String?) {
        let limit = max(1, min(limit, 500))
        struct Row: Decodable {
            let id: UUID; let at: Double; let actor_id: UUID?; let actor_name: String; let action: String; let subject_kind: String
            let subject_id: UUID?; let details: String
        }
        var query = database.sql.select().columns("id", "at", "actor_id", "actor_name", "action", "subject_kind", "subject_id", "details")
            .from("audit_log").where("workspace_id", .equal, SQLBind(workspaceID))
        if let action, !action.isEmpty {
            query = action.hasSuffix(".") ? query.where("action", .like, SQLBind(action + "%")) : query.where("action", .equal, SQLBind(action))
        }
        if let cursor { query = try NewestFirstCursor(cursor).after(query, timeColumn: "at") }
        let rows = try await query.orderBy("at", .descending).orderBy("id", .descending).limit(limit + 1).all(decoding: Row.self)
        let items = try rows.prefix(limit).map { r in
            AuditEntry(id: r.id, at: r.at, actorID: r.actor_id, actorName: r.actor_name, action: r.action, subjectKind: r.subject_kind,
                       subjectID: r.subject_id, details: try StoredJSON.decode([String: String].self, r.details))
        }
        return (items, rows.count > limit ? items.last.map { NewestFirstCursor(time: $0.at, id: $0.id).text } : nil)
    }
}
