import FocusCore
import Foundation

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
