import FluentKit

/// Invitations to join a workspace. Joining happens when the link is accepted, by whoever
/// holds it (signing in to an existing account or creating a new one): inviting someone
/// never creates, changes or grants anything to an existing account by itself.
struct CreateMemberInvitations: AsyncMigration {
    var name: String { "004-member-invitations" }

    func prepare(on database: any Database) async throws {
        try await database.schema("member_invitations")
            .id()
            .field("workspace_id", .uuid, .required, .references("workspaces", "id", onDelete: .cascade))
            .field("email", .string, .required)
            .field("name", .string, .required)
            .field("role", .string, .required)
            .field("token_hash", .string, .required)
            .field("invited_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("created_at", .double, .required)
            .field("expires_at", .double, .required)
            .field("accepted_at", .double)
            .field("accepted_by", .uuid, .references("users", "id", onDelete: .setNull))
            .unique(on: "token_hash")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("member_invitations").delete()
    }
}
