import FluentKit

/// One-time links: the first owner's setup link. Only a hash of the link's secret is stored.
struct CreateAccountLinks: AsyncMigration {
    var name: String { "001-account-links" }

    func prepare(on database: any Database) async throws {
        try await database.schema("account_links")
            .id()
            .field("purpose", .string, .required)
            .field("token_hash", .string, .required)
            .field("user_id", .uuid, .references("users", "id", onDelete: .cascade))
            .field("expires_at", .double, .required)
            .field("used_at", .double)
            .unique(on: "token_hash")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("account_links").delete()
    }
}

/// Signed-in sessions, keyed by a hash of the session cookie so that a copy of the database
/// does not hand out live sessions.
struct CreateSessions: AsyncMigration {
    var name: String { "001-sessions" }

    func prepare(on database: any Database) async throws {
        try await database.schema("sessions")
            .field("key_hash", .string, .identifier(auto: false))
            .field("value", .string, .required)
            .field("expires_at", .double)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("sessions").delete()
    }
}

struct CreateAPITokens: AsyncMigration {
    var name: String { "001-api-tokens" }

    func prepare(on database: any Database) async throws {
        try await database.schema("api_tokens")
            .id()
            .field("workspace_id", .uuid, .required, .references("workspaces", "id", onDelete: .cascade))
            .field("name", .string, .required)
            .field("role", .string, .required)
            .field("token_hash", .string, .required)
            .field("hint", .string, .required)
            .field("created_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("created_at", .double, .required)
            .field("last_used_at", .double)
            .field("revoked_at", .double)
            .unique(on: "token_hash")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("api_tokens").delete()
    }
}
