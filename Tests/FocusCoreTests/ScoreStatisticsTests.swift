import FocusCore
import Foundation
import Testing

/// The score statistics against values computed independently of the Swift code:
///
/// - `Data/score-reference.json`, written by `scripts/reference/score_reference.py` (SciPy's distributions,
///   the interval formulas written out from the papers, means and variances in exact fractions);
/// - published values (Newcombe 1998's worked examples) and small cases worked by hand below.
///
/// Tolerance: estimates, intervals and differences agree with the reference to 1e-9, relative to the size of
/// the expected value once it exceeds 1 and absolute below (so 1e-9 points of NPS, 1e-7 points at ±100);
/// p-values and distribution values to 1e-9 and 1e-10 relative, so tail probabilities like 1e-53 are checked
/// digit for digit rather than passing as "close to 0". The implementation reaches about 1e-13; the slack
/// is for SciPy's own last digits. Hand-worked values are printed to 4–7 significant digits and checked to that.
@Suite("Score statistics")
struct ScoreStatisticsTests {
    // MARK: - against the reference file

    @Test("the reference file is complete")
    func referenceIsComplete() throws {
        let reference = try Reference.load()
        let estimates = reference.nps.count + reference.share.count + reference.mean.count
        let comparisons = reference.compareNPS.count + reference.compareShares.count + reference.compareMeans.count
        #expect(estimates >= 30)
        #expect(comparisons >= 25)
        #expect(reference.studentTCDF.count >= 90)
        #expect(reference.studentTQuantile.count >= 100)
    }

    @Test("normal CDF and quantile agree with SciPy")
    func normal() throws {
        let reference = try Reference.load()
        for point in reference.normalCDF {
            let x = try #require(point.x)
            let actual = Distributions.normalCDF(x)
            #expect(relativelyClose(actual, point.expected, 1e-10), "Φ(\(x)) = \(actual), expected \(point.expected)")
        }
        for point in reference.normalQuantile {
            let p = try #require(point.p)
            let actual = Distributions.normalQuantile(p)
            #expect(relativelyClose(actual, point.expected, 1e-10), "Φ⁻¹(\(p)) = \(actual), expected \(point.expected)")
        }
    }

    @Test("Student t CDF and quantile agree with SciPy from 1 to 10 million degrees of freedom")
    func studentT() throws {
        let reference = try Reference.load()
        for point in reference.studentTCDF {
            let (t, df) = (try #require(point.t), try #require(point.df))
            let actual = Distributions.studentTCDF(t, degreesOfFreedom: df)
            #expect(relativelyClose(actual, point.expected, 1e-10), "T_\(df)(\(t)) = \(actual), expected \(point.expected)")
        }
        for point in reference.studentTQuantile {
            let (p, df) = (try #require(point.p), try #require(point.df))
            let actual = Distributions.studentTQuantile(p, degreesOfFreedom: df)
            #expect(relativelyClose(actual, point.expected, 1e-10), "T_\(df)⁻¹(\(p)) = \(actual), expected \(point.expected)")
        }
    }

    @Test("NPS estimates agree with the reference")
    func npsEstimates() throws {
        for c in try Reference.load().nps {
            let actual = ScoreStatistics.nps(promoters: c.promoters, passives: c.passives, detractors: c.detractors, confidence: c.confidence)
            check(actual, c.expected, c.name)
        }
    }

    @Test("share estimates agree with the reference")
    func shareEstimates() throws {
        for c in try Reference.load().share {
            check(ScoreStatistics.share(c.successes, of: c.n, confidence: c.confidence), c.expected, c.name)
        }
    }

    @Test("mean estimates agree with the reference")
    func meanEstimates() throws {
        for c in try Reference.load().mean {
            check(ScoreStatistics.mean(n: c.n, sum: c.sum, sumOfSquares: c.sumOfSquares, confidence: c.confidence), c.expected, c.name)
        }
    }

    @Test("NPS comparisons agree with the reference")
    func npsComparisons() throws {
        for c in try Reference.load().compareNPS {
            let actual = ScoreStatistics.compareNPS(
                (c.a.promoters, c.a.passives, c.a.detractors), (c.b.promoters, c.b.passives, c.b.detractors), alpha: c.alpha
            )
            check(actual, c.expected, c.name)
        }
    }

    @Test("share comparisons agree with the reference")
    func shareComparisons() throws {
        for c in try Reference.load().compareShares {
            check(ScoreStatistics.compareShares((c.a.successes, c.a.n), (c.b.successes, c.b.n), alpha: c.alpha), c.expected, c.name)
        }
    }

    @Test("mean comparisons (Welch) agree with the reference")
    func meanComparisons() throws {
        for c in try Reference.load().compareMeans {
            let actual = ScoreStatistics.compareMeans(
                (c.a.n, c.a.sum, c.a.sumOfSquares), (c.b.n, c.b.sum, c.b.sumOfSquares), alpha: c.alpha
            )
            check(actual, c.expected, c.name)
        }
    }

    // MARK: - worked by hand

    @Test("NPS worked by hand")
    func npsByHand() throws {
        // 50 promoters, 30 passives, 20 detractors: 50% − 20% = 30 points.
        // Adjusted (Rocks 2016): n' = 103, p' = 50.75/103, d' = 20.75/103, NPS' = 30/103 = 0.291262;
        // Var' = 71.5/103 − (30/103)² = 0.694175 − 0.084834 = 0.609341; SE = √(0.609341/103) = 0.0769151;
        // 95%: 0.291262 ± 1.959964 × 0.0769151 = 0.291262 ± 0.150751 → 14.0511 … 44.2013 points.
        let typical = ScoreStatistics.nps(promoters: 50, passives: 30, detractors: 20)
        #expect(typical.value == 30)
        #expect(typical.n == 100)
        #expect(abs(try #require(typical.standardError) - 7.69151) < 1e-5)
        let interval = try #require(typical.interval)
        #expect(abs(interval.low - 14.0511) < 1e-4)
        #expect(abs(interval.high - 44.2013) < 1e-4)

        // One promoter: NPS 100. n' = 4, p' = 1.75/4, d' = 0.75/4, NPS' = 0.25, Var' = 0.625 − 0.0625 = 0.5625,
        // SE = √(0.5625/4) = 0.375; 0.25 ± 1.959964 × 0.375 = 0.25 ± 0.734986 → −48.4986 … 98.4986:
        // wide, as one answer deserves, not the zero-width 100…100 of the plain Wald interval.
        let one = ScoreStatistics.nps(promoters: 1, passives: 0, detractors: 0)
        #expect(one.value == 100)
        #expect(one.standardError == 37.5)
        let wide = try #require(one.interval)
        #expect(abs(wide.low - -48.4986) < 1e-4)
        #expect(abs(wide.high - 98.4986) < 1e-4)
    }

    @Test("Wilson intervals match Newcombe's published examples")
    func wilsonPublished() throws {
        // Newcombe (1998), "Two-sided confidence intervals for the single proportion", Table I, method 3
        // (score interval without continuity correction), to four decimals as published.
        let published: [(Int, Int, Double, Double)] = [
            (81, 263, 0.2553, 0.3662), (15, 148, 0.0624, 0.1605), (0, 20, 0, 0.1611), (1, 29, 0.0061, 0.1718), (29, 29, 0.8830, 1),
        ]
        for (x, n, low, high) in published {
            let interval = try #require(ScoreStatistics.share(x, of: n).interval)
            #expect(abs(interval.low / 100 - low) < 5e-5, "\(x)/\(n) low \(interval.low)")
            #expect(abs(interval.high / 100 - high) < 5e-5, "\(x)/\(n) high \(interval.high)")
        }
        // 8 of 10: p = 0.8, z² = 3.841459, 1 + z²/n = 1.384146; centre (0.8 + 0.192073)/1.384146 = 0.716740;
        // half-width 1.959964/1.384146 × √(0.016 + 0.009604) = 1.416010 × 0.160011 = 0.226578 → 49.016 … 94.332.
        let eight = try #require(ScoreStatistics.share(8, of: 10).interval)
        #expect(abs(eight.low - 49.016) < 1e-3)
        #expect(abs(eight.high - 94.332) < 1e-3)
    }

    @Test("Newcombe hybrid intervals match his published examples")
    func newcombePublished() throws {
        // Newcombe (1998), "Interval estimation for the difference between independent proportions",
        // Table II, method 10; his θ = p₁ − p₂ is our b − a.
        let published: [(a: (Int, Int), b: (Int, Int), low: Double, high: Double)] = [
            ((48, 80), (56, 70), 0.0524, 0.3339),
            ((3, 10), (9, 10), 0.1705, 0.8090),
            ((0, 29), (5, 56), -0.0381, 0.1926),
            ((0, 20), (0, 10), -0.1611, 0.2775),
            ((0, 10), (10, 10), 0.6075, 1.0000),
        ]
        for example in published {
            let comparison = try #require(ScoreStatistics.compareShares(example.a, example.b))
            #expect(abs(comparison.interval.low / 100 - example.low) < 5e-5, "\(example) low \(comparison.interval.low)")
            #expect(abs(comparison.interval.high / 100 - example.high) < 5e-5, "\(example) high \(comparison.interval.high)")
        }
    }

    @Test("mean and t interval worked by hand")
    func meanByHand() throws {
        // Answers 1, 2, 3, 4, 5: n = 5, Σx = 15, Σx² = 55; mean 3; s² = (55 − 15²/5)/4 = 2.5;
        // SE = √(2.5/5) = 0.7071068; t(0.975, 4) = 2.776445; 3 ± 1.963243 → 1.036757 … 4.963243.
        let estimate = ScoreStatistics.mean(n: 5, sum: 15, sumOfSquares: 55)
        #expect(estimate.value == 3)
        #expect(abs(try #require(estimate.standardError) - 0.7071068) < 1e-7)
        let interval = try #require(estimate.interval)
        #expect(abs(interval.low - 1.036757) < 1e-6)
        #expect(abs(interval.high - 4.963243) < 1e-6)

        // A single answer has a mean and nothing else.
        let single = ScoreStatistics.mean(n: 1, sum: 6, sumOfSquares: 36)
        #expect(single == ScoreEstimate(value: 6, n: 1, standardError: nil, interval: nil))
        // Thirty equal answers: Σx² − (Σx)²/n = 1470 − 210²/30 = 0; rounding must not make it negative (NaN).
        let flat = ScoreStatistics.mean(n: 30, sum: 210, sumOfSquares: 1470)
        #expect(flat.standardError == 0)
        #expect(flat.interval == Interval(low: 7, high: 7))
        // 0.1 is not exact in binary: Σx² − (Σx)²/n comes out a hair from 0, never below it.
        let tenths = ScoreStatistics.mean(n: 3, sum: 0.1 + 0.1 + 0.1, sumOfSquares: 0.01 + 0.01 + 0.01)
        #expect(try #require(tenths.standardError) >= 0)
        #expect(try #require(tenths.standardError) < 1e-8)
    }

    @Test("distribution values known in closed form")
    func closedForms() {
        // z(0.975) to 16 digits; t with 1 df is Cauchy: F(t) = 1/2 + atan(t)/π, so F(1) = 3/4 and
        // t(0.975) = tan(0.475π) = 12.706204736174707; t with 2 df: F(t) = 1/2 + t / (2√(2 + t²)), so
        // F(1) = 1/2 + 1/(2√3) = 0.7886751345948129 and t(0.975) = 0.95/√(2 × 0.975 × 0.025) = 4.302652729749464.
        #expect(abs(Distributions.normalQuantile(0.975) - 1.959963984540054) < 1e-15)
        #expect(abs(Distributions.studentTCDF(1, degreesOfFreedom: 1) - 0.75) < 1e-15)
        #expect(abs(Distributions.studentTQuantile(0.975, degreesOfFreedom: 1) - 12.706204736174707) < 1e-12)
        #expect(abs(Distributions.studentTCDF(1, degreesOfFreedom: 2) - 0.7886751345948129) < 1e-15)
        #expect(abs(Distributions.studentTQuantile(0.975, degreesOfFreedom: 2) - 4.302652729749464) < 1e-13)
        #expect(Distributions.normalQuantile(0.5) == 0)
        #expect(Distributions.studentTQuantile(0.5, degreesOfFreedom: 7) == 0)
        #expect(Distributions.normalQuantile(1.5).isNaN)
        #expect(Distributions.studentTQuantile(1, degreesOfFreedom: 3) == .infinity)
    }

    @Test("the spring drop in CSAT is significant, worked by hand")
    func springDrop() throws {
        // 80% of 3000 satisfied, then 62% of 3000: difference −18 points. Pooled p = 4260/6000 = 0.71;
        // SE = √(0.71 × 0.29 × 2/3000) = √0.000137267 = 0.0117161; z = −0.18/0.0117161 = −15.3635,
        // two-sided p = 2Φ(−15.36) ≈ 2.9e-53.
        let drop = try #require(ScoreStatistics.compareShares((2400, 3000), (1860, 3000)))
        #expect(abs(drop.difference - -18) < 1e-9)
        #expect(drop.significant)
        #expect(drop.pValue > 1e-54 && drop.pValue < 1e-52)
        #expect(drop.interval.high < -15 && drop.interval.low > -21)
    }

    // MARK: - properties

    @Test("nothing to estimate or compare gives nil")
    func empty() {
        #expect(ScoreStatistics.nps(promoters: 0, passives: 0, detractors: 0) == ScoreEstimate(value: nil, n: 0, standardError: nil, interval: nil))
        #expect(ScoreStatistics.share(0, of: 0).value == nil)
        #expect(ScoreStatistics.mean(n: 0, sum: 0, sumOfSquares: 0).value == nil)
        #expect(ScoreStatistics.compareNPS((0, 0, 0), (1, 0, 0)) == nil)
        #expect(ScoreStatistics.compareNPS((1, 0, 0), (0, 0, 0)) == nil)
        #expect(ScoreStatistics.compareShares((0, 0), (1, 2)) == nil)
        #expect(ScoreStatistics.compareMeans((1, 5, 25), (3, 12, 50)) == nil)
        #expect(ScoreStatistics.compareMeans((3, 12, 50), (1, 5, 25)) == nil)
    }

    @Test("swapping the groups negates the difference and keeps the p-value")
    func symmetry() throws {
        let pairs: [((Int, Int, Int), (Int, Int, Int))] = [((400, 350, 250), (430, 340, 230)), ((1, 0, 0), (0, 3, 2))]
        for (a, b) in pairs {
            let forward = try #require(ScoreStatistics.compareNPS(a, b))
            let backward = try #require(ScoreStatistics.compareNPS(b, a))
            expectMirrored(forward, backward)
        }
        expectMirrored(
            try #require(ScoreStatistics.compareShares((3, 12), (9, 14))), try #require(ScoreStatistics.compareShares((9, 14), (3, 12)))
        )
        expectMirrored(
            try #require(ScoreStatistics.compareMeans((5, 15, 55), (3, 15, 83))), try #require(ScoreStatistics.compareMeans((3, 15, 83), (5, 15, 55)))
        )
    }

    @Test("for NPS and means, significant exactly when the interval excludes 0")
    func significanceMatchesInterval() throws {
        let reference = try Reference.load()
        var comparisons: [Comparison] = []
        for c in reference.compareNPS {
            if let comparison = ScoreStatistics.compareNPS((c.a.promoters, c.a.passives, c.a.detractors), (c.b.promoters, c.b.passives, c.b.detractors), alpha: c.alpha) {
                comparisons.append(comparison)
            }
        }
        for c in reference.compareMeans {
            if let comparison = ScoreStatistics.compareMeans((c.a.n, c.a.sum, c.a.sumOfSquares), (c.b.n, c.b.sum, c.b.sumOfSquares), alpha: c.alpha) {
                comparisons.append(comparison)
            }
        }
        #expect(comparisons.count >= 12)
        #expect(comparisons.contains { $0.significant } && comparisons.contains { !$0.significant })
        for comparison in comparisons where comparison.interval.low != comparison.interval.high {
            let excludesZero = comparison.interval.low > 0 || comparison.interval.high < 0
            #expect(comparison.significant == excludesZero, "\(comparison)")
        }
    }

    @Test("intervals stay in range and narrow as answers grow")
    func intervalsBehave() throws {
        var previousNPS = Double.infinity
        var previousShare = Double.infinity
        for scale in [1, 10, 100, 1_000, 10_000] {
            let nps = try #require(ScoreStatistics.nps(promoters: 6 * scale, passives: 3 * scale, detractors: scale).interval)
            #expect(nps.low >= -100 && nps.high <= 100 && nps.low < nps.high)
            #expect(nps.high - nps.low < previousNPS)
            previousNPS = nps.high - nps.low

            let estimate = ScoreStatistics.share(9 * scale, of: 10 * scale)
            let share = try #require(estimate.interval)
            let value = try #require(estimate.value)
            #expect(share.low >= 0 && share.high <= 100 && share.low < value && value < share.high)
            #expect(share.high - share.low < previousShare)
            previousShare = share.high - share.low
        }
    }

    @Test("quantiles invert the CDFs")
    func roundTrip() {
        for p in [0.6, 0.9, 0.975, 0.999, 0.9999995] {
            #expect(relativelyClose(Distributions.normalCDF(Distributions.normalQuantile(p)), p, 1e-14))
            for df in [1.0, 2.5, 17, 4_000, 1e7] {
                let t = Distributions.studentTQuantile(p, degreesOfFreedom: df)
                #expect(relativelyClose(Distributions.studentTCDF(t, degreesOfFreedom: df), p, 1e-14), "df \(df), p \(p)")
                // Lower tail, computed directly: P(T ≤ −t) = 1 − p.
                #expect(relativelyClose(Distributions.studentTCDF(-t, degreesOfFreedom: df), 1 - p, 1e-9), "df \(df), p \(p)")
            }
        }
    }

    // MARK: - helpers

    private func check(_ actual: ScoreEstimate, _ expected: Reference.Estimate, _ name: String) {
        #expect(actual.n == expected.n, "\(name): n")
        #expect(close(actual.value, expected.value), "\(name): value \(String(describing: actual.value)), expected \(String(describing: expected.value))")
        #expect(
            close(actual.standardError, expected.standardError),
            "\(name): standard error \(String(describing: actual.standardError)), expected \(String(describing: expected.standardError))"
        )
        #expect(close(actual.interval?.low, expected.low), "\(name): low \(String(describing: actual.interval)), expected \(String(describing: expected.low))")
        #expect(close(actual.interval?.high, expected.high), "\(name): high \(String(describing: actual.interval)), expected \(String(describing: expected.high))")
    }

    private func check(_ actual: Comparison?, _ expected: Reference.Outcome?, _ name: String) {
        guard let expected else {
            #expect(actual == nil, "\(name): expected no comparison")
            return
        }
        guard let actual else {
            Issue.record("\(name): expected a comparison, got nil")
            return
        }
        #expect(close(actual.difference, expected.difference), "\(name): difference \(actual.difference), expected \(expected.difference)")
        #expect(close(actual.interval.low, expected.low), "\(name): low \(actual.interval.low), expected \(expected.low)")
        #expect(close(actual.interval.high, expected.high), "\(name): high \(actual.interval.high), expected \(expected.high)")
        #expect(relativelyClose(actual.pValue, expected.pValue, 1e-9), "\(name): p \(actual.pValue), expected \(expected.pValue)")
        #expect(actual.significant == expected.significant, "\(name): significant")
    }

    private func expectMirrored(_ forward: Comparison, _ backward: Comparison) {
        #expect(close(forward.difference, -backward.difference))
        #expect(close(forward.interval.low, -backward.interval.high))
        #expect(close(forward.interval.high, -backward.interval.low))
        #expect(relativelyClose(forward.pValue, backward.pValue, 1e-12))
    }
}

/// Both nil, or both present and within 1e-9 (relative once |expected| > 1, absolute below).
private func close(_ actual: Double?, _ expected: Double?) -> Bool {
    switch (actual, expected) {
    case (nil, nil): true
    case let (actual?, expected?): abs(actual - expected) <= 1e-9 * max(1, abs(expected))
    default: false
    }
}

/// Within `tolerance` relative to the expected value; an expected 0 must be exactly 0.
private func relativelyClose(_ actual: Double, _ expected: Double, _ tolerance: Double) -> Bool {
    if expected == 0 { return actual == 0 }
    return abs(actual - expected) <= tolerance * abs(expected)
}

/// The shape of `Data/score-reference.json` (see `scripts/reference/score_reference.py`).
private struct Reference: Decodable {
    struct Point: Decodable {
        let x: Double?
        let p: Double?
        let t: Double?
        let df: Double?
        let expected: Double
    }

    struct Estimate: Decodable {
        let value: Double?
        let n: Int
        let standardError: Double?
        let low: Double?
        let high: Double?
    }

    struct NPSCase: Decodable {
        let name: String
        let promoters: Int
        let passives: Int
        let detractors: Int
        let confidence: Double
        let expected: Estimate
    }

    struct ShareCase: Decodable {
        let name: String
        let successes: Int
        let n: Int
        let confidence: Double
        let expected: Estimate
    }

    struct MeanCase: Decodable {
        let name: String
        let n: Int
        let sum: Double
        let sumOfSquares: Double
        let confidence: Double
        let expected: Estimate
    }

    struct NPSGroup: Decodable {
        let promoters: Int
        let passives: Int
        let detractors: Int
    }

    struct ShareGroup: Decodable {
        let successes: Int
        let n: Int
    }

    struct MeanGroup: Decodable {
        let n: Int
        let sum: Double
        let sumOfSquares: Double
    }

    struct Outcome: Decodable {
        let difference: Double
        let low: Double
        let high: Double
        let pValue: Double
        let significant: Bool
    }

    struct Pair<Group: Decodable>: Decodable {
        let name: String
        let a: Group
        let b: Group
        let alpha: Double
        let expected: Outcome?
    }

    let normalCDF: [Point]
    let normalQuantile: [Point]
    let studentTCDF: [Point]
    let studentTQuantile: [Point]
    let nps: [NPSCase]
    let share: [ShareCase]
    let mean: [MeanCase]
    let compareNPS: [Pair<NPSGroup>]
    let compareShares: [Pair<ShareGroup>]
    let compareMeans: [Pair<MeanGroup>]

    /// Found next to this source file, so no SwiftPM resources are needed.
    static func load() throws -> Reference {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Data/score-reference.json")
        return try JSONDecoder().decode(Reference.self, from: Data(contentsOf: url))
    }
}
