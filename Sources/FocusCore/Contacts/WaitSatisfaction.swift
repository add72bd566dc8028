/// Satisfaction against the wait: the responses that name the contact they are about (the
/// survey after a call or a chat), grouped by how long the customer waited before someone
/// answered. Each band carries the full score tally, so its CSAT, NPS and CES come with their
/// intervals, and the shortest and longest waits can be tested against each other.
public struct WaitSatisfaction: Sendable, Equatable {
    /// Upper edges of the bands in seconds: under 1 minute, 1–3, 3–5, 5–10, 10 minutes or more.
    public static let edges: [Double] = [60, 180, 300, 600]

    public struct Band: Sendable, Equatable {
        public let index: Int
        public let fromSeconds: Double
        /// Nil for the last, open band.
        public let toSeconds: Double?
        public var tally: ScoreTally

        public var label: String {
            func minutes(_ s: Double) -> String { String(Int(s / 60)) }
            switch (fromSeconds, toSeconds) {
            case (0, let to?): return "under \(minutes(to)) min"
            case (let from, let to?): return "\(minutes(from))–\(minutes(to)) min"
            case (let from, nil): return "\(minutes(from)) min or more"
            }
        }
    }

    public private(set) var bands: [Band]

    public init() {
        let lows = [0] + Self.edges
        bands = lows.indices.map { i in
            Band(index: i, fromSeconds: lows[i], toSeconds: i < Self.edges.count ? Self.edges[i] : nil, tally: ScoreTally())
        }
    }

    /// The band of a wait: the first whose upper edge is above it (a wait on an edge goes up).
    public static func band(ofWait seconds: Double) -> Int {
        edges.firstIndex { seconds < $0 } ?? edges.count
    }

    /// Counts `count` responses with these answers in a band.
    public mutating func add(band: Int, nps: Int?, csat: Int?, ces: Int?, count: Int = 1) {
        guard bands.indices.contains(band) else { return }
        bands[band].tally.add(nps: nps, csat: csat, ces: ces, times: count)
    }

    /// Responses in all bands.
    public var responses: Int { bands.reduce(0) { $0 + $1.tally.responses } }

    /// The score with the most answers (CSAT before NPS before CES on a tie), or nil without answers.
    public var mainScore: Score? {
        let total = bands.reduce(ScoreTally()) { $0 + $1.tally }
        return [Score.csat, .nps, .ces].filter { total.answers($0) > 0 }.max { total.answers($0) < total.answers($1) }
    }

    /// Answers a band needs to be compared: fewer make an interval too wide to say anything (and
    /// the normal approximation behind the tests unreliable).
    public static let minimumAnswers = 30

    /// The shortest-wait band with at least `minimumAnswers` answers to `score` against the
    /// longest-wait such band: the change from the first to the second, its interval and whether
    /// it is significant. Nil with fewer than two such bands.
    public func shortestAgainstLongest(_ score: Score, minimumAnswers: Int = Self.minimumAnswers, alpha: Double = 0.05)
        -> (short: Band, long: Band, comparison: Comparison)? {
        let answered = bands.filter { $0.tally.answers(score) >= max(1, minimumAnswers) }
        guard let short = answered.first, let long = answered.last, short.index != long.index,
              let comparison = short.tally.compare(score, to: long.tally, alpha: alpha)
        else { return nil }
        return (short, long, comparison)
    }
}
