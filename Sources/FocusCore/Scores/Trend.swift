/// A score over time: one tally per bucket, and for each bucket whether it moved
/// significantly from the bucket before.
public struct Trend: Sendable {
    public struct Point: Sendable {
        public let period: Period
        public let label: String
        public let tally: ScoreTally
        public let estimate: ScoreEstimate
        /// Against the previous bucket with answers; nil for the first, or when either lacks answers.
        public let change: Comparison?
    }

    public let score: Score
    public let granularity: Granularity
    public let points: [Point]

    /// Groups daily tallies into buckets of the granularity over the period.
    /// - Parameter days: tallies keyed by day number (days since 1970); days outside the period are ignored.
    public init(score: Score, granularity: Granularity, period: Period, days: [Int: ScoreTally], alpha: Double = 0.05) {
        self.score = score
        self.granularity = granularity
        var points: [Point] = []
        var previous: ScoreTally?
        for bucket in granularity.buckets(period) {
            var tally = ScoreTally()
            for day in bucket.start.daysSinceEpoch..<bucket.end.daysSinceEpoch {
                if let t = days[day] { tally += t }
            }
            let change = previous.flatMap { $0.compare(score, to: tally, alpha: alpha) }
            points.append(Point(period: bucket, label: granularity.label(granularity.bucketStart(bucket.start)),
                                tally: tally, estimate: tally.estimate(score), change: change))
            if tally.answers(score) > 0 { previous = tally }
        }
        self.points = points
    }
}
