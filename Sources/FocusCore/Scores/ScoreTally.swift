/// How many answers a set of responses gave at each point of the three headline scales:
/// everything the scores, their intervals and their comparisons need, in whole numbers.
///
/// Tallies add up exactly, so a day's tally can be kept up to date as responses arrive,
/// summed over any period or group, and rebuilt from the raw rows to the same numbers.
public struct ScoreTally: Sendable, Equatable, Hashable {
    /// Responses counted, whatever they answered.
    public var responses: Int = 0
    /// Answers 0…10 to the NPS question.
    public var nps: [Int] = Array(repeating: 0, count: 11)
    /// Answers 1…5 to the CSAT question, at index answer − 1.
    public var csat: [Int] = Array(repeating: 0, count: 5)
    /// Answers 1…7 to the CES question (1 very easy, 7 very difficult), at index answer − 1.
    public var ces: [Int] = Array(repeating: 0, count: 7)

    public init() {}

    public init(responses: Int, nps: [Int], csat: [Int], ces: [Int]) {
        precondition(nps.count == 11 && csat.count == 5 && ces.count == 7, "tally scales have 11, 5 and 7 points")
        self.responses = responses
        self.nps = nps
        self.csat = csat
        self.ces = ces
    }

    /// Counts one response (or `count` alike); answers outside their scale are not counted (they cannot be stored).
    public mutating func add(nps: Int?, csat: Int?, ces: Int?, times count: Int = 1) {
        responses += count
        if let nps, (0...10).contains(nps) { self.nps[nps] += count }
        if let csat, (1...5).contains(csat) { self.csat[csat - 1] += count }
        if let ces, (1...7).contains(ces) { self.ces[ces - 1] += count }
    }

    public static func += (a: inout ScoreTally, b: ScoreTally) {
        a.responses += b.responses
        for i in 0..<11 { a.nps[i] += b.nps[i] }
        for i in 0..<5 { a.csat[i] += b.csat[i] }
        for i in 0..<7 { a.ces[i] += b.ces[i] }
    }

    public static func + (a: ScoreTally, b: ScoreTally) -> ScoreTally {
        var sum = a
        sum += b
        return sum
    }

    public var isEmpty: Bool { responses == 0 }

    // MARK: the groups the scores are made of

    /// Promoters answer 9 or 10, passives 7 or 8, detractors 0 to 6.
    public var promoters: Int { nps[9] + nps[10] }
    public var passives: Int { nps[7] + nps[8] }
    public var detractors: Int { nps[0...6].reduce(0, +) }
    public var npsAnswers: Int { nps.reduce(0, +) }

    /// Satisfied: 4 or 5 on the 1–5 scale.
    public var satisfied: Int { csat[3] + csat[4] }
    public var csatAnswers: Int { csat.reduce(0, +) }

    /// Low effort: 1 to 3 on the 1–7 scale, the easy side of its midpoint.
    public var lowEffort: Int { ces[0] + ces[1] + ces[2] }
    public var cesAnswers: Int { ces.reduce(0, +) }
    public var cesSum: Double { Double(ces.enumerated().reduce(0) { $0 + ($1.offset + 1) * $1.element }) }
    public var cesSumOfSquares: Double { Double(ces.enumerated().reduce(0) { $0 + ($1.offset + 1) * ($1.offset + 1) * $1.element }) }

    // MARK: the scores

    /// NPS in points, −100 to 100.
    public var npsEstimate: ScoreEstimate { ScoreStatistics.nps(promoters: promoters, passives: passives, detractors: detractors) }
    /// CSAT: the share satisfied, in percent.
    public var csatEstimate: ScoreEstimate { ScoreStatistics.share(satisfied, of: csatAnswers) }
    /// CES: the mean effort, 1 to 7 (lower is better).
    public var cesEstimate: ScoreEstimate { ScoreStatistics.mean(n: cesAnswers, sum: cesSum, sumOfSquares: cesSumOfSquares) }
    /// The share of low-effort answers, in percent.
    public var lowEffortEstimate: ScoreEstimate { ScoreStatistics.share(lowEffort, of: cesAnswers) }

    public func estimate(_ score: Score) -> ScoreEstimate {
        switch score {
        case .nps: npsEstimate
        case .csat: csatEstimate
        case .ces: cesEstimate
        }
    }

    /// Whether `later` differs significantly from this tally on the score; nil when either side lacks answers.
    public func compare(_ score: Score, to later: ScoreTally, alpha: Double = 0.05) -> Comparison? {
        switch score {
        case .nps:
            ScoreStatistics.compareNPS((promoters, passives, detractors), (later.promoters, later.passives, later.detractors), alpha: alpha)
        case .csat:
            ScoreStatistics.compareShares((satisfied, csatAnswers), (later.satisfied, later.csatAnswers), alpha: alpha)
        case .ces:
            ScoreStatistics.compareMeans((cesAnswers, cesSum, cesSumOfSquares), (later.cesAnswers, later.cesSum, later.cesSumOfSquares), alpha: alpha)
        }
    }

    public func answers(_ score: Score) -> Int {
        switch score {
        case .nps: npsAnswers
        case .csat: csatAnswers
        case .ces: cesAnswers
        }
    }
}

/// The three headline scores.
public enum Score: String, Sendable, CaseIterable, Codable {
    case nps, csat, ces

    public var title: String {
        switch self {
        case .nps: "NPS"
        case .csat: "CSAT"
        case .ces: "CES"
        }
    }

    public var unit: String {
        switch self {
        case .nps: "NPS points"
        case .csat: "% satisfied"
        case .ces: "mean effort (1 easy – 7 hard)"
        }
    }

    /// Whether a higher value is better (effort is better low).
    public var higherIsBetter: Bool { self != .ces }

    /// The range the score can take, for charts.
    public var range: ClosedRange<Double> {
        switch self {
        case .nps: -100...100
        case .csat: 0...100
        case .ces: 1...7
        }
    }
}
