import RealModule

/// A closed range of plausible values, `low ≤ high`, in the units of what it is an interval of.
public struct Interval: Sendable, Equatable, Codable {
    public let low: Double
    public let high: Double

    public init(low: Double, high: Double) {
        self.low = low
        self.high = high
    }
}

/// A score with its sample size, standard error and confidence interval (95% unless asked otherwise).
///
/// Units: NPS in points (−100…100), shares in percent (0…100), means in the units of the scale.
/// `value`, `standardError` and `interval` are nil when there is nothing to estimate from (n == 0);
/// a mean of a single answer has a value but no standard error or interval.
public struct ScoreEstimate: Sendable, Equatable {
    public let value: Double?
    public let n: Int
    public let standardError: Double?
    public let interval: Interval?

    public init(value: Double?, n: Int, standardError: Double?, interval: Interval?) {
        self.value = value
        self.n = n
        self.standardError = standardError
        self.interval = interval
    }

    static func empty(n: Int) -> ScoreEstimate {
        ScoreEstimate(value: nil, n: n, standardError: nil, interval: nil)
    }
}

/// Point estimates and confidence intervals of the headline scores, from counts and sums.
///
/// Every method takes aggregates (counts, sums), never raw answers, so a score over millions of
/// responses costs the same as over ten. Counts must not be negative: they come from tallies,
/// and a negative count is a programming error, which stops the program (`precondition`).
/// References for every method are in `ScoreStatisticsTests`, computed independently by
/// `scripts/reference/score_reference.py`.
public enum ScoreStatistics {
    /// Net Promoter Score = % promoters − % detractors, in points, with an adjusted Wald interval.
    ///
    /// The NPS is a difference of two proportions from one multinomial sample, so its variance is
    /// (p_P + p_D − (p_P − p_D)²) / n. A plain Wald interval built from it collapses to zero width when
    /// everybody gives the same answer (one promoter: "100, from 100 to 100"), which is dishonest.
    /// Rocks (2016), "Interval estimation for the 'Net Promoter Score'", The American Statistician 70(4),
    /// found the adjusted Wald interval among the best in coverage: add pseudo-observations — ¾ promoter,
    /// 1½ passive, ¾ detractor, so n + 3 — then build the Wald interval around the adjusted score
    /// (the defaults of Rocks's R package NPS, `nps_test(test = "adjusted.wald")`; Lewis & Sauro,
    /// MeasuringU 2021, describe the same recipe). The reported `value` stays the plain NPS and
    /// `standardError` is the adjusted one; the interval is clamped to −100…100.
    ///
    /// Because the interval is centred on the adjusted score it is pulled towards 0 for very small
    /// samples and need not contain the plain value: one promoter gives 100 with the interval
    /// −48.5…98.5. From a few dozen answers on the difference is negligible.
    public static func nps(promoters: Int, passives: Int, detractors: Int, confidence: Double = 0.95) -> ScoreEstimate {
        precondition(promoters >= 0 && passives >= 0 && detractors >= 0, "counts cannot be negative")
        let n = promoters + passives + detractors
        guard n > 0 else { return .empty(n: n) }
        let plain = Double(promoters - detractors) / Double(n)
        let adjusted = AdjustedNPS(promoters: promoters, passives: passives, detractors: detractors)
        let z = zCritical(confidence: confidence)
        let low = max(-1, adjusted.score - z * adjusted.standardError)
        let high = min(1, adjusted.score + z * adjusted.standardError)
        return ScoreEstimate(
            value: 100 * plain, n: n, standardError: 100 * adjusted.standardError,
            interval: Interval(low: 100 * low, high: 100 * high)
        )
    }

    /// A share (CSAT = share answering 4–5; the share of low-effort answers) in percent, with the
    /// Wilson score interval without continuity correction (Wilson 1927, "Probable inference, the law
    /// of succession, and statistical inference", JASA 22; recommended by Newcombe 1998 and by
    /// Brown, Cai & DasGupta 2001). Unlike the Wald interval it never collapses at 0% or 100% and
    /// stays inside 0…100.
    ///
    /// `standardError` is the Wilson interval's half-width divided by z,
    /// √(p(1 − p)/n + z²/4n²) / (1 + z²/n), so it is positive at 0% and 100% too; it therefore
    /// depends slightly on `confidence`.
    public static func share(_ successes: Int, of n: Int, confidence: Double = 0.95) -> ScoreEstimate {
        precondition(successes >= 0 && successes <= n, "successes must be between 0 and n")
        guard n > 0 else { return .empty(n: n) }
        let z = zCritical(confidence: confidence)
        let wilson = WilsonInterval(successes: successes, n: n, z: z)
        return ScoreEstimate(
            value: 100 * wilson.proportion, n: n, standardError: 100 * wilson.halfWidth / z,
            interval: Interval(low: 100 * wilson.low, high: 100 * wilson.high)
        )
    }

    /// A mean (CES 1–7, a driver rating) from the number of answers, their sum and their sum of squares,
    /// with the Student t interval: mean ± t(1 − α/2, n − 1) · s/√n, s the sample standard deviation
    /// (Student 1908).
    ///
    /// One answer has a mean but no spread to estimate, so `standardError` and `interval` are nil.
    /// When every answer is the same the standard error is 0 and so is the interval's width: the t method
    /// has nothing else to say, and the share of low-effort answers is the score to watch then.
    public static func mean(n: Int, sum: Double, sumOfSquares: Double, confidence: Double = 0.95) -> ScoreEstimate {
        precondition(n >= 0, "n cannot be negative")
        guard n > 0 else { return .empty(n: n) }
        let mean = sum / Double(n)
        guard n > 1 else { return ScoreEstimate(value: mean, n: n, standardError: nil, interval: nil) }
        let standardError = (sampleVariance(n: n, sum: sum, sumOfSquares: sumOfSquares) / Double(n)).squareRoot()
        let t = tCritical(confidence: confidence, degreesOfFreedom: Double(n - 1))
        return ScoreEstimate(
            value: mean, n: n, standardError: standardError,
            interval: Interval(low: mean - t * standardError, high: mean + t * standardError)
        )
    }

    // MARK: shared pieces

    /// The sample variance Σ(x − x̄)² / (n − 1) from sums, for n ≥ 2.
    ///
    /// Σx² − x̄·Σx is formed with one fused multiply-add (a single rounding), and a tiny negative result —
    /// cancellation when all answers are (nearly) equal — is taken as 0.
    static func sampleVariance(n: Int, sum: Double, sumOfSquares: Double) -> Double {
        let mean = sum / Double(n)
        let squares = sumOfSquares.addingProduct(-mean, sum)
        return max(0, squares) / Double(n - 1)
    }

    /// z with P(Z > z) = (1 − confidence) / 2, from the upper tail directly so 99.9999% keeps its digits.
    static func zCritical(confidence: Double) -> Double {
        precondition(confidence > 0 && confidence < 1, "confidence must be between 0 and 1")
        return -Distributions.normalQuantile((1 - confidence) / 2)
    }

    /// t with P(T > t) = (1 − confidence) / 2 for the degrees of freedom.
    static func tCritical(confidence: Double, degreesOfFreedom: Double) -> Double {
        precondition(confidence > 0 && confidence < 1, "confidence must be between 0 and 1")
        return -Distributions.studentTQuantile((1 - confidence) / 2, degreesOfFreedom: degreesOfFreedom)
    }
}

/// The adjusted Wald ingredients of one NPS sample (Rocks 2016): the counts plus ¾ promoter,
/// 1½ passive and ¾ detractor, as proportions of n + 3. Scores here are fractions (−1…1).
struct AdjustedNPS {
    let score: Double
    /// Variance of one answer's score (+1, 0, −1): p_P + p_D − (p_P − p_D)².
    let unitVariance: Double
    let adjustedN: Double

    init(promoters: Int, passives: Int, detractors: Int) {
        let n = Double(promoters + passives + detractors) + 3
        let p = (Double(promoters) + 0.75) / n
        let d = (Double(detractors) + 0.75) / n
        score = p - d
        unitVariance = p + d - score * score
        adjustedN = n
    }

    var standardError: Double { (unitVariance / adjustedN).squareRoot() }
}

/// The Wilson score interval for a proportion (Wilson 1927), as fractions 0…1:
/// (p + z²/2n ± z·√(p(1 − p)/n + z²/4n²)) / (1 + z²/n).
struct WilsonInterval {
    let proportion: Double
    let center: Double
    let halfWidth: Double

    init(successes: Int, n: Int, z: Double) {
        let count = Double(n)
        let p = Double(successes) / count
        let z2 = z * z
        let denominator = 1 + z2 / count
        proportion = p
        center = (p + z2 / (2 * count)) / denominator
        halfWidth = z / denominator * (p * (1 - p) / count + z2 / (4 * count * count)).squareRoot()
    }

    /// Clamped because at 0 and 1 the exact bound is 0 (or 1) but rounding may land a hair outside.
    var low: Double { max(0, center - halfWidth) }
    var high: Double { min(1, center + halfWidth) }
}
