import FluentKit
import SQLKit

/// The daily sums that driver analyses read (see ``DriverAggregates``), filled from the responses
/// already stored.
struct CreateDriverAggregates: AsyncMigration {
    var name: String { "010-driver-aggregates" }

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        let postgres = sql.dialect.name == "postgresql"
        // Stored in key order (SQLite WITHOUT ROWID): a survey's days are one contiguous run of rows.
        try await sql.raw("""
            CREATE TABLE \(unsafeRaw: DriverAggregates.table) (
                workspace_id UUID NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
                survey_id UUID NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
                day INTEGER NOT NULL, touchpoint_key UUID NOT NULL, brand_key UUID NOT NULL, segment TEXT NOT NULL,
                variables TEXT NOT NULL, responses \(unsafeRaw: postgres ? "BIGINT" : "INTEGER") NOT NULL,
                moments \(unsafeRaw: postgres ? "BYTEA" : "BLOB") NOT NULL,
                PRIMARY KEY (\(unsafeRaw: DriverAggregates.keyColumns.joined(separator: ", "))))\(unsafeRaw: postgres ? "" : " WITHOUT ROWID")
            """).run()
        try await DriverAggregates.rebuild(workspaceID: nil, on: database)
    }

    func revert(on database: any Database) async throws {
        try await database.schema(DriverAggregates.table).delete()
    }
}
