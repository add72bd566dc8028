import FluentKit
import FluentSQL
import SQLKit

/// The tallies the dashboards read instead of the responses: one row per workspace, survey,
/// day, touchpoint, brand, channel and customer segment (and one per hidden attribute value),
/// kept up to date by ingest in the same transaction as the responses they count.
///
/// Responses keep the customer's segment as it was when they answered, so that a tally can be
/// rebuilt from the responses alone and a later change of segment does not rewrite history.
struct CreateScoreAggregates: AsyncMigration {
    var name: String { "005-score-aggregates" }

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await database.schema("responses").field("segment", .string).update()
        try await sql.raw("""
            UPDATE responses SET segment = (SELECT segment FROM customers WHERE customers.id = responses.customer_id)
            WHERE customer_id IS NOT NULL
            """).run()

        var scores = database.schema(ScoreAggregates.scoreTable)
            .field("workspace_id", .uuid, .required, .references("workspaces", "id", onDelete: .cascade))
            .field("survey_id", .uuid, .required, .references("surveys", "id", onDelete: .cascade))
            .field("day", .int, .required)
            // Not references: "none" is the nil UUID, so that the row's key is never NULL and
            // an upsert always finds the row it adds to.
            .field("touchpoint_key", .uuid, .required)
            .field("brand_key", .uuid, .required)
            .field("channel", .string, .required)
            .field("segment", .string, .required)
        for column in ScoreAggregates.tallyColumns { scores = scores.field(.string(column), .int, .required) }
        try await scores.unique(on: "workspace_id", "survey_id", "day", "touchpoint_key", "brand_key", "channel", "segment").create()
        try await sql.create(index: "score_days_workspace_day").on(ScoreAggregates.scoreTable).column("workspace_id").column("day").run()

        var attributes = database.schema(ScoreAggregates.attributeTable)
            .field("workspace_id", .uuid, .required, .references("workspaces", "id", onDelete: .cascade))
            .field("survey_id", .uuid, .required, .references("surveys", "id", onDelete: .cascade))
            .field("day", .int, .required)
            .field("touchpoint_key", .uuid, .required)
            .field("attribute", .string, .required)
            .field("value", .string, .required)
        for column in ScoreAggregates.tallyColumns { attributes = attributes.field(.string(column), .int, .required) }
        try await attributes.unique(on: "workspace_id", "survey_id", "day", "touchpoint_key", "attribute", "value").create()
        try await sql.create(index: "attribute_days_workspace_attribute_day").on(ScoreAggregates.attributeTable)
            .column("workspace_id").column("attribute").column("day").run()

        // Response rates count invitations sent in a period.
        try await sql.create(index: "invitations_workspace_created").on("invitations").column("workspace_id").column("created_at").run()

        try await ScoreAggregates.rebuild(workspaceID: nil, on: database)
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ScoreAggregates.attributeTable).delete()
        try await database.schema(ScoreAggregates.scoreTable).delete()
        try await database.schema("responses").deleteField("segment").update()
    }
}
