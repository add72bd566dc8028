import FocusCore
import Foundation
import SQLKit

/// Which comments a view shows: a period, where they came from and what they say. Applied as
/// SQL conditions on the comments table, the same for the explorer, the themes and the API.
public struct CommentFilter: Sendable {
    /// Days counted, UTC, end excluded.
    public var period: Period
    public var touchpointIDs: [UUID]? = nil
    public var surveyID: UUID? = nil
    public var source: CommentSource? = nil
    public var themeID: UUID? = nil
    public var sentiment: SentimentClass? = nil
    public var group: CommentScoreGroup? = nil
    public var search: SearchQuery? = nil

    public init(period: Period) { self.period = period }

    /// The SQL conditions, for the columns of `comments` (unqualified).
    func conditions(_ workspaceID: UUID, postgres: Bool) -> [any SQLExpression] {
        var list: [any SQLExpression] = [
            SQLBinaryExpression(SQLColumn("workspace_id"), .equal, SQLBind(workspaceID)),
            SQLBinaryExpression(SQLColumn("occurred_at"), .greaterThanOrEqual, SQLBind(Double(period.start.daysSinceEpoch) * 86400)),
            SQLBinaryExpression(SQLColumn("occurred_at"), .lessThan, SQLBind(Double(period.end.daysSinceEpoch) * 86400)),
        ]
        if let ids = touchpointIDs { list.append(SQLBinaryExpression(SQLColumn("touchpoint_id"), .in, SQLGroupExpression(ids.map { SQLBind($0) }))) }
        if let id = surveyID { list.append(SQLBinaryExpression(SQLColumn("survey_id"), .equal, SQLBind(id))) }
        if let source { list.append(SQLBinaryExpression(SQLColumn("source"), .equal, SQLBind(source.rawValue))) }
        if let themeID {
            list.append(SQLQueryString("seq IN (SELECT comment_seq FROM comment_themes WHERE theme_id = \(bind: themeID))"))
        }
        if let sentiment {
            let t = SentimentClass.threshold
            switch sentiment {
            // As SentimentClass.of draws the lines.
            case .negative: list.append(SQLQueryString("sentiment < \(bind: -t)"))
            case .neutral: list.append(SQLQueryString("sentiment >= \(bind: -t) AND sentiment <= \(bind: t)"))
            case .positive: list.append(SQLQueryString("sentiment > \(bind: t)"))
            }
        }
        if let group { list.append(SQLQueryString(group.condition)) }
        if let search {
            list.append(postgres ? SQLQueryString("search @@ to_tsquery('simple', \(bind: search.tsquery))")
                                 : SQLQueryString("seq IN (SELECT rowid FROM comment_search WHERE comment_search MATCH \(bind: search.fts5))"))
        }
        return list
    }
}

public enum CommentSource: String, Sendable, CaseIterable, Codable {
    case response, feedback, contact

    public var label: String {
        switch self {
        case .response: "Survey response"
        case .feedback: "Outside feedback"
        case .contact: "Contact note"
        }
    }
}

/// The score groups of the response a comment came with.
public enum CommentScoreGroup: String, Sendable, CaseIterable, Codable {
    case promoter, passive, detractor, satisfied, neutral, dissatisfied

    var condition: String {
        switch self {
        case .promoter: "nps >= 9"
        case .passive: "nps BETWEEN 7 AND 8"
        case .detractor: "nps <= 6"
        case .satisfied: "csat >= 4"
        case .neutral: "csat = 3"
        case .dissatisfied: "csat <= 2"
        }
    }
}

extension SQLSelectBuilder {
    func `where`(all conditions: [any SQLExpression]) -> Self {
        var builder = self
        for condition in conditions { builder = builder.where(condition) }
        return builder
    }
}
