/// How much a theme moves the score: the score of the responses whose comment mentions it
/// against those whose comment does not, and what that costs the score of all of them.
///
/// The cost is the change in the overall score if the responses that mention the theme had
/// scored like the rest: share × (score with − score without), in the score's points (NPS points
/// or CSAT percent points). Its interval is the difference's interval times the share (the share
/// is taken as known). Negative costs are losses; themes are ranked by them, worst first.
public enum ThemeImpact {
    public struct Effect: Sendable, Equatable {
        /// Responses with a comment that mention the theme, and all responses with a comment.
        public let mentions: Int
        public let responses: Int
        public let withTheme: ScoreEstimate
        public let withoutTheme: ScoreEstimate
        /// Score with − score without, with its interval and p-value; nil when either side is empty.
        public let difference: Comparison?
        /// Points of the overall score the theme costs (negative) or earns (positive).
        public let points: Double?
        public let pointsInterval: Interval?
    }

    /// For NPS: the promoter, passive and detractor counts with the theme and over all responses.
    public static func nps(with: (promoters: Int, passives: Int, detractors: Int),
                           all: (promoters: Int, passives: Int, detractors: Int)) -> Effect {
        let without = (promoters: all.promoters - with.promoters, passives: all.passives - with.passives,
                       detractors: all.detractors - with.detractors)
        precondition(min(without.promoters, without.passives, without.detractors) >= 0, "the theme's counts exceed the totals")
        let mentions = with.promoters + with.passives + with.detractors
        let responses = all.promoters + all.passives + all.detractors
        let comparison = ScoreStatistics.compareNPS(without, with)
        return effect(mentions: mentions, responses: responses,
                      withTheme: ScoreStatistics.nps(promoters: with.promoters, passives: with.passives, detractors: with.detractors),
                      withoutTheme: ScoreStatistics.nps(promoters: without.promoters, passives: without.passives, detractors: without.detractors),
                      comparison: comparison)
    }

    /// For a share (CSAT): satisfied answers and answers, with the theme and over all responses.
    public static func share(with: (successes: Int, n: Int), all: (successes: Int, n: Int)) -> Effect {
        let without = (successes: all.successes - with.successes, n: all.n - with.n)
        precondition(without.successes >= 0 && without.n >= without.successes, "the theme's counts exceed the totals")
        return effect(mentions: with.n, responses: all.n, withTheme: ScoreStatistics.share(with.successes, of: with.n),
                      withoutTheme: ScoreStatistics.share(without.successes, of: without.n),
                      comparison: ScoreStatistics.compareShares(without, with))
    }

    private static func effect(mentions: Int, responses: Int, withTheme: ScoreEstimate, withoutTheme: ScoreEstimate,
                               comparison: Comparison?) -> Effect {
        let share = responses > 0 ? Double(mentions) / Double(responses) : 0
        return Effect(
            mentions: mentions, responses: responses, withTheme: withTheme, withoutTheme: withoutTheme, difference: comparison,
            points: comparison.map { share * $0.difference },
            pointsInterval: comparison.map { Interval(low: share * $0.interval.low, high: share * $0.interval.high) })
    }
}
