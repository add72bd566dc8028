import FluentKit
import FocusCore
import Foundation
import SQLKit

/// Which responses a dashboard counts.
public struct ScoreFilter: Sendable, Equatable {
    public struct Attribute: Sendable, Equatable {
        public let key: String
        public let value: String
    }

    public var period: Period
    public var surveyID: UUID?
    /// One touchpoint, or the touchpoints of a journey stage.
    public var touchpointIDs: [UUID]?
    public var brandID: UUID?
    public var channel: String?
    public var segment: String?
    /// A hidden attribute's value; combines with period, survey and touchpoint only.
    public var attribute: Attribute?

    public init(period: Period, surveyID: UUID? = nil, touchpointIDs: [UUID]? = nil, brandID: UUID? = nil,
                channel: String? = nil, segment: String? = nil, attribute: Attribute? = nil) {
        self.period = period
        self.surveyID = surveyID
        self.touchpointIDs = touchpointIDs
        self.brandID = brandID
        self.channel = channel
        self.segment = segment
        self.attribute = attribute
    }
}

/// What a breakdown groups by.
public enum ScoreDimension: Sendable, Equatable {
    case touchpoint, stage, brand, channel, segment, survey
    case attribute(String)

    public init?(_ text: String) {
        switch text {
        case "touchpoint": self = .touchpoint
        case "stage": self = .stage
        case "brand": self = .brand
        case "channel": self = .channel
        case "segment": self = .segment
        case "survey": self = .survey
        default:
            guard text.hasPrefix("attribute:"), case let key = String(text.dropFirst("attribute:".count)), Validate.isPlainKey(key)
            else { return nil }
            self = .attribute(key)
        }
    }

    public var name: String {
        switch self {
        case .touchpoint: "touchpoint"
        case .stage: "stage"
        case .brand: "brand"
        case .channel: "channel"
        case .segment: "segment"
        case .survey: "survey"
        case .attribute(let key): "attribute:\(key)"
        }
    }

    public static let allNames = "touchpoint, stage, brand, channel, segment, survey or attribute:<key>"
}

/// One group's tallies in a period and in the period before, labelled for people.
public struct ScoreGroup: Sendable {
    /// The group's id (touchpoint, brand, survey), or its name (channel, segment, stage, attribute value); "" for none.
    public let key: String
    public let label: String
    public let current: ScoreTally
    public let previous: ScoreTally
}

/// The figures of one dashboard, read from the daily tallies in one query.
public struct ScoreDashboard: Sendable {
    public let filter: ScoreFilter
    public let current: ScoreTally
    public let previous: ScoreTally
    /// Tallies by day number over the period and the one before it.
    public let days: [Int: ScoreTally]
    /// Touchpoints in the period and the one before, with "no touchpoint" last if it has responses.
    public let touchpoints: [ScoreGroup]

    public func trend(_ score: Score, _ granularity: Granularity) -> Trend {
        Trend(score: score, granularity: granularity, period: filter.period, days: days)
    }

    /// The score with the most answers in the period (NPS when none has any).
    public var mainScore: Score {
        Score.allCases.max { current.answers($0) < current.answers($1) } ?? .nps
    }
}

/// Invitations sent in a period and how many of them were answered.
public struct ResponseRate: Sendable, Equatable {
    public let sent: Int
    public let answered: Int
    public var rate: ScoreEstimate { ScoreStatistics.share(answered, of: sent) }
}

/// Scores read from the daily tallies (see ``ScoreAggregates``): never a scan of the responses.
public struct ScoreService: Sendable {
    let database: FocusDatabase
    let catalogue: CatalogueService

    /// The dashboard figures: totals, daily tallies and touchpoints, for the period and the one before.
    public func dashboard(_ workspaceID: UUID, _ filter: ScoreFilter) async throws -> ScoreDashboard {
        let rows = try await tallies(workspaceID, filter, span: Period(start: filter.period.previous.start, end: filter.period.end),
                                     by: [.day, .touchpoint])
        let start = filter.period.start.daysSinceEpoch
        var current = ScoreTally(), previous = ScoreTally()
        var days: [Int: ScoreTally] = [:]
        var byTouchpoint: [String: (current: ScoreTally, previous: ScoreTally)] = [:]
        for row in rows {
            let day = Int(row.keys[0]) ?? 0
            days[day, default: ScoreTally()] += row.tally
            if day >= start {
                current += row.tally
                byTouchpoint[row.keys[1], default: (ScoreTally(), ScoreTally())].current += row.tally
            } else {
                previous += row.tally
                byTouchpoint[row.keys[1], default: (ScoreTally(), ScoreTally())].previous += row.tally
            }
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

    /// The period's and the previous period's tallies grouped by the dimension, largest group first.
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
                                     by: [.day, column])
        let start = filter.period.start.daysSinceEpoch
        var byKey: [String: (current: ScoreTally, previous: ScoreTally)] = [:]
        for row in rows {
            let day = Int(row.keys[0]) ?? 0
            if day >= start { byKey[row.keys[1], default: (ScoreTally(), ScoreTally())].current += row.tally }
            else { byKey[row.keys[1], default: (ScoreTally(), ScoreTally())].previous += row.tally }
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
        return byKey.map { key, t in
            let isNone = key == noneKey || key.isEmpty
            return ScoreGroup(key: isNone ? "" : key, label: isNone ? noneLabel : labels[key] ?? key, current: t.current, previous: t.previous)
        }.sorted { ($0.current.responses, $1.label) > ($1.current.responses, $0.label) }
    }

    /// Invitations created in the period (matching the survey and touchpoint filters) and how many were answered.
    public func responseRate(_ workspaceID: UUID, _ filter: ScoreFilter) async throws -> ResponseRate {
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
            let name: String = switch column {
            case .day: "day"
            case .touchpoint: "touchpoint_key"
            case .survey: "survey_id"
            case .brand: useFacets ? "value" : "brand_key"
            case .channel: useFacets ? "value" : "channel"
            case .segment: useFacets ? "value" : "segment"
            case .attribute: "value"
            }
            names.append(name)
            query = query.column(SQLColumn(name))
        }
        query = query.columns(ScoreAggregates.summedTally)
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
                case "day": return String(try row.decode(column: name, as: Int.self))
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
