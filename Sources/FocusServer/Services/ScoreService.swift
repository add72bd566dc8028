import FluentKit
import FocusCore
import Foundation
import SQLKit

/// Scores read from the daily tallies (see ``ScoreAggregates``): never a scan of the responses.
public struct ScoreService: Sendable {
    let database: FocusDatabase
    let catalogue: CatalogueService
    /// A breakdown shows at most this many groups, the largest first (an attribute may have many values).
    public static let maxGroups = 1_000

    /// The dashboard figures: totals, daily tallies and touchpoints, for the period and the one before.
    public func dashboard(_ workspaceID: UUID, _ filter: ScoreFilter) async throws -> ScoreDashboard {
        let span = Period(start: filter.period.previous.start, end: filter.period.end)
        // By day for the trend and the totals; by touchpoint and period (before or in) for the ranking.
        let dayRows = try await tallies(workspaceID, filter, span: span, by: [.day])
        let touchpointRows = try await tallies(workspaceID, filter, span: span, by: [.touchpoint, .inPeriod(filter.period.start)])
        let start = filter.period.start.daysSinceEpoch
        var current = ScoreTally(), previous = ScoreTally()
        var days: [Int: ScoreTally] = [:]
        for row in dayRows {
            let day = Int(row.keys[0]) ?? 0
            days[day, default: ScoreTally()] += row.tally
            if day >= start { current += row.tally } else { previous += row.tally }
        }
        var byTouchpoint: [String: (current: ScoreTally, previous: ScoreTally)] = [:]
        for row in touchpointRows {
            if row.keys[1] == "1" { byTouchpoint[row.keys[0], default: (ScoreTally(), ScoreTally())].current += row.tally }
            else { byTouchpoint[row.keys[0], default: (ScoreTally(), ScoreTally())].previous += row.tally }
        }
        let touchpoints = try await catalogue.touchpoints(workspaceID)
        var groups = touchpoints.compactMap { tp -> ScoreGroup? in
            guard let t = byTouchpoint[tp.id.uuidString] else { return nil }
            return ScoreGroup(key: tp.id.uuidString, label: tp.touchpoint.name, current: t.current, previous: t.previous)
        }
        if let none = byTouchpoint[ScoreAggregates.none.uuidString] {
            groups.append(ScoreGroup(key: "", label: "No touchpoint", current: none.current, previous: none.previous))
        }
        return ScoreDashboard(filter: filter, current: current, previous: previous, days: days, touchpoints: groups)
    }

    /// Every survey's number of responses, from the tallies.
    public func responseCounts(_ workspaceID: UUID) async throws -> [UUID: Int] {
        struct Row: Decodable { let survey_id: UUID; let n: Int }
        let rows = try await database.sql.select().column("survey_id")
            .column(SQLAlias(SQLRaw("CAST(SUM(responses) AS BIGINT)"), as: SQLIdentifier("n")))
            .from(ScoreAggregates.facetTable)
            .where("workspace_id", .equal, SQLBind(workspaceID)).where("facet", .equal, SQLBind(ScoreAggregates.Facet.all))
            .groupBy("survey_id").all(decoding: Row.self)
        return Dictionary(rows.map { ($0.survey_id, $0.n) }, uniquingKeysWith: +)
    }

    /// The customer segments that have responses in the span, for the filter's choices.
    public func segments(_ workspaceID: UUID, span: Period) async throws -> [String] {
        struct Row: Decodable { let value: String }
        return try await database.sql.select().distinct().column("value").from(ScoreAggregates.facetTable)
            .where("workspace_id", .equal, SQLBind(workspaceID)).where("facet", .equal, SQLBind(ScoreAggregates.Facet.segment))
            .where("value", .notEqual, SQLBind(""))
            .where("day", .greaterThanOrEqual, SQLBind(span.start.daysSinceEpoch)).where("day", .lessThan, SQLBind(span.end.daysSinceEpoch))
            .orderBy("value").all(decoding: Row.self).map(\.value)
    }

    /// The period's and the previous period's tallies grouped by the dimension, largest group first
    /// (at most ``maxGroups``).
    public func breakdown(_ workspaceID: UUID, _ filter: ScoreFilter, by dimension: ScoreDimension) async throws -> [ScoreGroup] {
        let column: TallyColumn = switch dimension {
        case .touchpoint, .stage: .touchpoint
        case .brand: .brand
        case .channel: .channel
        case .segment: .segment
        case .survey: .survey
        case .attribute(let key): .attribute(key)
        }
        if case .attribute(let key) = dimension, let other = filter.attribute, other.key != key {
            throw FieldError("by", "cannot break down by one hidden attribute while filtering by another")
        }
        let rows = try await tallies(workspaceID, filter, span: Period(start: filter.period.previous.start, end: filter.period.end),
                                     by: [column, .inPeriod(filter.period.start)])
        var byKey: [String: (current: ScoreTally, previous: ScoreTally)] = [:]
        for row in rows {
            if row.keys[1] == "1" { byKey[row.keys[0], default: (ScoreTally(), ScoreTally())].current += row.tally }
            else { byKey[row.keys[0], default: (ScoreTally(), ScoreTally())].previous += row.tally }
        }
        let noneKey = ScoreAggregates.none.uuidString
        var labels: [String: String] = [:]
        var stageOf: [String: String] = [:]
        switch dimension {
        case .touchpoint, .stage:
            for tp in try await catalogue.touchpoints(workspaceID) {
                labels[tp.id.uuidString] = tp.touchpoint.name
                stageOf[tp.id.uuidString] = tp.touchpoint.stage ?? ""
            }
        case .brand:
            for b in try await catalogue.brands(workspaceID) { labels[b.id.uuidString] = b.brand.name }
        case .survey:
            for s in try await SurveyModel.query(on: database.db).filter(\.$workspaceID == workspaceID).all() { labels[s.id!.uuidString] = s.name }
        default: break
        }
        if dimension == .stage {
            var byStage: [String: (current: ScoreTally, previous: ScoreTally)] = [:]
            for (key, t) in byKey {
                let stage = key == noneKey ? "" : stageOf[key] ?? ""
                byStage[stage, default: (ScoreTally(), ScoreTally())].current += t.current
                byStage[stage, default: (ScoreTally(), ScoreTally())].previous += t.previous
            }
            byKey = byStage
        }
        let noneLabel: String = switch dimension {
        case .touchpoint: "No touchpoint"
        case .stage: "No stage"
        case .brand: "No brand"
        case .segment: "No segment"
        default: "None"
        }
        return Array(byKey.map { key, t in
            let isNone = key == noneKey || key.isEmpty
            return ScoreGroup(key: isNone ? "" : key, label: isNone ? noneLabel : labels[key] ?? key, current: t.current, previous: t.previous)
        }.sorted { ($0.current.responses, $1.label) > ($1.current.responses, $0.label) }.prefix(Self.maxGroups))
    }

    /// Invitations created in the period (matching the survey and touchpoint filters) and how many were answered;
    /// nil when the filter names a brand, channel, segment or attribute, which invitations do not carry.
    public func responseRate(_ workspaceID: UUID, _ filter: ScoreFilter) async throws -> ResponseRate? {
        guard filter.brandID == nil, filter.channel == nil, filter.segment == nil, filter.attribute == nil else { return nil }
        var query = database.sql.select()
            .column(SQLAlias(SQLFunction("COUNT", args: SQLLiteral.all), as: SQLIdentifier("sent")))
            .column(SQLAlias(SQLFunction("COUNT", args: SQLColumn("answered_at")), as: SQLIdentifier("answered")))
            .from("invitations")
            .where("workspace_id", .equal, SQLBind(workspaceID))
            .where("created_at", .greaterThanOrEqual, SQLBind(Double(filter.period.start.daysSinceEpoch) * 86400))
            .where("created_at", .lessThan, SQLBind(Double(filter.period.end.daysSinceEpoch) * 86400))
        if let id = filter.surveyID { query = query.where("survey_id", .equal, SQLBind(id)) }
        if let ids = filter.touchpointIDs { query = query.where("touchpoint_id", .in, SQLBind.group(ids)) }
        struct Row: Decodable { let sent: Int; let answered: Int }
        let row = try await query.first(decoding: Row.self)
        return ResponseRate(sent: row?.sent ?? 0, answered: row?.answered ?? 0)
    }

    // MARK: the one query

    /// What tallies can be grouped by.
    enum TallyColumn: Equatable {
        case day, touchpoint, survey, brand, channel, segment
        case attribute(String)
        /// "1" for days on or after the day given, "0" before: the period against the one before it.
        case inPeriod(CalendarDate)
    }

    struct Row {
        /// The grouping columns' values as text (ids upper-case, days as numbers, "" for no brand or segment).
        let keys: [String]
        let tally: ScoreTally
    }

    /// Sums the tallies matching the filter within `span`, grouped by the columns.
    ///
    /// Reads `score_facets` when at most one of brand, channel, segment or a hidden attribute is
    /// filtered or grouped by (a few rows per day), and `score_days` only for combinations.
    func tallies(_ workspaceID: UUID, _ filter: ScoreFilter, span: Period, by columns: [TallyColumn]) async throws -> [Row] {
        // The facets this query involves, each with the value it is filtered to (nil: grouped by it).
        var facets: [(name: String, value: String?)] = []
        func involve(_ name: String, _ value: String?) {
            if let i = facets.firstIndex(where: { $0.name == name }) { if value != nil { facets[i].value = value } } else { facets.append((name, value)) }
        }
        if let id = filter.brandID { involve(ScoreAggregates.Facet.brand, id.uuidString) }
        if let channel = filter.channel { involve(ScoreAggregates.Facet.channel, channel) }
        if let segment = filter.segment { involve(ScoreAggregates.Facet.segment, segment) }
        if let a = filter.attribute { involve(ScoreAggregates.Facet.attribute(a.key), a.value) }
        for column in columns {
            switch column {
            case .brand: involve(ScoreAggregates.Facet.brand, nil)
            case .channel: involve(ScoreAggregates.Facet.channel, nil)
            case .segment: involve(ScoreAggregates.Facet.segment, nil)
            case .attribute(let key): involve(ScoreAggregates.Facet.attribute(key), nil)
            default: break
            }
        }
        let attributes = facets.filter { $0.name.hasPrefix("attribute:") }
        if !attributes.isEmpty, facets.count > 1 {
            throw FieldError("attribute", "a hidden attribute combines with period, survey and touchpoint only, not with brand, channel, segment or another attribute")
        }
        let useFacets = facets.count <= 1
        var query = database.sql.select()
        var names: [String] = []
        for column in columns {
            if case .inPeriod(let start) = column {
                names.append("in_period")
                query = query.column(SQLAlias(SQLQueryString("CASE WHEN day >= \(unsafeRaw: String(start.daysSinceEpoch)) THEN 1 ELSE 0 END"),
                                              as: SQLIdentifier("in_period")))
                continue
            }
            let name: String = switch column {
            case .day: "day"
            case .touchpoint: "touchpoint_key"
            case .survey: "survey_id"
            case .brand: useFacets ? "value" : "brand_key"
            case .channel: useFacets ? "value" : "channel"
            case .segment: useFacets ? "value" : "segment"
            case .attribute: "value"
            case .inPeriod: "in_period"
            }
            names.append(name)
            query = query.column(SQLColumn(name))
        }
        query = query.column(ScoreAggregates.summedTally)
            .from(useFacets ? ScoreAggregates.facetTable : ScoreAggregates.crossTable)
            .where("workspace_id", .equal, SQLBind(workspaceID))
        if useFacets {
            let facet = facets.first ?? (ScoreAggregates.Facet.all, "")
            query = query.where("facet", .equal, SQLBind(facet.name))
            if let value = facet.value { query = query.where("value", .equal, SQLBind(value)) }
        } else {
            if let id = filter.brandID { query = query.where("brand_key", .equal, SQLBind(id)) }
            if let channel = filter.channel { query = query.where("channel", .equal, SQLBind(channel)) }
            if let segment = filter.segment { query = query.where("segment", .equal, SQLBind(segment)) }
        }
        query = query.where("day", .greaterThanOrEqual, SQLBind(span.start.daysSinceEpoch))
            .where("day", .lessThan, SQLBind(span.end.daysSinceEpoch))
        if let id = filter.surveyID { query = query.where("survey_id", .equal, SQLBind(id)) }
        if let ids = filter.touchpointIDs {
            query = ids.count == 1 ? query.where("touchpoint_key", .equal, SQLBind(ids[0]))
                : query.where("touchpoint_key", .in, SQLBind.group(ids.isEmpty ? [ScoreAggregates.none] : ids))
        }
        for name in names { query = query.groupBy(SQLColumn(name)) }
        let noneBrand = ScoreAggregates.none.uuidString
        return try await query.all().map { row in
            Row(keys: try zip(columns, names).map { column, name in
                switch name {
                case "day", "in_period": return String(try row.decode(column: name, as: Int.self))
                case "touchpoint_key", "survey_id": return try row.decode(column: name, as: UUID.self).uuidString
                case "brand_key":
                    let id = try row.decode(column: name, as: UUID.self).uuidString
                    return id == noneBrand ? "" : id
                default:
                    let text = try row.decode(column: name, as: String.self)
                    return column == .brand ? text.uppercased() : text
                }
            }, tally: try ScoreAggregates.tally(row))
        }
    }
}
