import FluentKit
import SQLKit

/// The daily contact tallies the contacts page reads (see ``ContactAggregates``), filled from the
/// contacts already stored.
struct CreateContactAggregates: AsyncMigration {
    var name: String { "009-contact-aggregates" }

    func prepare(on database: any Database) async throws {
        try await database.schema(ContactAggregates.table)
            .field("workspace_id", .uuid, .required, .references("workspaces", "id", onDelete: .cascade))
            .field("day", .int, .required)
            .field("reason_id", .uuid, .required)
            .field("channel", .string, .required)
            .field("team", .string, .required)
            .field("contacts", .int64, .required)
            .field("cost_cents", .int64, .required)
            .field("resolution_known", .int64, .required)
            .field("resolved_first", .int64, .required)
            .field("repeats", .int64, .required)
            .field("wait_ms", .int64, .required)
            .field("wait_known", .int64, .required)
            .field("handling_ms", .int64, .required)
            .field("handling_known", .int64, .required)
            .compositeIdentifier(over: "workspace_id", "day", "reason_id", "channel", "team")
            .create()
        try await ContactAggregates.rebuild(workspaceID: nil, on: database as! any SQLDatabase)
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ContactAggregates.table).delete()
    }
}
