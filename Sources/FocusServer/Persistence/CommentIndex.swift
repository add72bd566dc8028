import FocusCore
import Foundation
import SQLKit

/// The comments table: every comment's text with its sentiment and themes, written in the
/// transaction that stores the response, feedback or contact it belongs to, so what is
/// acknowledged is analysed and searchable at once. The themes are read inside that
/// transaction, so a comment is tagged with the themes as they are when it is stored; a theme
/// edit re-tags every earlier comment (``retag(_:on:)``).
enum CommentIndex {
    typealias Source = CommentSource

    struct Entry: Sendable {
        let id: UUID
        let source: Source
        var surveyID: UUID? = nil
        let touchpointID: UUID?
        let customerID: UUID?
        let occurredAt: Double
        let language: String?
        let text: String
        var nps: Int? = nil
        var csat: Int? = nil
    }

    static let table = "comments"
    static let themesTable = "comment_themes"

    /// On PostgreSQL, serialises the writers of a workspace's comments and themes until the
    /// transaction ends, so that no comment is tagged with themes a concurrent edit is replacing.
    /// (The same lock as the driver sums', which ingest takes anyway.) SQLite has one writer.
    static func lockWorkspace(_ workspaceID: UUID, on sql: any SQLDatabase) async throws {
        guard sql.dialect.name == "postgresql" else { return }
        try await sql.raw("SELECT pg_advisory_xact_lock(\(bind: DriverAggregates.advisoryKey(workspaceID)))").run()
    }

    /// Analyses and stores comments; runs in the caller's transaction. `rules`, when the caller
    /// read them in this transaction already, saves reading them again.
    static func add(_ workspaceID: UUID, _ entries: [Entry], rules: IngestRules? = nil, on sql: any SQLDatabase) async throws {
        let entries = entries.filter { !$0.text.isEmpty }
        guard !entries.isEmpty else { return }
        try await lockWorkspace(workspaceID, on: sql)
        let analysis = if let rules { rules.comments } else { try await IngestRules.current(workspaceID, on: sql).comments }
        try await write(workspaceID, entries, analysis, on: sql)
    }

    private static func write(_ workspaceID: UUID, _ entries: [Entry], _ analysis: CommentAnalysis, on sql: any SQLDatabase) async throws {
        struct Inserted: Decodable { let seq: Int64; let id: UUID }
        for start in stride(from: 0, to: entries.count, by: 300) {
            let chunk = entries[start..<min(start + 300, entries.count)]
            var insert = sql.insert(into: table).columns("id", "workspace_id", "source", "survey_id", "touchpoint_id", "customer_id",
                                                         "occurred_at", "language", "text", "search_words", "sentiment", "nps", "csat")
            var themesByID: [UUID: [UUID]] = [:]
            for e in chunk {
                let words = WordTokenizer.words(e.text)
                let result = analysis.analyse(e.text, words: words, language: e.language)
                if !result.themes.isEmpty { themesByID[e.id] = result.themes }
                insert = insert.values(SQLBind(e.id), SQLBind(workspaceID), SQLBind(e.source.rawValue), SQLBind(e.surveyID), SQLBind(e.touchpointID),
                                       SQLBind(e.customerID), SQLBind(e.occurredAt), SQLBind(e.language), SQLBind(e.text),
                                       SQLBind(words.joined(separator: " ")), SQLBind(result.sentiment), SQLBind(e.nps), SQLBind(e.csat))
            }
            let rows = try await insert.returning("seq", "id").all(decoding: Inserted.self)
            var pairs: [(UUID, Int64)] = []
            for row in rows { for theme in themesByID[row.id] ?? [] { pairs.append((theme, row.seq)) } }
            try await writeThemes(pairs, on: sql)
        }
    }

    private static func writeThemes(_ pairs: [(theme: UUID, seq: Int64)], on sql: any SQLDatabase) async throws {
        for start in stride(from: 0, to: pairs.count, by: 400) {
            var insert = sql.insert(into: themesTable).columns("theme_id", "comment_seq")
            for (theme, seq) in pairs[start..<min(start + 400, pairs.count)] { insert = insert.values(SQLBind(theme), SQLBind(seq)) }
            try await insert.run()
        }
    }

    /// Tags the workspace's comments again: with `only` one theme (just added or changed: its
    /// tags are replaced, the others' kept), else with every current theme. Returns how many
    /// comments were read. Runs in the caller's transaction.
    @discardableResult
    static func retag(_ workspaceID: UUID, only: UUID? = nil, on sql: any SQLDatabase) async throws -> Int {
        var themes = try await ThemeStore.themes(workspaceID, on: sql)
        if let only {
            themes = themes.filter { $0.id == only }
            try await sql.delete(from: themesTable).where("theme_id", .equal, SQLBind(only)).run()
        } else {
            try await sql.delete(from: themesTable)
                .where("theme_id", .in, SQLSubquery.select { $0.column("id").from("themes").where("workspace_id", .equal, SQLBind(workspaceID)) })
                .run()
        }
        guard !themes.isEmpty else { return try await count(workspaceID, on: sql) }
        let analysis = CommentAnalysis(sentiment: nil, themes: themes)
        // The stored words are the text's words, so the text itself need not be read or split again.
        struct Row: Decodable { let seq: Int64; let search_words: String; let language: String? }
        var after: Int64 = -1
        var read = 0
        while true {
            let rows = try await sql.select().columns("seq", "search_words", "language").from(table)
                .where("workspace_id", .equal, SQLBind(workspaceID)).where("seq", .greaterThan, SQLBind(after))
                .orderBy("seq").limit(10_000).all(decoding: Row.self)
            guard let last = rows.last else { break }
            after = last.seq
            read += rows.count
            var pairs: [(UUID, Int64)] = []
            for row in rows {
                let words = row.search_words.split(separator: " ").map(String.init)
                for theme in analysis.themes(in: words, language: row.language) { pairs.append((theme, row.seq)) }
            }
            try await writeThemes(pairs, on: sql)
            if rows.count < 10_000 { break }
        }
        return read
    }

    static func count(_ workspaceID: UUID, on sql: any SQLDatabase) async throws -> Int {
        try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from(table)
            .where("workspace_id", .equal, SQLBind(workspaceID)).first()?.decode(column: "n", as: Int.self) ?? 0
    }

    // MARK: rebuilding

    /// Analyses every comment again from the responses, feedback and contacts: of one workspace,
    /// or of all when nil. Runs in the caller's transaction.
    static func rebuild(workspaceID: UUID?, on sql: any SQLDatabase) async throws {
        var workspaces: [UUID] = []
        if let workspaceID {
            workspaces = [workspaceID]
        } else {
            struct Workspace: Decodable { let id: UUID }
            workspaces = try await sql.select().column("id").from("workspaces").all(decoding: Workspace.self).map(\.id)
        }
        for workspace in workspaces {
            try await sql.delete(from: table).where("workspace_id", .equal, SQLBind(workspace)).run()
            let analysis = CommentAnalysis(sentiment: try SentimentLexicons.analyzer(), themes: try await ThemeStore.themes(workspace, on: sql))
            struct ResponseRow: Decodable {
                let id: UUID, survey_id: UUID, touchpoint_id: UUID?, customer_id: UUID?, received_at: Double, language: String, comment: String
                let nps: Int?, csat: Int?
            }
            try await pages(sql, from: "responses", time: "received_at", workspace: workspace, notNull: "comment",
                            columns: ["id", "survey_id", "touchpoint_id", "customer_id", "received_at", "language", "comment", "nps", "csat"],
                            as: ResponseRow.self) { rows in
                try await write(workspace, rows.map {
                    Entry(id: $0.id, source: .response, surveyID: $0.survey_id, touchpointID: $0.touchpoint_id, customerID: $0.customer_id,
                          occurredAt: $0.received_at, language: $0.language, text: $0.comment, nps: $0.nps, csat: $0.csat)
                }, analysis, on: sql)
            }
            struct FeedbackRow: Decodable { let id: UUID, touchpoint_id: UUID?, customer_id: UUID?, occurred_at: Double, text: String }
            try await pages(sql, from: "feedback", time: "occurred_at", workspace: workspace, notNull: "text",
                            columns: ["id", "touchpoint_id", "customer_id", "occurred_at", "text"], as: FeedbackRow.self) { rows in
                try await write(workspace, rows.map {
                    Entry(id: $0.id, source: .feedback, touchpointID: $0.touchpoint_id, customerID: $0.customer_id, occurredAt: $0.occurred_at,
                          language: nil, text: $0.text)
                }, analysis, on: sql)
            }
            struct ContactRow: Decodable { let id: UUID, touchpoint_id: UUID?, customer_id: UUID?, occurred_at: Double, note: String }
            try await pages(sql, from: "contacts", time: "occurred_at", workspace: workspace, notNull: "note",
                            columns: ["id", "touchpoint_id", "customer_id", "occurred_at", "note"], as: ContactRow.self) { rows in
                try await write(workspace, rows.map {
                    Entry(id: $0.id, source: .contact, touchpointID: $0.touchpoint_id, customerID: $0.customer_id, occurredAt: $0.occurred_at,
                          language: nil, text: $0.note)
                }, analysis, on: sql)
            }
        }
    }

    /// Reads a workspace's rows with a non-empty `notNull` column, oldest first, 5,000 at a time.
    private static func pages<Row: Decodable>(_ sql: any SQLDatabase, from table: String, time: String, workspace: UUID, notNull: String,
                                              columns: [String], as: Row.Type, _ body: ([Row]) async throws -> Void) async throws {
        var after: (Double, UUID)?
        while true {
            var page = sql.select().columns(columns).from(table).where("workspace_id", .equal, SQLBind(workspace))
                .where(SQLColumn(notNull), .isNot, SQLLiteral.null).where(SQLColumn(notNull), .notEqual, SQLBind(""))
            if let (at, id) = after {
                page = page.where { g in
                    g.where(SQLColumn(time), .greaterThan, SQLBind(at))
                        .orWhere { h in h.where(SQLColumn(time), .equal, SQLBind(at)).where("id", .greaterThan, SQLBind(id)) }
                }
            }
            let rows = try await page.orderBy(time).orderBy("id").limit(5_000).all()
            guard let last = rows.last else { break }
            after = (try last.decode(column: time, as: Double.self), try last.decode(column: "id", as: UUID.self))
            try await body(try rows.map { try $0.decode(model: Row.self) })
            if rows.count < 5_000 { break }
        }
    }
}

/// Sentiment and themes of one comment, with the workspace's themes compiled once.
struct CommentAnalysis: Sendable {
    let sentiment: SentimentAnalyzer?
    let themeIDs: [UUID]
    let matcher: ThemeMatcher

    init(sentiment: SentimentAnalyzer?, themes: [StoredTheme]) {
        self.sentiment = sentiment
        themeIDs = themes.map(\.id)
        matcher = ThemeMatcher(themes.map(\.definition))
    }

    func themes(in words: [String], language: String?) -> [UUID] {
        matcher.themes(in: words, language: language).map { themeIDs[$0] }
    }

    func analyse(_ text: String, words: [String], language: String?) -> (sentiment: Double, themes: [UUID]) {
        (sentiment?.score(text, language: language) ?? 0, themes(in: words, language: language))
    }
}
