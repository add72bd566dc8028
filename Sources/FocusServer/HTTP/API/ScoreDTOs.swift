import FocusCore
import Foundation

// The scores' wire format: every figure with its sample size and 95% interval.

struct IntervalDTO: Codable {
    let low: Double
    let high: Double
}

struct EstimateDTO: Codable {
    let value: Double?
    let n: Int
    let standardError: Double?
    let interval: IntervalDTO?

    enum CodingKeys: String, CodingKey {
        case value, n, interval
        case standardError = "standard_error"
    }

    init(_ e: ScoreEstimate) {
        value = e.value
        n = e.n
        standardError = e.standardError
        interval = e.interval.map { IntervalDTO(low: $0.low, high: $0.high) }
    }

    /// Without answers the value, error and interval are null, not left out.
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(value, forKey: .value)
        try c.encode(n, forKey: .n)
        try c.encode(standardError, forKey: .standardError)
        try c.encode(interval, forKey: .interval)
    }
}

struct ChangeDTO: Codable {
    let difference: Double
    let interval: IntervalDTO
    let pValue: Double
    let significant: Bool

    enum CodingKeys: String, CodingKey {
        case difference, interval, significant
        case pValue = "p_value"
    }

    init?(_ c: Comparison?) {
        guard let c else { return nil }
        difference = c.difference
        interval = IntervalDTO(low: c.interval.low, high: c.interval.high)
        pValue = c.pValue
        significant = c.significant
    }
}

struct PeriodDTO: Codable {
    let from: String
    let to: String

    init(_ p: Period) {
        from = p.start.iso
        to = p.lastDay.iso
    }
}

/// The three scores (and the low-effort share) of one tally.
struct ScoresDTO: Codable {
    let responses: Int
    let nps: EstimateDTO
    let csat: EstimateDTO
    let ces: EstimateDTO
    let lowEffort: EstimateDTO
    let distribution: DistributionDTO

    enum CodingKeys: String, CodingKey {
        case responses, nps, csat, ces, distribution
        case lowEffort = "low_effort"
    }

    init(_ t: ScoreTally) {
        responses = t.responses
        nps = EstimateDTO(t.npsEstimate)
        csat = EstimateDTO(t.csatEstimate)
        ces = EstimateDTO(t.cesEstimate)
        lowEffort = EstimateDTO(t.lowEffortEstimate)
        distribution = DistributionDTO(nps: t.nps, csat: t.csat, ces: t.ces)
    }
}

/// Answers at each point of each scale: nps[0] counts 0s, csat[0] counts 1s, ces[0] counts 1s.
struct DistributionDTO: Codable {
    let nps: [Int]
    let csat: [Int]
    let ces: [Int]
}

/// Each score's change from the previous period; null where either period lacks answers.
struct ChangesDTO: Codable {
    let nps: ChangeDTO?
    let csat: ChangeDTO?
    let ces: ChangeDTO?

    init(_ previous: ScoreTally, _ current: ScoreTally) {
        nps = ChangeDTO(previous.compare(.nps, to: current))
        csat = ChangeDTO(previous.compare(.csat, to: current))
        ces = ChangeDTO(previous.compare(.ces, to: current))
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(nps, forKey: .nps)
        try c.encode(csat, forKey: .csat)
        try c.encode(ces, forKey: .ces)
    }
}

struct ResponseRateDTO: Codable {
    let sent: Int
    let answered: Int
    let rate: EstimateDTO

    init(_ r: ResponseRate) {
        sent = r.sent
        answered = r.answered
        rate = EstimateDTO(r.rate)
    }
}

struct ScoreSummaryDTO: Codable {
    let period: PeriodDTO
    let previousPeriod: PeriodDTO
    let current: ScoresDTO
    let previous: ScoresDTO
    let changes: ChangesDTO
    let responseRate: ResponseRateDTO?

    enum CodingKeys: String, CodingKey {
        case period, current, previous, changes
        case previousPeriod = "previous_period"
        case responseRate = "response_rate"
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(period, forKey: .period)
        try c.encode(previousPeriod, forKey: .previousPeriod)
        try c.encode(current, forKey: .current)
        try c.encode(previous, forKey: .previous)
        try c.encode(changes, forKey: .changes)
        try c.encode(responseRate, forKey: .responseRate)
    }
}

struct TrendPointDTO: Codable {
    let period: PeriodDTO
    let label: String
    let responses: Int
    let estimate: EstimateDTO
    let change: ChangeDTO?

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(period, forKey: .period)
        try c.encode(label, forKey: .label)
        try c.encode(responses, forKey: .responses)
        try c.encode(estimate, forKey: .estimate)
        try c.encode(change, forKey: .change)
    }
}

struct TrendDTO: Codable {
    let score: String
    let granularity: String
    let points: [TrendPointDTO]

    init(_ trend: Trend) {
        score = trend.score.rawValue
        granularity = trend.granularity.rawValue
        points = trend.points.map {
            TrendPointDTO(period: PeriodDTO($0.period), label: $0.label, responses: $0.tally.responses,
                          estimate: EstimateDTO($0.estimate), change: ChangeDTO($0.change))
        }
    }
}

struct ScoreGroupDTO: Codable {
    let key: String
    let label: String
    let current: ScoresDTO
    let previous: ScoresDTO
    let changes: ChangesDTO

    init(_ g: ScoreGroup) {
        key = g.key
        label = g.label
        current = ScoresDTO(g.current)
        previous = ScoresDTO(g.previous)
        changes = ChangesDTO(g.previous, g.current)
    }
}

struct BreakdownDTO: Codable {
    let by: String
    let period: PeriodDTO
    let previousPeriod: PeriodDTO
    let groups: [ScoreGroupDTO]

    enum CodingKeys: String, CodingKey {
        case by, period, groups
        case previousPeriod = "previous_period"
    }
}
