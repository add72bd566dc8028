import FluentKit
import FluentSQL
import SQLKit

/// The tallies the dashboards read instead of the responses (see ``ScoreAggregates``), kept up
/// to date by ingest in the same transaction as the responses they count.
///
/// Both tables are stored in the order of their primary key (SQLite `WITHOUT ROWID`), so a
/// dashboard's query reads one contiguous run of rows instead of looking each one up.
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

        let postgres = sql.dialect.name == "postgresql"
        let uuid = "UUID"
        let int = postgres ? "BIGINT" : "INTEGER"
        let clustered = postgres ? "" : " WITHOUT ROWID"
        let tally = ScoreAggregates.tallyColumns.map { "\($0) \(int) NOT NULL" }.joined(separator: ", ")
        let owners = """
            workspace_id \(uuid) NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
            survey_id \(uuid) NOT NULL REFERENCES surveys (id) ON DELETE CASCADE
            """
        // Every combination of touchpoint, brand, channel and segment: for views filtered on more than one of them.
        try await sql.raw("""
            CREATE TABLE \(unsafeRaw: ScoreAggregates.crossTable) (\(unsafeRaw: owners),
                day INTEGER NOT NULL, touchpoint_key \(unsafeRaw: uuid) NOT NULL, brand_key \(unsafeRaw: uuid) NOT NULL,
                channel TEXT NOT NULL, segment TEXT NOT NULL, \(unsafeRaw: tally),
                PRIMARY KEY (\(unsafeRaw: ScoreAggregates.crossKeyColumns.joined(separator: ", "))))\(unsafeRaw: clustered)
            """).run()
        // One facet at a time (all responses; by brand, channel, segment or a hidden attribute), per
        // survey and touchpoint: a view with at most one such filter reads a few rows per day.
        try await sql.raw("""
            CREATE TABLE \(unsafeRaw: ScoreAggregates.facetTable) (\(unsafeRaw: owners),
                facet TEXT NOT NULL, value TEXT NOT NULL, day INTEGER NOT NULL, touchpoint_key \(unsafeRaw: uuid) NOT NULL,
                \(unsafeRaw: tally),
                PRIMARY KEY (\(unsafeRaw: ScoreAggregates.facetKeyColumns.joined(separator: ", "))))\(unsafeRaw: clustered)
            """).run()

        // Response rates count invitations sent in a period.
        try await sql.create(index: "invitations_workspace_created").on("invitations").column("workspace_id").column("created_at").run()

        try await ScoreAggregates.rebuild(workspaceID: nil, on: database)
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ScoreAggregates.facetTable).delete()
        try await database.schema(ScoreAggregates.crossTable).delete()
        try await database.schema("responses").deleteField("segment").update()
    }
}
