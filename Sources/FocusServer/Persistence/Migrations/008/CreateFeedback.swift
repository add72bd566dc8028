import FluentKit
import SQLKit

/// Feedback from outside the surveys (reviews, social posts, e-mails), tied to a touchpoint.
struct CreateFeedback: AsyncMigration {
    var name: String { "008-feedback" }

    func prepare(on database: any Database) async throws {
        try await database.schema("feedback")
            .id()
            .field("workspace_id", .uuid, .required, .references("workspaces", "id", onDelete: .cascade))
            .field("touchpoint_id", .uuid, .references("touchpoints", "id", onDelete: .setNull))
            .field("customer_id", .uuid, .references("customers", "id", onDelete: .setNull))
            .field("source", .string, .required)
            .field("text", .string, .required)
            .field("rating", .double)
            .field("author", .string)
            .field("url", .string)
            .field("occurred_at", .double, .required)
            // Set by imports: the row's id in the source, or a hash of its content, so importing a file again adds nothing.
            .field("import_key", .string)
            .field("created_at", .double, .required)
            .unique(on: "workspace_id", "import_key")
            .create()
        try await (database as! any SQLDatabase).create(index: "feedback_workspace_occurred").on("feedback")
            .column("workspace_id").column("occurred_at").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("feedback").delete()
    }
}
