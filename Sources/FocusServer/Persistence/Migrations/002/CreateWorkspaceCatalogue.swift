import FluentKit
import SQLKit

struct CreateJourneyStages: AsyncMigration {
    var name: String { "002-journey-stages" }

    func prepare(on database: any Database) async throws {
        try await database.schema("journey_stages")
            .id()
            .field("workspace_id", .uuid, .required, .references("workspaces", "id", onDelete: .cascade))
            .field("name", .string, .required)
            .field("position", .int, .required)
            .unique(on: "workspace_id", "name")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("journey_stages").delete()
    }
}

struct CreateTouchpoints: AsyncMigration {
    var name: String { "002-touchpoints" }

    func prepare(on database: any Database) async throws {
        try await database.schema("touchpoints")
            .id()
            .field("workspace_id", .uuid, .required, .references("workspaces", "id", onDelete: .cascade))
            .field("stage_id", .uuid, .references("journey_stages", "id", onDelete: .setNull))
            .field("name", .string, .required)
            .field("kind", .string, .required)
            .field("description", .string)
            .field("created_at", .double, .required)
            .unique(on: "workspace_id", "name")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("touchpoints").delete()
    }
}

struct CreateBrands: AsyncMigration {
    var name: String { "002-brands" }

    func prepare(on database: any Database) async throws {
        try await database.schema("brands")
            .id()
            .field("workspace_id", .uuid, .required, .references("workspaces", "id", onDelete: .cascade))
            .field("name", .string, .required)
            .field("is_own", .bool, .required)
            .field("created_at", .double, .required)
            .unique(on: "workspace_id", "name")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("brands").delete()
    }
}

struct CreateCustomers: AsyncMigration {
    var name: String { "002-customers" }

    func prepare(on database: any Database) async throws {
        try await database.schema("customers")
            .id()
            .field("workspace_id", .uuid, .required, .references("workspaces", "id", onDelete: .cascade))
            .field("external_id", .string, .required)
            .field("name", .string)
            .field("email", .string)
            .field("segment", .string)
            .field("attributes", .string, .required)
            .field("value_per_year", .double)
            .field("since", .string)
            .field("status", .string, .required)
            .field("churned_on", .string)
            .field("created_at", .double, .required)
            .unique(on: "workspace_id", "external_id")
            .create()
        try await (database as! any SQLDatabase)
            .create(index: "customers_workspace_segment")
            .on("customers").column("workspace_id").column("segment")
            .run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("customers").delete()
    }
}
