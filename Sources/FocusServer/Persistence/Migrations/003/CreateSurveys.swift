import FluentKit
import FluentSQL
import SQLKit

/// Surveys with their questions (as JSON), and the survey-fatigue rule per workspace.
struct CreateSurveys: AsyncMigration {
    var name: String { "003-surveys" }

    func prepare(on database: any Database) async throws {
        try await database.schema("surveys")
            .id()
            .field("workspace_id", .uuid, .required, .references("workspaces", "id", onDelete: .cascade))
            .field("touchpoint_id", .uuid, .references("touchpoints", "id", onDelete: .setNull))
            .field("name", .string, .required)
            .field("status", .string, .required)
            .field("template", .string)
            // the unguessable part of the public link and the widget's survey id
            .field("public_key", .string, .required)
            .field("definition", .string, .required)
            .field("created_at", .double, .required)
            .field("updated_at", .double, .required)
            .unique(on: "public_key")
            .create()
        try await database.schema("workspaces")
            .field("fatigue_days", .int, .required, .sql(.default(30)))
            .update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("surveys").delete()
    }
}

/// Personal invitations: one customer, one survey, answerable once, until they expire.
struct CreateInvitations: AsyncMigration {
    var name: String { "003-invitations" }

    func prepare(on database: any Database) async throws {
        try await database.schema("invitations")
            .id()
            .field("workspace_id", .uuid, .required, .references("workspaces", "id", onDelete: .cascade))
            .field("survey_id", .uuid, .required, .references("surveys", "id", onDelete: .cascade))
            .field("customer_id", .uuid, .references("customers", "id", onDelete: .setNull))
            .field("touchpoint_id", .uuid, .references("touchpoints", "id", onDelete: .setNull))
            .field("token_hash", .string, .required)
            .field("hidden", .string, .required)
            .field("language", .string)
            .field("channel", .string, .required)
            .field("created_at", .double, .required)
            .field("expires_at", .double, .required)
            .field("answered_at", .double)
            .unique(on: "token_hash")
            .create()
        try await (database as! any SQLDatabase).create(index: "invitations_customer_created")
            .on("invitations").column("workspace_id").column("customer_id").column("created_at").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("invitations").delete()
    }
}

/// Responses, with the headline scores pulled out of the answers for analysis, which
/// questions have answers (so an edit cannot break them), and idempotency keys.
struct CreateResponses: AsyncMigration {
    var name: String { "003-responses" }

    func prepare(on database: any Database) async throws {
        try await database.schema("responses")
            .id()
            .field("workspace_id", .uuid, .required, .references("workspaces", "id", onDelete: .cascade))
            .field("survey_id", .uuid, .required, .references("surveys", "id", onDelete: .cascade))
            .field("touchpoint_id", .uuid, .references("touchpoints", "id", onDelete: .setNull))
            .field("brand_id", .uuid, .references("brands", "id", onDelete: .setNull))
            .field("customer_id", .uuid, .references("customers", "id", onDelete: .setNull))
            .field("invitation_id", .uuid, .references("invitations", "id", onDelete: .setNull))
            .field("channel", .string, .required)
            .field("language", .string, .required)
            .field("received_at", .double, .required)
            .field("answers", .string, .required)
            .field("hidden", .string, .required)
            .field("nps", .int)
            .field("csat", .int)
            .field("ces", .int)
            .field("comment", .string)
            .unique(on: "invitation_id")
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "responses_workspace_received").on("responses").column("workspace_id").column("received_at").run()
        try await sql.create(index: "responses_survey_received").on("responses").column("survey_id").column("received_at").run()
        try await sql.create(index: "responses_customer").on("responses").column("customer_id").run()

        try await database.schema("answered_questions")
            .field("survey_id", .uuid, .required, .references("surveys", "id", onDelete: .cascade))
            .field("question_key", .string, .required)
            .compositeIdentifier(over: "survey_id", "question_key")
            .create()

        try await database.schema("idempotency_keys")
            .field("workspace_id", .uuid, .required, .references("workspaces", "id", onDelete: .cascade))
            .field("key", .string, .required)
            .field("request_hash", .string, .required)
            .field("status", .int, .required)
            .field("body", .string, .required)
            .field("created_at", .double, .required)
            .compositeIdentifier(over: "workspace_id", "key")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("idempotency_keys").delete()
        try await database.schema("answered_questions").delete()
        try await database.schema("responses").delete()
    }
}
