import FluentKit
import FocusCore
import Foundation
import HTTPTypes
import SQLKit

/// The daily score tallies: kept up to date inside the transactions that store responses,
/// and rebuilt exactly from the responses by `focus migrate --rebuild-aggregates`.
///
/// Each row holds a ``ScoreTally`` (the number of responses and of answers at each point of the
/// NPS, CSAT and CES scales) for one workspace, survey, UTC day and touchpoint, and:
///
/// - in `score_facets`, one facet value: `all` (every response), or one brand, channel, segment or
///   hidden-attribute value. A view filtered or grouped by at most one of them reads only its
///   facet: a few rows per day, however many responses there are.
/// - in `score_days`, one combination of brand, channel and segment, for views that filter on
///   two or more of them at once.
///
/// Dashboards sum rows, never responses, so a page costs the same at ten million responses as at
/// ten thousand.
enum ScoreAggregates {
    static let crossTable = "score_days"
    static let facetTable = "score_facets"
    /// "None" in a key column: the row's key is never NULL, so an upsert always finds its row.
    static let none = UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))

    static let npsColumns = (0...10).map { "n\($0)" }
    static let csatColumns = (1...5).map { "c\($0)" }
    static let cesColumns = (1...7).map { "e\($0)" }
    static let tallyColumns = ["responses"] + npsColumns + csatColumns + cesColumns

    static let crossKeyColumns = ["workspace_id", "day", "survey_id", "touchpoint_key", "brand_key", "channel", "segment"]
    static let facetKeyColumns = ["workspace_id", "facet", "value", "day", "survey_id", "touchpoint_key"]

    /// The facets of `score_facets`.
    enum Facet {
        static let all = "all"
        static let brand = "brand"
        static let channel = "channel"
        static let segment = "segment"
        static func attribute(_ key: String) -> String { "attribute:\(key)" }
    }

    /// The UTC day a response counts on.
    static func day(_ receivedAt: Double) -> Int { Int((receivedAt / 86400).rounded(.down)) }

    /// Keys compare text by its bytes, as the databases do: Swift's `String` would take two
    /// spellings of "Zürich" (one character, or u plus a combining mark) as one key, the rebuild as two.
    struct CrossKey: Hashable, Comparable {
        let day: Int, survey: UUID, touchpoint: UUID, brand: UUID, channel: [UInt8], segment: [UInt8]

        static func < (a: CrossKey, b: CrossKey) -> Bool {
            (a.day, a.survey.uuidString, a.touchpoint.uuidString, a.brand.uuidString) < (b.day, b.survey.uuidString, b.touchpoint.uuidString, b.brand.uuidString)
                || (a.day, a.survey, a.touchpoint, a.brand) == (b.day, b.survey, b.touchpoint, b.brand)
                && (a.channel.lexicographicallyPrecedes(b.channel) || a.channel == b.channel && a.segment.lexicographicallyPrecedes(b.segment))
        }
    }

    struct FacetKey: Hashable, Comparable {
        let facet: [UInt8], value: [UInt8], day: Int, survey: UUID, touchpoint: UUID

        static func < (a: FacetKey, b: FacetKey) -> Bool {
            if a.facet != b.facet { return a.facet.lexicographicallyPrecedes(b.facet) }
            if a.value != b.value { return a.value.lexicographicallyPrecedes(b.value) }
            return (a.day, a.survey.uuidString, a.touchpoint.uuidString) < (b.day, b.survey.uuidString, b.touchpoint.uuidString)
        }
    }

    // MARK: keeping up

    /// Adds stored responses to the tallies. Runs inside the transaction that inserts them,
    /// so the tallies and the responses commit together or not at all.
    static func add(_ workspaceID: UUID, _ rows: [ResponseService.Prepared], on sql: any SQLDatabase) async throws {
        var cross: [CrossKey: ScoreTally] = [:]
        var facets: [FacetKey: ScoreTally] = [:]
        for p in rows {
            let r = p.record
            let day = day(r.receivedAt)
            let touchpoint = r.touchpointID ?? none
            cross[CrossKey(day: day, survey: r.surveyID, touchpoint: touchpoint, brand: r.brandID ?? none, channel: Array(r.channel.utf8),
                           segment: Array((p.segment ?? "").utf8)), default: ScoreTally()].add(nps: p.nps, csat: p.csat, ces: p.ces)
            var values = [(Facet.all, ""), (Facet.brand, r.brandID?.uuidString ?? ""), (Facet.channel, r.channel),
                          (Facet.segment, p.segment ?? "")]
            for (key, value) in r.hidden { values.append((Facet.attribute(key), value)) }
            for (facet, value) in values {
                facets[FacetKey(facet: Array(facet.utf8), value: Array(value.utf8), day: day, survey: r.surveyID, touchpoint: touchpoint),
                       default: ScoreTally()].add(nps: p.nps, csat: p.csat, ces: p.ces)
            }
        }
        func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }
        // In key order, so that concurrent writers (PostgreSQL) lock rows in the same order and cannot deadlock.
        try await upsert(into: crossTable, keyColumns: crossKeyColumns, rows: cross.sorted { $0.key < $1.key }.map { key, tally in
            ([SQLBind(workspaceID), SQLBind(key.day), SQLBind(key.survey), SQLBind(key.touchpoint), SQLBind(key.brand),
              SQLBind(text(key.channel)), SQLBind(text(key.segment))], tally)
        }, on: sql)
        try await upsert(into: facetTable, keyColumns: facetKeyColumns, rows: facets.sorted { $0.key < $1.key }.map { key, tally in
            ([SQLBind(workspaceID), SQLBind(text(key.facet)), SQLBind(text(key.value)), SQLBind(key.day), SQLBind(key.survey),
              SQLBind(key.touchpoint)], tally)
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

    /// The sums of a grouped read packed into one text column, `tally`: "responses,n0,…,e7".
    /// One column instead of twenty-four makes reading a row several times cheaper, and a
    /// dashboard reads hundreds of rows.
    static var summedTally: any SQLExpression {
        SQLAlias(SQLRaw(tallyColumns.map { "CAST(SUM(\($0)) AS TEXT)" }.joined(separator: " || ',' || ")), as: SQLIdentifier("tally"))
    }

    /// The tally in a row read with ``summedTally``.
    static func tally(_ row: any SQLRow) throws -> ScoreTally {
        let text = try row.decode(column: "tally", as: String.self)
        var counts: [Int] = []
        counts.reserveCapacity(tallyColumns.count)
        for part in text.utf8.split(separator: UInt8(ascii: ",")) {
            guard let n = Int(String(decoding: part, as: UTF8.self)) else { break }
            counts.append(n)
        }
        guard counts.count == tallyColumns.count else {
            throw APIError(.internalServerError, "a stored score tally could not be read: \(text.prefix(80))")
        }
        return ScoreTally(responses: counts[0], nps: Array(counts[1...11]), csat: Array(counts[12...16]), ces: Array(counts[17...23]))
    }

    /// The tally of a whole stored row, column by column (for checks and tests).
    static func storedTally(_ row: any SQLRow) throws -> ScoreTally {
        func count(_ column: String) throws -> Int { try row.decode(column: column, as: Int.self) }
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
        let sums = tallyColumns.map { "SUM(\($0))" }.joined(separator: ", ")
        let crossColumns = (crossKeyColumns + tallyColumns).joined(separator: ", ")
        let facetColumns = (facetKeyColumns + tallyColumns).joined(separator: ", ")
        // Grouped by position: PostgreSQL does not see two bound parameters as the same expression.
        let scope: SQLQueryString = workspaceID.map { "WHERE r.workspace_id = \(bind: $0)" } ?? ""
        for table in [crossTable, facetTable] {
            if let workspaceID {
                try await sql.delete(from: table).where("workspace_id", .equal, SQLBind(workspaceID)).run()
            } else {
                try await sql.delete(from: table).run()
            }
        }
        try await sql.raw("""
            INSERT INTO \(unsafeRaw: crossTable) (\(unsafeRaw: crossColumns))
            SELECT r.workspace_id, \(unsafeRaw: day), r.survey_id, COALESCE(r.touchpoint_id, \(bind: none)),
                   COALESCE(r.brand_id, \(bind: none)), r.channel, COALESCE(r.segment, ''), \(unsafeRaw: counts)
            FROM responses r \(scope)
            GROUP BY 1, 2, 3, 4, 5, 6, 7
            """).run()
        // The facets of brand, channel and segment are sums of the rows just written.
        let brandValue: SQLQueryString = "CASE WHEN r.brand_key = \(bind: none) THEN '' ELSE UPPER(CAST(r.brand_key AS TEXT)) END"
        for (facet, value) in [(Facet.all, SQLQueryString("''")), (Facet.brand, brandValue), (Facet.channel, "r.channel"), (Facet.segment, "r.segment")] {
            try await sql.raw("""
                INSERT INTO \(unsafeRaw: facetTable) (\(unsafeRaw: facetColumns))
                SELECT r.workspace_id, \(bind: facet), \(value), r.day, r.survey_id, r.touchpoint_key, \(unsafeRaw: sums)
                FROM \(unsafeRaw: crossTable) r \(scope)
                GROUP BY 1, 2, 3, 4, 5, 6
                """).run()
        }
        let pairs = postgres
            ? "responses r CROSS JOIN LATERAL jsonb_each_text(CAST(r.hidden AS jsonb)) AS j(key, value)"
            : "responses r, json_each(r.hidden) AS j"
        // Versions before 0.5 stored hidden values with control characters, which PostgreSQL's jsonb
        // refuses (\u0000): such rows were never tallied by ingest and are not by the rebuild.
        let readable: SQLQueryString = postgres ? "position('\\u00' in r.hidden) = 0" : "1 = 1"
        let attributeScope: SQLQueryString = workspaceID.map { "WHERE r.workspace_id = \(bind: $0) AND \(readable)" } ?? "WHERE \(readable)"
        try await sql.raw("""
            INSERT INTO \(unsafeRaw: facetTable) (\(unsafeRaw: facetColumns))
            SELECT r.workspace_id, \(bind: Facet.attribute("")) || j.key, j.value, \(unsafeRaw: day), r.survey_id,
                   COALESCE(r.touchpoint_id, \(bind: none)), \(unsafeRaw: counts)
            FROM \(unsafeRaw: pairs) \(attributeScope)
            GROUP BY 1, 2, 3, 4, 5, 6
            """).run()
    }

    // MARK: when the catalogue changes

    /// A deleted touchpoint's responses now have no touchpoint: move its tallies to "none".
    static func forgetTouchpoint(_ workspaceID: UUID, _ touchpointID: UUID, on db: any Database) async throws {
        try await move(crossTable, keyColumns: crossKeyColumns, column: "touchpoint_key", from: SQLBind(touchpointID), to: SQLBind(none),
                       workspaceID: workspaceID, on: db)
        try await move(facetTable, keyColumns: facetKeyColumns, column: "touchpoint_key", from: SQLBind(touchpointID), to: SQLBind(none),
                       workspaceID: workspaceID, on: db)
    }

    /// A deleted brand's responses now have no brand: move its tallies to "none".
    static func forgetBrand(_ workspaceID: UUID, _ brandID: UUID, on db: any Database) async throws {
        try await move(crossTable, keyColumns: crossKeyColumns, column: "brand_key", from: SQLBind(brandID), to: SQLBind(none),
                       workspaceID: workspaceID, on: db)
        try await move(facetTable, keyColumns: facetKeyColumns, column: "value", from: SQLBind(brandID.uuidString), to: SQLBind(""),
                       workspaceID: workspaceID, also: "AND facet = \(bind: Facet.brand)", on: db)
    }

    /// Adds the rows whose `column` is `from` into the rows whose `column` is `to`, then deletes them.
    private static func move(_ table: String, keyColumns: [String], column: String, from: SQLBind, to: SQLBind, workspaceID: UUID,
                             also: SQLQueryString = "", on db: any Database) async throws {
        let sql = db as! any SQLDatabase
        let position = keyColumns.firstIndex(of: column)!
        let before = keyColumns[..<position].map { $0 + ", " }.joined()
        let after = keyColumns[(position + 1)...].map { ", " + $0 }.joined()
        let sums = tallyColumns.map { "SUM(\($0))" }.joined(separator: ", ")
        let updates = tallyColumns.map { "\($0) = \(table).\($0) + excluded.\($0)" }.joined(separator: ", ")
        // position + 1 of the key columns, counted from 1, is the moved one: group by all the others.
        let groups = (1...keyColumns.count).filter { $0 != position + 1 }.map(String.init).joined(separator: ", ")
        try await sql.raw("""
            INSERT INTO \(unsafeRaw: table) (\(unsafeRaw: (keyColumns + tallyColumns).joined(separator: ", ")))
            SELECT \(unsafeRaw: before)\(to)\(unsafeRaw: after), \(unsafeRaw: sums)
            FROM \(unsafeRaw: table) WHERE workspace_id = \(bind: workspaceID) AND \(unsafeRaw: column) = \(from) \(also)
            GROUP BY \(unsafeRaw: groups)
            ON CONFLICT (\(unsafeRaw: keyColumns.joined(separator: ", "))) DO UPDATE SET \(unsafeRaw: updates)
            """).run()
        try await sql.raw("DELETE FROM \(unsafeRaw: table) WHERE workspace_id = \(bind: workspaceID) AND \(unsafeRaw: column) = \(from) \(also)").run()
    }
}

extension FocusDatabase {
    /// Recounts every tally from the responses, in one transaction: readers see the old tallies
    /// until it commits, and ingest waits for it (SQLite has one writer; on PostgreSQL the
    /// tables are locked). Returns the number of tally rows written.
    @discardableResult
    public func rebuildScoreAggregates() async throws -> Int {
        try await db.transaction { db in
            let sql = db as! any SQLDatabase
            if self.dialect == .postgres {
                // Ingest waits until the rebuild commits (responses first: ingest takes them before the tallies).
                try await sql.raw("LOCK TABLE responses IN SHARE MODE").run()
                try await sql.raw("LOCK TABLE score_days, score_facets, driver_days IN EXCLUSIVE MODE").run()
            }
            try await ScoreAggregates.rebuild(workspaceID: nil, on: db)
            try await DriverAggregates.rebuild(workspaceID: nil, on: db)
            var rows = 0
            for table in [ScoreAggregates.crossTable, ScoreAggregates.facetTable, DriverAggregates.table] {
                rows += try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from(table)
                    .first()?.decode(column: "n", as: Int.self) ?? 0
            }
            return rows
        }
    }

    /// Analyses every comment again (sentiment and themes) from the responses, feedback and
    /// contacts, in one transaction; returns the number of comments.
    @discardableResult
    public func rebuildComments() async throws -> Int {
        try await db.transaction { db in
            let sql = db as! any SQLDatabase
            if self.dialect == .postgres { try await sql.raw("LOCK TABLE comments, comment_themes IN EXCLUSIVE MODE").run() }
            try await CommentIndex.rebuild(workspaceID: nil, on: sql)
            return try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from(CommentIndex.table)
                .first()?.decode(column: "n", as: Int.self) ?? 0
        }
    }

    /// Recounts the contacts page's daily tallies from the contacts; returns the rows written.
    @discardableResult
    public func rebuildContactAggregates() async throws -> Int {
        try await ContactAggregates.rebuildAll(self)
    }
}
