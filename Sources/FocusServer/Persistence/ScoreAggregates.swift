import FluentKit
import FocusCore
import Foundation
import SQLKit

/// The daily score tallies: kept up to date inside the transactions that store responses,
/// and rebuilt exactly from the responses by `focus migrate --rebuild-aggregates`.
///
/// `score_days` has one row per workspace, survey, day (UTC), touchpoint, brand, channel and
/// segment; `attribute_days` one per workspace, survey, day, touchpoint and hidden attribute
/// value. Each row holds a ``ScoreTally``: the number of responses and of answers at each
/// point of the NPS, CSAT and CES scales. Dashboards sum rows, never responses, so a page costs
/// the same at ten million responses as at ten thousand.
enum ScoreAggregates {
    static let scoreTable = "score_days"
    static let attributeTable = "attribute_days"
    /// "None" in a key column: the row's key is never NULL, so an upsert always finds its row.
    static let none = UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))

    static let npsColumns = (0...10).map { "n\($0)" }
    static let csatColumns = (1...5).map { "c\($0)" }
    static let cesColumns = (1...7).map { "e\($0)" }
    static let tallyColumns = ["responses"] + npsColumns + csatColumns + cesColumns

    static let scoreKeyColumns = ["workspace_id", "survey_id", "day", "touchpoint_key", "brand_key", "channel", "segment"]
    static let attributeKeyColumns = ["workspace_id", "survey_id", "day", "touchpoint_key", "attribute", "value"]

    /// The UTC day a response counts on.
    static func day(_ receivedAt: Double) -> Int { Int((receivedAt / 86400).rounded(.down)) }

    struct ScoreKey: Hashable {
        let survey: UUID, day: Int, touchpoint: UUID, brand: UUID, channel: String, segment: String
    }

    struct AttributeKey: Hashable {
        let survey: UUID, day: Int, touchpoint: UUID, attribute: String, value: String
    }

    // MARK: keeping up

    /// Adds stored responses to the tallies. Runs inside the transaction that inserts them,
    /// so the tallies and the responses commit together or not at all.
    static func add(_ workspaceID: UUID, _ rows: [ResponseService.Prepared], on db: any Database) async throws {
        var scores: [ScoreKey: ScoreTally] = [:]
        var attributes: [AttributeKey: ScoreTally] = [:]
        for p in rows {
            let r = p.record
            let day = day(r.receivedAt)
            let touchpoint = r.touchpointID ?? none
            scores[ScoreKey(survey: r.surveyID, day: day, touchpoint: touchpoint, brand: r.brandID ?? none, channel: r.channel,
                            segment: p.segment ?? ""), default: ScoreTally()].add(nps: p.nps, csat: p.csat, ces: p.ces)
            for (attribute, value) in r.hidden {
                attributes[AttributeKey(survey: r.surveyID, day: day, touchpoint: touchpoint, attribute: attribute, value: value),
                           default: ScoreTally()].add(nps: p.nps, csat: p.csat, ces: p.ces)
            }
        }
        let sql = db as! any SQLDatabase
        try await upsert(into: scoreTable, keyColumns: scoreKeyColumns, rows: scores.map { key, tally in
            ([SQLBind(workspaceID), SQLBind(key.survey), SQLBind(key.day), SQLBind(key.touchpoint), SQLBind(key.brand),
              SQLBind(key.channel), SQLBind(key.segment)], tally)
        }, on: sql)
        try await upsert(into: attributeTable, keyColumns: attributeKeyColumns, rows: attributes.map { key, tally in
            ([SQLBind(workspaceID), SQLBind(key.survey), SQLBind(key.day), SQLBind(key.touchpoint), SQLBind(key.attribute),
              SQLBind(key.value)], tally)
        }, on: sql)
    }

    /// Inserts rows, or adds their tallies to the rows already there with the same key.
    private static func upsert(into table: String, keyColumns: [String], rows: [([SQLBind], ScoreTally)], on sql: any SQLDatabase) async throws {
        let perStatement = 500 // well under SQLite's limit of 32,766 bound values
        for start in stride(from: 0, to: rows.count, by: perStatement) {
            var insert = sql.insert(into: table).columns(keyColumns + tallyColumns)
            for (key, tally) in rows[start..<min(start + perStatement, rows.count)] {
                insert = insert.values(key + values(tally))
            }
            try await insert.onConflict(with: keyColumns) { update in
                for column in tallyColumns { update.set(column, to: SQLRaw("\(table).\(column) + excluded.\(column)")) }
                return update
            }.run()
        }
    }

    static func values(_ t: ScoreTally) -> [SQLBind] {
        [SQLBind(t.responses)] + t.nps.map { SQLBind($0) } + t.csat.map { SQLBind($0) } + t.ces.map { SQLBind($0) }
    }

    // MARK: reading

    /// `SUM(responses) AS responses, SUM(n0) AS n0, …` for a grouped read. (PostgreSQL sums
    /// bigints to numeric; the cast brings them back to whole numbers.)
    static var summedTally: [any SQLExpression] {
        tallyColumns.map { SQLAlias(SQLRaw("CAST(SUM(\($0)) AS BIGINT)"), as: SQLIdentifier($0)) }
    }

    /// The tally in a row read with ``summedTally`` (or a whole stored row).
    static func tally(_ row: any SQLRow) throws -> ScoreTally {
        func count(_ column: String) throws -> Int { try row.decodeNil(column: column) ? 0 : row.decode(column: column, as: Int.self) }
        return ScoreTally(responses: try count("responses"), nps: try npsColumns.map(count), csat: try csatColumns.map(count),
                          ces: try cesColumns.map(count))
    }

    // MARK: rebuilding

    /// Recounts the tallies from the responses: of one workspace, or of all when nil.
    /// Runs in the caller's transaction, if any; the result equals what ingest kept up.
    static func rebuild(workspaceID: UUID?, on db: any Database) async throws {
        let sql = db as! any SQLDatabase
        let postgres = sql.dialect.name == "postgresql"
        let day = postgres ? "CAST(floor(r.received_at / 86400) AS INTEGER)" : "CAST(r.received_at / 86400 AS INTEGER)"
        let counts = (["COUNT(*)"]
            + (0...10).map { "SUM(CASE WHEN r.nps = \($0) THEN 1 ELSE 0 END)" }
            + (1...5).map { "SUM(CASE WHEN r.csat = \($0) THEN 1 ELSE 0 END)" }
            + (1...7).map { "SUM(CASE WHEN r.ces = \($0) THEN 1 ELSE 0 END)" }).joined(separator: ", ")
        // Grouped by position: PostgreSQL does not see two bound parameters as the same expression.
        let scope: SQLQueryString = workspaceID.map { "WHERE r.workspace_id = \(bind: $0)" } ?? ""
        for table in [scoreTable, attributeTable] {
            if let workspaceID {
                try await sql.delete(from: table).where("workspace_id", .equal, SQLBind(workspaceID)).run()
            } else {
                try await sql.delete(from: table).run()
            }
        }
        try await sql.raw("""
            INSERT INTO \(unsafeRaw: scoreTable) (\(unsafeRaw: (scoreKeyColumns + tallyColumns).joined(separator: ", ")))
            SELECT r.workspace_id, r.survey_id, \(unsafeRaw: day), COALESCE(r.touchpoint_id, \(bind: none)),
                   COALESCE(r.brand_id, \(bind: none)), r.channel, COALESCE(r.segment, ''), \(unsafeRaw: counts)
            FROM responses r \(scope)
            GROUP BY 1, 2, 3, 4, 5, 6, 7
            """).run()
        let pairs = postgres
            ? "responses r CROSS JOIN LATERAL jsonb_each_text(CAST(r.hidden AS jsonb)) AS j(key, value)"
            : "responses r, json_each(r.hidden) AS j"
        try await sql.raw("""
            INSERT INTO \(unsafeRaw: attributeTable) (\(unsafeRaw: (attributeKeyColumns + tallyColumns).joined(separator: ", ")))
            SELECT r.workspace_id, r.survey_id, \(unsafeRaw: day), COALESCE(r.touchpoint_id, \(bind: none)), j.key, j.value,
                   \(unsafeRaw: counts)
            FROM \(unsafeRaw: pairs) \(scope)
            GROUP BY 1, 2, 3, 4, 5, 6
            """).run()
    }

    // MARK: when the catalogue changes

    /// A deleted touchpoint's responses now have no touchpoint: move its tallies to "none".
    static func forgetTouchpoint(_ workspaceID: UUID, _ touchpointID: UUID, on db: any Database) async throws {
        try await move(scoreTable, keyColumns: scoreKeyColumns, column: "touchpoint_key", from: touchpointID, workspaceID: workspaceID, on: db)
        try await move(attributeTable, keyColumns: attributeKeyColumns, column: "touchpoint_key", from: touchpointID, workspaceID: workspaceID, on: db)
    }

    /// A deleted brand's responses now have no brand: move its tallies to "none".
    static func forgetBrand(_ workspaceID: UUID, _ brandID: UUID, on db: any Database) async throws {
        try await move(scoreTable, keyColumns: scoreKeyColumns, column: "brand_key", from: brandID, workspaceID: workspaceID, on: db)
    }

    /// Adds the rows whose `column` is `from` into the rows whose `column` is "none", then deletes them.
    private static func move(_ table: String, keyColumns: [String], column: String, from id: UUID, workspaceID: UUID,
                             on db: any Database) async throws {
        let sql = db as! any SQLDatabase
        let position = keyColumns.firstIndex(of: column)!
        let before = keyColumns[..<position].joined(separator: ", ")
        let after = keyColumns[(position + 1)...].joined(separator: ", ")
        let sums = tallyColumns.map { "SUM(\($0))" }.joined(separator: ", ")
        let updates = tallyColumns.map { "\($0) = \(table).\($0) + excluded.\($0)" }.joined(separator: ", ")
        try await sql.raw("""
            INSERT INTO \(unsafeRaw: table) (\(unsafeRaw: (keyColumns + tallyColumns).joined(separator: ", ")))
            SELECT \(unsafeRaw: before), \(bind: none), \(unsafeRaw: after), \(unsafeRaw: sums)
            FROM \(unsafeRaw: table) WHERE workspace_id = \(bind: workspaceID) AND \(unsafeRaw: column) = \(bind: id)
            GROUP BY \(unsafeRaw: before), \(unsafeRaw: after)
            ON CONFLICT (\(unsafeRaw: keyColumns.joined(separator: ", "))) DO UPDATE SET \(unsafeRaw: updates)
            """).run()
        try await sql.delete(from: table).where("workspace_id", .equal, SQLBind(workspaceID)).where(SQLColumn(column), .equal, SQLBind(id)).run()
    }
}

extension FocusDatabase {
    /// Recounts every tally from the responses, in one transaction (readers see the old tallies
    /// until it commits). Returns the number of tally rows written.
    @discardableResult
    public func rebuildScoreAggregates() async throws -> Int {
        try await db.transaction { db in
            try await ScoreAggregates.rebuild(workspaceID: nil, on: db)
            let sql = db as! any SQLDatabase
            var rows = 0
            for table in [ScoreAggregates.scoreTable, ScoreAggregates.attributeTable] {
                rows += try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from(table)
                    .first()?.decode(column: "n", as: Int.self) ?? 0
            }
            return rows
        }
    }
}
