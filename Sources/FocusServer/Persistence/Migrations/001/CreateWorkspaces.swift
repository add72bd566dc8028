import FluentKit

struct CreateWorkspaces: AsyncMigration {
    var name: String { "001-workspaces" }

    func prepare(on database: any Database) async throws {
        try await database.schema("workspaces")
            .id()
            .field("name", .string, .required)
            .field("slug", .string, .required)
            .field("currency", .string, .required)
            .field("created_at", .double, .required)
            .unique(on: "slug")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("workspaces").delete()
    }
}
