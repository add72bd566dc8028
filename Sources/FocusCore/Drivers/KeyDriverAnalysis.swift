import Foundation

/// One driver's importance for an outcome, by every measure the analysis gives.
public struct DriverImportance: Sendable, Equatable {
    /// The driver's position in the list of drivers analysed.
    public let driver: Int
    /// Its plain correlation with the outcome.
    public let correlation: Double
    /// Its standardised regression coefficient with all drivers in the model (nil if they are collinear).
    public let beta: Double?
    /// Its Shapley value (LMG): its fair part of R² (nil beyond ``RelativeImportance/maxExactDrivers``).
    public let shapley: Double?
    /// Its relative weight (Johnson): the fast approximation of the same.
    public let relativeWeight: Double
    /// Bootstrap intervals (percentile), when asked for.
    public var shapleyInterval: Interval?
    public var relativeWeightInterval: Interval?

    /// The measure the analysis ranks by: the Shapley value where computed, else the relative weight.
    public var importance: Double { shapley ?? relativeWeight }
    public var importanceInterval: Interval? { shapley != nil ? shapleyInterval : relativeWeightInterval }
}

/// A key-driver analysis: how much of the outcome's variance the drivers explain together (R²),
/// and how that is split among them.
public struct KeyDriverResult: Sendable, Equatable {
    public let missing: MissingAnswers
    /// R² of all analysed drivers together.
    public let r2: Double
    /// Responses behind the analysis: the complete ones (listwise), or the fewest behind any one
    /// correlation (pairwise).
    public let n: Int
    /// The analysed drivers, in the order given.
    public var drivers: [DriverImportance]
    /// Drivers left out because their answers (or the outcome's, with them) do not vary.
    public let excluded: [Int]
    /// How many bootstrap samples the intervals come from (0: none).
    public var replicates = 0

    /// Each driver's share of R² (its importance / R²), in the order of `drivers`.
    public var shares: [Double] {
        let total = drivers.reduce(0) { $0 + $1.importance }
        return drivers.map { total > 0 ? $0.importance / total : 0 }
    }
}

public enum KeyDriverAnalysis {
    /// Why an analysis cannot be done.
    public enum Problem: Error, Equatable, Sendable {
        case tooFewResponses(Int)
        case noVariance
        case neverAnsweredTogether(Int, Int)
    }

    /// At least this many responses behind every correlation.
    public static let minimumResponses = 10

    /// The analysis of `outcome` on `drivers` (indices of the moments' variables).
    public static func analyse(_ moments: DriverMoments, outcome: Int, drivers: [Int],
                               missing: MissingAnswers, shapley: Bool = true) -> Result<KeyDriverResult, Problem> {
        analyse(moments.correlations(missing), outcome: outcome, drivers: drivers, missing: missing, shapley: shapley)
    }

    /// - Parameter shapley: whether to compute the Shapley values (2^m regressions); without them,
    ///   only the relative weights, coefficients and correlations.
    public static func analyse(_ c: Correlations, outcome: Int, drivers: [Int], missing: MissingAnswers,
                               shapley computeShapley: Bool = true) -> Result<KeyDriverResult, Problem> {
        let answered = drivers.map { c.n[outcome * c.count + $0] }.max() ?? 0
        guard answered >= minimumResponses else { return .failure(.tooFewResponses(answered)) }
        let usable = drivers.enumerated().filter { _, d in c[outcome, d].isFinite && c[d, d].isFinite }
        let excluded = drivers.indices.filter { i in !usable.contains { $0.offset == i } }
        guard !usable.isEmpty else { return .failure(.noVariance) }
        let m = usable.count
        var rxx = [Double](repeating: 0, count: m * m)
        var fewest = Int.max
        for (a, (ia, da)) in usable.enumerated() {
            fewest = min(fewest, c.n[outcome * c.count + da])
            for (b, (ib, db)) in usable.enumerated() {
                let value = c[da, db]
                guard value.isFinite else { return .failure(.neverAnsweredTogether(ia, ib)) }
                rxx[a * m + b] = value
                fewest = min(fewest, c.n[da * c.count + db])
            }
        }
        guard fewest >= minimumResponses else { return .failure(.tooFewResponses(fewest)) }
        let r = usable.map { c[outcome, $0.element] }
        let shapley = computeShapley && m <= RelativeImportance.maxExactDrivers ? RelativeImportance.shapley(r: r, rxx: rxx) : nil
        let weights = RelativeImportance.relativeWeights(r: r, rxx: rxx)
        let regression = RelativeImportance.standardisedCoefficients(r: r, rxx: rxx)
        let r2 = regression?.r2 ?? shapley?.reduce(0, +) ?? weights.reduce(0, +)
        let importances = usable.enumerated().map { a, item in
            DriverImportance(driver: item.offset, correlation: r[a], beta: regression?.beta[a], shapley: shapley?[a],
                             relativeWeight: weights[a])
        }
        return .success(KeyDriverResult(missing: missing, r2: r2, n: fewest, drivers: importances, excluded: excluded))
    }

    /// The most drivers for which each bootstrap sample recomputes the Shapley values (2^14 subsets
    /// per sample); beyond, samples compute the relative weights only, and only they get intervals.
    public static let bootstrapShapleyLimit = 14

    /// Adds percentile bootstrap intervals to `result`: the analysis is repeated on `replicates`
    /// samples, each drawn with replacement from `groups` (sums of disjoint sets of responses, such as
    /// a day's; their total is what `result` was computed from). The samples are shared out over
    /// `parts` threads, each with its own stream of random numbers: deterministic for a seed.
    public static func bootstrap(_ result: KeyDriverResult, groups: [DriverMoments], outcome: Int, drivers: [Int],
                                 replicates: Int, confidence: Double = 0.95, seed: UInt64 = 1, parts: Int = 2) -> KeyDriverResult {
        guard groups.count >= 2, replicates >= 10, let first = groups.first else { return result }
        let analysed = result.drivers.map { drivers[$0.driver] }
        let withShapley = result.drivers.first?.shapley != nil && analysed.count <= bootstrapShapleyLimit
        let parts = max(1, min(parts, replicates))
        let samples = SampleStore(parts: parts)
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            var random = SeededRandom(seed: seed).fork(UInt64(part))
            var shapley: [[Double]] = Array(repeating: [], count: analysed.count)
            var weights: [[Double]] = Array(repeating: [], count: analysed.count)
            let count = replicates / parts + (part < replicates % parts ? 1 : 0)
            for _ in 0..<count {
                var sample = DriverMoments(count: first.count)
                for _ in 0..<groups.count { sample += groups[Int(random.next() % UInt64(groups.count))] }
                guard case .success(let replicate) = analyse(sample, outcome: outcome, drivers: analysed, missing: result.missing,
                                                             shapley: withShapley),
                      replicate.drivers.count == analysed.count else { continue }
                for (i, d) in replicate.drivers.enumerated() {
                    if let s = d.shapley { shapley[i].append(s) }
                    weights[i].append(d.relativeWeight)
                }
            }
            samples.store(part, shapley: shapley, weights: weights)
        }
        var out = result
        let tail = (1 - confidence) / 2
        for i in out.drivers.indices {
            out.drivers[i].shapleyInterval = percentileInterval(samples.shapley.flatMap { $0[i] }, tail: tail)
            out.drivers[i].relativeWeightInterval = percentileInterval(samples.weights.flatMap { $0[i] }, tail: tail)
        }
        out.replicates = samples.weights.reduce(0) { $0 + ($1.first?.count ?? 0) }
        return out
    }

    /// Each thread's samples, in its own slot.
    private final class SampleStore: @unchecked Sendable {
        var shapley: [[[Double]]]
        var weights: [[[Double]]]
        private let lock = NSLock()

        init(parts: Int) {
            shapley = Array(repeating: [], count: parts)
            weights = Array(repeating: [], count: parts)
        }

        func store(_ part: Int, shapley s: [[Double]], weights w: [[Double]]) {
            lock.lock()
            defer { lock.unlock() }
            shapley[part] = s
            weights[part] = w
        }
    }

    /// The `tail` and `1 − tail` quantiles (linear between order statistics), nil for too few values.
    static func percentileInterval(_ values: [Double], tail: Double) -> Interval? {
        guard values.count >= 10 else { return nil }
        let sorted = values.sorted()
        func quantile(_ p: Double) -> Double {
            let h = p * Double(sorted.count - 1)
            let lo = Int(h.rounded(.down)), hi = min(lo + 1, sorted.count - 1)
            return sorted[lo] + (h - Double(lo)) * (sorted[hi] - sorted[lo])
        }
        return Interval(low: quantile(tail), high: quantile(1 - tail))
    }
}
