import FluentKit

struct CreateUsers: AsyncMigration {
    var name: String { "001-users" }

    func prepare(on database: any Database) async throws {
        try await database.schema("users")
            .id()
            .field("email", .string, .required)
            .field("name", .string, .required)
            // nil until the person follows their invitation link and picks a password
            .field("password_hash", .string)
            .field("created_at", .double, .required)
            .unique(on: "email")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("users").delete()
    }
}

struct CreateMemberships: AsyncMigration {
    var name: String { "001-memberships" }

    func prepare(on database: any Database) async throws {
        try await database.schema("memberships")
            .id()
            .field("workspace_id", .uuid, .required, .references("workspaces", "id", onDelete: .cascade))
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("role", .string, .required)
            .field("created_at", .double, .required)
            .unique(on: "workspace_id", "user_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("memberships").delete()
    }
}
