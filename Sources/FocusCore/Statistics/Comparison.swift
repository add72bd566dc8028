import RealModule

/// How a score changed from group `a` to group `b` (b is the later period, or the group compared):
/// the difference b − a, its confidence interval at level 1 − alpha, and a two-sided p-value.
public struct Comparison: Sendable, Equatable {
    /// b − a, in the units of the estimates (NPS points, percent points, scale units).
    public let difference: Double
    /// Interval of the difference at confidence 1 − `alpha`.
    public let interval: Interval
    /// Two-sided p-value of "no difference".
    public let pValue: Double
    /// The significance level the comparison was made at.
    public let alpha: Double

    public init(difference: Double, interval: Interval, pValue: Double, alpha: Double) {
        self.difference = difference
        self.interval = interval
        self.pValue = pValue
        self.alpha = alpha
    }

    /// Whether the difference is significant at `alpha`.
    public var significant: Bool { pValue < alpha }
}

extension ScoreStatistics {
    /// NPS of b minus NPS of a, in points; nil when either group has no answers.
    ///
    /// The two-sample adjusted Wald test (Rocks 2016, the two-sample form of `nps`): each group gets the
    /// pseudo-observations ¾ promoter, 1½ passive, ¾ detractor; the adjusted difference D′ = NPS′_b − NPS′_a
    /// has SE = √(Var′_a / (n_a + 3) + Var′_b / (n_b + 3)); z = D′ / SE gives the two-sided p-value and
    /// D′ ± z(1 − α/2)·SE the interval (clamped to −200…200). So `significant` holds exactly when the
    /// interval excludes 0.
    ///
    /// Why adjusted rather than plain variances: with plain ones, one promoter against one detractor has
    /// SE = 0 and would be "certainly" different (p = 0). Adjusted, it gives p ≈ 0.35; identical groups
    /// (all promoters on both sides included) give D′ = 0 and p = 1. `difference` is still the plain
    /// NPS_b − NPS_a, what a reader subtracts by eye; for small groups the interval, centred on D′, is
    /// pulled towards 0 and may not contain it.
    public static func compareNPS(
        _ a: (promoters: Int, passives: Int, detractors: Int),
        _ b: (promoters: Int, passives: Int, detractors: Int),
        alpha: Double = 0.05
    ) -> Comparison? {
        precondition(min(a.promoters, a.passives, a.detractors, b.promoters, b.passives, b.detractors) >= 0, "counts cannot be negative")
        let nA = a.promoters + a.passives + a.detractors
        let nB = b.promoters + b.passives + b.detractors
        guard nA > 0, nB > 0 else { return nil }
        let plain = Double(b.promoters - b.detractors) / Double(nB) - Double(a.promoters - a.detractors) / Double(nA)
        let adjustedA = AdjustedNPS(promoters: a.promoters, passives: a.passives, detractors: a.detractors)
        let adjustedB = AdjustedNPS(promoters: b.promoters, passives: b.passives, detractors: b.detractors)
        let adjustedDifference = adjustedB.score - adjustedA.score
        // Adjusted variances are positive (every category has at least ¾ of an answer), so se > 0.
        let se = (adjustedA.unitVariance / adjustedA.adjustedN + adjustedB.unitVariance / adjustedB.adjustedN).squareRoot()
        let z = zCritical(confidence: 1 - alpha)
        return Comparison(
            difference: 100 * plain,
            interval: Interval(
                low: 100 * max(-2, adjustedDifference - z * se),
                high: 100 * min(2, adjustedDifference + z * se)
            ),
            pValue: normalTwoSided(adjustedDifference, se),
            alpha: alpha
        )
    }

    /// Share of b minus share of a, in percent points; nil when either group has no answers.
    ///
    /// p-value: the two-proportion z-test with the pooled standard error √(p̄(1 − p̄)(1/n_a + 1/n_b)),
    /// the textbook test of equal proportions (equivalent to Pearson's χ² on the 2×2 table).
    /// Interval: Newcombe's hybrid score interval (Newcombe 1998, "Interval estimation for the difference
    /// between independent proportions", Statistics in Medicine 17, method 10), built from the two
    /// Wilson intervals: D − √((p_b − l_b)² + (u_a − p_a)²) to D + √((u_b − p_b)² + (p_a − l_a)²).
    /// It behaves well at 0% and 100%, where the Wald interval collapses. The test and the interval are
    /// different methods, so in rare borderline cases `significant` and "interval excludes 0" can disagree.
    public static func compareShares(_ a: (successes: Int, n: Int), _ b: (successes: Int, n: Int), alpha: Double = 0.05) -> Comparison? {
        precondition(a.successes >= 0 && a.successes <= a.n && b.successes >= 0 && b.successes <= b.n, "successes must be between 0 and n")
        guard a.n > 0, b.n > 0 else { return nil }
        let z = zCritical(confidence: 1 - alpha)
        let wilsonA = WilsonInterval(successes: a.successes, n: a.n, z: z)
        let wilsonB = WilsonInterval(successes: b.successes, n: b.n, z: z)
        let difference = wilsonB.proportion - wilsonA.proportion
        let below = Double.hypot(wilsonB.proportion - wilsonB.low, wilsonA.high - wilsonA.proportion)
        let above = Double.hypot(wilsonB.high - wilsonB.proportion, wilsonA.proportion - wilsonA.low)

        let pooled = Double(a.successes + b.successes) / Double(a.n + b.n)
        let pooledSE = (pooled * (1 - pooled) * (1 / Double(a.n) + 1 / Double(b.n))).squareRoot()
        return Comparison(
            difference: 100 * difference,
            interval: Interval(low: 100 * (difference - below), high: 100 * (difference + above)),
            pValue: normalTwoSided(difference, pooledSE),
            alpha: alpha
        )
    }

    /// Mean of b minus mean of a, in scale units; nil when either group has fewer than two answers
    /// (a single answer has no spread to test against).
    ///
    /// Welch's t-test (Welch 1947, "The generalization of 'Student's' problem when several different
    /// population variances are involved", Biometrika 34), which does not assume equal variances:
    /// SE = √(s²_a/n_a + s²_b/n_b), degrees of freedom by Welch–Satterthwaite
    /// SE⁴ / ((s²_a/n_a)²/(n_a − 1) + (s²_b/n_b)²/(n_b − 1)), two-sided p from t = D / SE, and
    /// D ± t(1 − α/2, df)·SE as the interval.
    ///
    /// When neither group varies at all (SE = 0) the t statistic is 0/0 or infinite: equal means give
    /// p = 1, different means p = 0, and the interval is the single point D.
    public static func compareMeans(
        _ a: (n: Int, sum: Double, sumOfSquares: Double),
        _ b: (n: Int, sum: Double, sumOfSquares: Double),
        alpha: Double = 0.05
    ) -> Comparison? {
        guard a.n >= 2, b.n >= 2 else { return nil }
        let difference = b.sum / Double(b.n) - a.sum / Double(a.n)
        let shareA = sampleVariance(n: a.n, sum: a.sum, sumOfSquares: a.sumOfSquares) / Double(a.n)
        let shareB = sampleVariance(n: b.n, sum: b.sum, sumOfSquares: b.sumOfSquares) / Double(b.n)
        let variance = shareA + shareB
        guard variance > 0 else {
            return Comparison(
                difference: difference, interval: Interval(low: difference, high: difference),
                pValue: difference == 0 ? 1 : 0, alpha: alpha
            )
        }
        let se = variance.squareRoot()
        let df = variance * variance / (shareA * shareA / Double(a.n - 1) + shareB * shareB / Double(b.n - 1))
        let t = tCritical(confidence: 1 - alpha, degreesOfFreedom: df)
        return Comparison(
            difference: difference,
            interval: Interval(low: difference - t * se, high: difference + t * se),
            pValue: 2 * Distributions.studentTCDF(-abs(difference / se), degreesOfFreedom: df),
            alpha: alpha
        )
    }

    /// Two-sided normal p-value of an estimate over its standard error, from the lower tail directly
    /// (2·Φ(−|z|)) so very small p-values keep their digits. No spread and no difference: p = 1.
    static func normalTwoSided(_ estimate: Double, _ se: Double) -> Double {
        guard se > 0 else { return estimate == 0 ? 1 : 0 }
        return 2 * Distributions.normalCDF(-abs(estimate / se))
    }
}
