import Foundation
import SQLKit

/// The people of a workspace, as the casework checks them: an owner, a lead, a team member or a
/// person with their own limit must be one of them.
enum WorkspaceMembers {
    static func ids(_ workspaceID: UUID, on sql: any SQLDatabase) async throws -> Set<UUID> {
        struct Row: Decodable { let user_id: UUID }
        return Set(try await sql.select().column("user_id").from("memberships").where("workspace_id", .equal, SQLBind(workspaceID))
            .all(decoding: Row.self).map(\.user_id))
    }
}
