import FluentKit
import FluentSQL
import SQLKit

/// Contacts (calls, e-mails, chats, letters, visits, social posts), the workspace's two-level
/// taxonomy of contact reasons, its cost per channel, and the window for repeat contacts.
struct CreateContacts: AsyncMigration {
    var name: String { "006-contacts" }

    func prepare(on database: any Database) async throws {
        try await database.schema("contact_reasons")
            .id()
            .field("workspace_id", .uuid, .required, .references("workspaces", "id", onDelete: .cascade))
            .field("category", .string, .required)
            .field("name", .string, .required)
            .field("avoidable", .bool, .required)
            .field("fix", .string)
            .field("fix_note", .string)
            .field("created_at", .double, .required)
            .unique(on: "workspace_id", "category", "name")
            .create()
        try await database.schema("contacts")
            .id()
            .field("workspace_id", .uuid, .required, .references("workspaces", "id", onDelete: .cascade))
            .field("reason_id", .uuid, .references("contact_reasons", "id", onDelete: .setNull))
            .field("touchpoint_id", .uuid, .references("touchpoints", "id", onDelete: .setNull))
            .field("customer_id", .uuid, .references("customers", "id", onDelete: .setNull))
            .field("channel", .string, .required)
            .field("occurred_at", .double, .required)
            .field("wait_seconds", .double)
            .field("handling_seconds", .double)
            .field("resolved_first", .bool)
            .field("agent", .string)
            .field("team", .string)
            .field("cost", .double, .required)
            .field("is_repeat", .bool, .required)
            .field("note", .string)
            // Set by imports: the row's id in the source, or a hash of its content, so importing a file again adds nothing.
            .field("import_key", .string)
            .field("created_at", .double, .required)
            .unique(on: "workspace_id", "import_key")
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "contacts_workspace_occurred").on("contacts").column("workspace_id").column("occurred_at").run()
        try await sql.create(index: "contacts_customer_reason").on("contacts")
            .column("workspace_id").column("customer_id").column("reason_id").column("occurred_at").run()
        try await database.schema("channel_costs")
            .field("workspace_id", .uuid, .required, .references("workspaces", "id", onDelete: .cascade))
            .field("channel", .string, .required)
            .field("cost", .double, .required)
            .compositeIdentifier(over: "workspace_id", "channel")
            .create()
        try await database.schema("workspaces")
            .field("repeat_days", .int, .required, .sql(.default(7)))
            .update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("channel_costs").delete()
        try await database.schema("contacts").delete()
        try await database.schema("contact_reasons").delete()
    }
}
