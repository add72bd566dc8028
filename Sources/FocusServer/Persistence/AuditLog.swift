import Foundation
import SQLKit

/// The audit log: who decided what, when, in the transaction that made the decision, so the
/// log never claims a change that did not happen nor misses one that did.
enum AuditLog {
    static func record(_ workspaceID: UUID, actor: (id: UUID?, name: String), action: String, subjectKind: String, subjectID: UUID?,
                       details: [String: String], on sql: any SQLDatabase) async throws {
        try await sql.insert(into: "audit_log")
            .columns("id", "workspace_id", "at", "actor_id", "actor_name", "action", "subject_kind", "subject_id", "details")
            .values(SQLBind(UUID()), SQLBind(workspaceID), SQLBind(Date().timeIntervalSince1970), SQLBind(actor.id), SQLBind(actor.name),
                    SQLBind(action), SQLBind(subjectKind), SQLBind(subjectID), SQLBind(try StoredJSON.encode(details)))
            .run()
    }
}
