import FluentKit
import FocusCore
import Foundation
import SQLKit

/// A comment as the explorer shows it.
public struct CommentRecord: Sendable {
    public let id: UUID
    public let source: CommentSource
    public let surveyID: UUID?
    public let touchpointID: UUID?
    public let customerID: UUID?
    public let occurredAt: Double
    public let language: String?
    public let text: String
    public let sentiment: Double
    public let nps: Int?
    public let csat: Int?
    public let themeIDs: [UUID]
    /// The text cut into pieces, matches of the search marked.
    public let fragments: [SearchFragment]
}

/// Each theme's volume, sentiment and effect on the score.
public struct ThemeImpactReport: Sendable {
    public struct Row: Sendable {
        public let theme: StoredThemeRecord
        /// Comments of every source that mention it.
        public let volume: Int
        public let meanSentiment: Double?
        /// Share of those comments that are negative, in percent.
        public let negativeShare: Double?
        public let effect: ThemeImpact.Effect
    }

    public let score: Score
    public let rows: [Row]
    /// Comments in the filter (every source), and responses with a comment and the score.
    public let comments: Int
    public let responses: Int
    /// The score over those responses.
    public let overall: ScoreEstimate
}

/// What the comments explorer and the themes page read: search, a comment's context, the cost
/// of each theme and the terms that are rising.
public struct CommentService: Sendable {
    let database: FocusDatabase

    private var postgres: Bool { database.dialect == .postgres }

    struct Row: Decodable {
        let seq: Int64, id: UUID, source: String, survey_id: UUID?, touchpoint_id: UUID?, customer_id: UUID?, occurred_at: Double
        let language: String?, text: String, sentiment: Double, nps: Int?, csat: Int?
    }

    static let columns = ["seq", "id", "source", "survey_id", "touchpoint_id", "customer_id", "occurred_at", "language", "text", "sentiment",
                          "nps", "csat"]

    /// Newest first, a page at a time; the cursor is `<occurred_at>_<id>` of the last item.
    public func search(_ workspaceID: UUID, filter: CommentFilter, cursor: String?, limit: Int) async throws
        -> (items: [CommentRecord], nextCursor: String?) {
        let limit = max(1, min(limit, 500))
        let sql = database.sql
        var query = sql.select().columns(Self.columns).from(CommentIndex.table).where(all: filter.conditions(workspaceID, postgres: postgres))
        if let cursor { query = try NewestFirstCursor(cursor).after(query, timeColumn: "occurred_at") }
        let rows = try await query.orderBy("occurred_at", .descending).orderBy("id", .descending).limit(limit + 1).all(decoding: Row.self)
        let page = Array(rows.prefix(limit))
        let items = try await records(page, search: filter.search)
        let next = rows.count > limit ? page.last.map { NewestFirstCursor(time: $0.occurred_at, id: $0.id).text } : nil
        return (items, next)
    }

    /// How many comments the filter holds.
    public func count(_ workspaceID: UUID, filter: CommentFilter) async throws -> Int {
        try await database.sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from(CommentIndex.table)
            .where(all: filter.conditions(workspaceID, postgres: postgres)).first()?.decode(column: "n", as: Int.self) ?? 0
    }

    public func comment(_ workspaceID: UUID, id: UUID) async throws -> CommentRecord? {
        let rows = try await database.sql.select().columns(Self.columns).from(CommentIndex.table)
            .where("workspace_id", .equal, SQLBind(workspaceID)).where("id", .equal, SQLBind(id)).all(decoding: Row.self)
        return try await records(rows, search: nil).first
    }

    private func records(_ rows: [Row], search: SearchQuery?) async throws -> [CommentRecord] {
        guard !rows.isEmpty else { return [] }
        struct Tag: Decodable { let theme_id: UUID; let comment_seq: Int64 }
        let tags = try await database.sql.select().columns("theme_id", "comment_seq").from(CommentIndex.themesTable)
            .where("comment_seq", .in, SQLGroupExpression(rows.map { SQLBind($0.seq) })).all(decoding: Tag.self)
        let themes = Dictionary(grouping: tags, by: \.comment_seq).mapValues { $0.map(\.theme_id) }
        return rows.map { r in
            CommentRecord(id: r.id, source: CommentSource(rawValue: r.source) ?? .response, surveyID: r.survey_id, touchpointID: r.touchpoint_id,
                          customerID: r.customer_id, occurredAt: r.occurred_at, language: r.language, text: r.text, sentiment: r.sentiment,
                          nps: r.nps, csat: r.csat, themeIDs: themes[r.seq] ?? [],
                          fragments: search?.fragments(of: r.text) ?? [SearchFragment(text: r.text, match: false)])
        }
    }

    // MARK: impact

    /// Every theme's volume and sentiment, and how much it moves `score` (NPS or CSAT) among the
    /// responses with a comment in the filter; ranked by the points it costs, worst first.
    public func impact(_ workspaceID: UUID, filter: CommentFilter, score: Score) async throws -> ThemeImpactReport {
        precondition(score == .nps || score == .csat, "themes are weighed against NPS or CSAT")
        let conditions = filter.conditions(workspaceID, postgres: postgres)
        let t = SentimentClass.threshold
        let column = score == .nps ? "nps" : "csat"
        let high = score == .nps ? "nps >= 9" : "csat >= 4"
        let middle = score == .nps ? "nps BETWEEN 7 AND 8" : "csat = 3"
        let low = score == .nps ? "nps <= 6" : "csat <= 2"
        @Sendable func sums(_ select: SQLSelectBuilder) -> SQLSelectBuilder {
            select.column(SQLFunction("COUNT", args: SQLLiteral.all), as: "volume")
                .column(SQLRaw("AVG(sentiment)"), as: "mean_sentiment")
                .column(SQLRaw("SUM(CASE WHEN sentiment < \(-t) THEN 1 ELSE 0 END)"), as: "negative")
                .column(SQLRaw("SUM(CASE WHEN \(high) THEN 1 ELSE 0 END)"), as: "high")
                .column(SQLRaw("SUM(CASE WHEN \(middle) THEN 1 ELSE 0 END)"), as: "middle")
                .column(SQLRaw("SUM(CASE WHEN \(low) THEN 1 ELSE 0 END)"), as: "low")
                .column(SQLRaw("COUNT(\(column))"), as: "scored")
        }
        struct Sums: Decodable {
            let volume: Int, mean_sentiment: Double?, negative: Int?, high: Int?, middle: Int?, low: Int?, scored: Int
            var counts: (Int, Int, Int) { (high ?? 0, middle ?? 0, low ?? 0) }
        }
        struct ThemeSums: Decodable {
            let theme_id: UUID, volume: Int, mean_sentiment: Double?, negative: Int?, high: Int?, middle: Int?, low: Int?, scored: Int
            var counts: (Int, Int, Int) { (high ?? 0, middle ?? 0, low ?? 0) }
        }
        // Both reads see the same comments (one snapshot), so no theme can count more than the total.
        let postgres = self.postgres
        let (total, byTheme) = try await database.db.transaction { db in
            let sql = db as! any SQLDatabase
            if postgres { try await sql.raw("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY").run() }
            let total = try await sums(sql.select()).from(CommentIndex.table).where(all: conditions).first(decoding: Sums.self)
            let byTheme = try await sums(sql.select().column("theme_id")).from(CommentIndex.themesTable)
                .join(CommentIndex.table, on: SQLColumn("seq", table: CommentIndex.table), .equal, SQLColumn("comment_seq", table: CommentIndex.themesTable))
                .where(all: conditions).groupBy("theme_id").all(decoding: ThemeSums.self)
            return (total, byTheme)
        }
        let sumsByTheme = Dictionary(uniqueKeysWithValues: byTheme.map { ($0.theme_id, $0) })
        let all = total?.counts ?? (0, 0, 0)
        let themes = try await ThemeService(database: database).list(workspaceID)
        var rows: [ThemeImpactReport.Row] = themes.map { theme in
            let s = sumsByTheme[theme.id]
            let counted = s?.counts ?? (0, 0, 0)
            let with = (min(counted.0, all.0), min(counted.1, all.1), min(counted.2, all.2))
            let effect = score == .nps
                ? ThemeImpact.nps(with: (with.0, with.1, with.2), all: (all.0, all.1, all.2))
                : ThemeImpact.share(with: (with.0, with.0 + with.1 + with.2), all: (all.0, all.0 + all.1 + all.2))
            let volume = s?.volume ?? 0
            return .init(theme: theme, volume: volume, meanSentiment: s?.mean_sentiment,
                         negativeShare: volume > 0 ? 100 * Double(s?.negative ?? 0) / Double(volume) : nil, effect: effect)
        }
        rows.sort { (a: ThemeImpactReport.Row, b: ThemeImpactReport.Row) -> Bool in
            switch (a.effect.points, b.effect.points) {
            case let (x?, y?) where x != y: return x < y
            case (_?, nil): return true
            case (nil, _?): return false
            default: return a.volume != b.volume ? a.volume > b.volume : a.theme.definition.name < b.theme.definition.name
            }
        }
        let overall = score == .nps
            ? ScoreStatistics.nps(promoters: all.0, passives: all.1, detractors: all.2)
            : ScoreStatistics.share(all.0, of: all.0 + all.1 + all.2)
        return ThemeImpactReport(score: score, rows: rows, comments: total?.volume ?? 0, responses: all.0 + all.1 + all.2, overall: overall)
    }

    // MARK: emerging terms

    /// The terms that rose in `recent` against `earlier`, over the comments that pass `filter`
    /// apart from its period.
    public func emerging(_ workspaceID: UUID, filter: CommentFilter, recent: Period, earlier: Period) async throws
        -> (result: EmergingTerms.Result, recent: Int, earlier: Int) {
        var recentCounts = TermCounts(), earlierCounts = TermCounts()
        for (period, isRecent) in [(recent, true), (earlier, false)] {
            var f = filter
            f.period = period
            struct TextRow: Decodable { let occurred_at: Double; let id: UUID; let search_words: String; let language: String? }
            var after: (Double, UUID)?
            while true {
                var page = database.sql.select().columns("occurred_at", "id", "search_words", "language").from(CommentIndex.table)
                    .where(all: f.conditions(workspaceID, postgres: postgres))
                if let (at, id) = after {
                    // A row-value comparison, which both databases seek on with the (workspace, time, id) index.
                    page = page.where(SQLQueryString("(occurred_at, id) > (\(bind: at), \(bind: id))"))
                }
                let rows = try await page.orderBy("occurred_at").orderBy("id").limit(20_000).all(decoding: TextRow.self)
                guard let last = rows.last else { break }
                after = (last.occurred_at, last.id)
                for row in rows {
                    let words = row.search_words.split(separator: " ").map(String.init)
                    if isRecent { recentCounts.add(words: words, language: row.language) } else { earlierCounts.add(words: words, language: row.language) }
                }
                if rows.count < 20_000 { break }
            }
        }
        return (EmergingTerms.rising(recent: recentCounts, earlier: earlierCounts), recentCounts.documents, earlierCounts.documents)
    }
}
