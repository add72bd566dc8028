import FocusCore
import Foundation
import Testing

/// Key-driver analysis against reference values computed independently by
/// `scripts/reference/driver_reference.py` (NumPy: every order of the drivers for the Shapley values,
/// fresh regressions for each R², `eigh` for the relative weights), stored in `Data/`, for a data set
/// with moderately and one with strongly correlated drivers, each with missing answers treated
/// pairwise and listwise; and against cases worked out by hand.
@Suite("Key drivers: Shapley values, relative weights and coefficients against a reference")
struct KeyDriverTests {
    struct Reference: Decodable {
        let n: Int?
        let correlations: [Double]
        let beta: [Double]
        let r2: Double
        let shapley: [Double]
        let relative_weights: [Double]
    }

    static let data = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Data")

    /// The rows of a reference data set (outcome first), as the sums the analysis reads.
    static func moments(_ name: String) throws -> (DriverMoments, rows: [[Int?]]) {
        let text = try String(contentsOf: data.appendingPathComponent("drivers-\(name).csv"), encoding: .utf8)
        let lines = text.split(separator: "\n").dropFirst()
        let rows = lines.map { line in line.split(separator: ",", omittingEmptySubsequences: false).map { Int($0) } }
        var moments = DriverMoments(count: rows[0].count)
        for row in rows { moments.add(row) }
        return (moments, rows)
    }

    static func expectClose(_ a: [Double], _ b: [Double], _ what: String, tolerance: Double = 1e-6) {
        #expect(a.count == b.count, "\(what): as many values")
        for (i, (x, y)) in zip(a, b).enumerated() {
            #expect(abs(x - y) <= tolerance, "\(what)[\(i)]: \(x) against the reference's \(y)")
        }
    }

    @Test("each data set and each way of treating missing answers matches the reference to 1e-6",
          arguments: ["moderate", "correlated"], MissingAnswers.allCases)
    func reference(name: String, missing: MissingAnswers) throws {
        // setup
        let all = try JSONDecoder().decode([String: [String: Reference]].self,
                                           from: Data(contentsOf: Self.data.appendingPathComponent("drivers-reference.json")))
        let expected = try #require(all[name]?[missing.rawValue])
        let (moments, _) = try Self.moments(name)
        let drivers = Array(1..<moments.count)

        // MUT
        let result = try KeyDriverAnalysis.analyse(moments, outcome: 0, drivers: drivers, missing: missing).get()

        // validate
        #expect(result.drivers.count == drivers.count && result.excluded.isEmpty)
        if let n = expected.n { #expect(result.n == n, "complete responses") }
        Self.expectClose(result.drivers.map(\.correlation), expected.correlations, "correlations")
        Self.expectClose(result.drivers.map { $0.beta ?? .nan }, expected.beta, "beta")
        Self.expectClose([result.r2], [expected.r2], "R²")
        Self.expectClose(result.drivers.map { $0.shapley ?? .nan }, expected.shapley, "Shapley")
        Self.expectClose(result.drivers.map(\.relativeWeight), expected.relative_weights, "relative weights")
    }

    @Test("uncorrelated drivers each get their own r²; a duplicated driver shares its part equally")
    func byHand() throws {
        // Uncorrelated drivers with r = 0.5 and 0.3: R² = 0.25 + 0.09 and each Shapley value is its r².
        let independent = RelativeImportance.shapley(r: [0.5, 0.3], rxx: [1, 0, 0, 1])
        Self.expectClose(independent, [0.25, 0.09], "uncorrelated", tolerance: 1e-12)
        // The same driver twice (r = 0.6, correlation 1 between the copies): R² stays 0.36, split 0.18/0.18,
        // and the coefficients do not exist.
        let twice = RelativeImportance.shapley(r: [0.6, 0.6], rxx: [1, 1, 1, 1])
        Self.expectClose(twice, [0.18, 0.18], "duplicated", tolerance: 1e-12)
        #expect(RelativeImportance.standardisedCoefficients(r: [0.6, 0.6], rxx: [1, 1, 1, 1]) == nil)
        // Two drivers correlated 0.5 with r = 0.6 and 0.4: R² = (0.36 + 0.16 − 2·0.5·0.6·0.4)/(1 − 0.25) = 0.37333…;
        // alone they explain 0.36 and 0.16, so driver 1 gets (0.36 + (0.37333 − 0.16))/2 = 0.28667, driver 2 0.08667.
        let pair = RelativeImportance.shapley(r: [0.6, 0.4], rxx: [1, 0.5, 0.5, 1])
        Self.expectClose(pair, [0.28 / 0.75 / 2 + 0.36 / 2 - 0.16 / 2, 0.28 / 0.75 / 2 - 0.36 / 2 + 0.16 / 2], "pair", tolerance: 1e-12)
    }

    @Test("a driver with no spread is left out and named; too few responses are refused")
    func degenerate() {
        var moments = DriverMoments(count: 3)
        for k in 0..<40 { moments.add([k % 11, k % 5 + 1, 3]) }
        guard case .success(let result) = KeyDriverAnalysis.analyse(moments, outcome: 0, drivers: [1, 2], missing: .pairwise) else {
            Issue.record("the analysis should go ahead without the constant driver")
            return
        }
        #expect(result.excluded == [1] && result.drivers.map(\.driver) == [0])
        var few = DriverMoments(count: 2)
        for k in 0..<5 { few.add([k, k % 3]) }
        #expect(KeyDriverAnalysis.analyse(few, outcome: 0, drivers: [1], missing: .listwise) == .failure(.tooFewResponses(5)))
    }

    @Test("sums kept before a question was added line up with the new list of questions")
    func mapped() {
        var before = DriverMoments(count: 2)
        before.add([9, 4])
        var after = DriverMoments(count: 3)
        after.add([10, 5, 2])
        let total = before.mapped(from: ["nps", "speed"], to: ["nps", "speed", "price"]) + after
        #expect(total.single(0) == (n: 2, sum: 19, squares: 181))
        #expect(total.single(2) == (n: 1, sum: 2, squares: 4))
        #expect(total.complete == 1, "only the response that answered all three is complete")
    }

    @Test("bootstrap intervals hold the estimate, keep the strongest driver above the weakest, and repeat for a seed")
    func bootstrap() throws {
        // setup: the reference rows in 40 groups, as the server keeps them by day
        let (moments, rows) = try Self.moments("moderate")
        var groups = Array(repeating: DriverMoments(count: moments.count), count: 40)
        for (i, row) in rows.enumerated() { groups[i % 40].add(row) }
        let drivers = Array(1..<moments.count)
        let point = try KeyDriverAnalysis.analyse(moments, outcome: 0, drivers: drivers, missing: .pairwise).get()

        // MUT
        let first = KeyDriverAnalysis.bootstrap(point, groups: groups, outcome: 0, drivers: drivers, replicates: 200, seed: 7)
        let again = KeyDriverAnalysis.bootstrap(point, groups: groups, outcome: 0, drivers: drivers, replicates: 200, seed: 7)

        // validate
        #expect(first == again)
        #expect(first.replicates == 200)
        for d in first.drivers {
            let interval = try #require(d.shapleyInterval)
            #expect(interval.low <= d.shapley! && d.shapley! <= interval.high)
            #expect(interval.high - interval.low < 0.2)
        }
        // The strongest planted driver's interval lies above the weakest's.
        #expect(first.drivers[0].shapleyInterval!.low > first.drivers[4].shapleyInterval!.high)
    }

    @Test("sums survive being stored as bytes; damaged bytes are refused")
    func encoding() throws {
        let (moments, _) = try Self.moments("correlated")
        let bytes = moments.encoded()
        #expect(try DriverMoments(decoding: bytes) == moments)
        #expect(throws: DriverMoments.DecodingError.self) { try DriverMoments(decoding: bytes.dropLast()) }
        #expect(throws: DriverMoments.DecodingError.self) { try DriverMoments(decoding: [UInt8(9)] + bytes.dropFirst()) }
    }

    @Test("quadrants split at the mean importance and performance; the gain to the best competitor uses the slope")
    func quadrants() {
        // Importance shares 0.5, 0.3, 0.1, 0.1 (cut 0.25); means on 1–5 of 3, 4.6, 2, 4.2 are 50, 90, 25, 80 % (cut 61.25 %).
        let priorities = ImportancePerformance.priorities(
            shares: [0.5, 0.3, 0.1, 0.1], means: [3, 4.6, 2, 4.2], scales: Array(repeating: 1...5, count: 4),
            slopes: [0.8, 0.5, 0.2, 0.1], bestCompetitorMeans: [3.5, nil, nil, 4.0])
        let byDriver = Dictionary(uniqueKeysWithValues: priorities.map { ($0.driver, $0) })
        #expect(byDriver[0]?.quadrant == .concentrateHere && byDriver[1]?.quadrant == .keepUpTheGoodWork)
        #expect(byDriver[2]?.quadrant == .lowPriority && byDriver[3]?.quadrant == .possibleOverkill)
        #expect(abs((byDriver[0]?.gainToBestCompetitor ?? 0) - 0.4) < 1e-12, "0.8 per point × 0.5 points")
        #expect(byDriver[3]?.gainToBestCompetitor == nil, "the competitor rates it lower")
        #expect(priorities.map(\.driver) == [0, 1, 2, 3], "concentrate here first, then by gain")
    }

    @Test("a competitor's lead on a question is significant when Welch's test says so")
    func brandGap() throws {
        // Own: 100 answers, mean 3.0, sd ≈ 1; competitor: 100 answers, mean 3.5, sd ≈ 1.
        // SE = √(1/100 + 1/100) ≈ 0.1414, t ≈ −3.54: significant at 5 %.
        let own = BrandAnswers(n: 100, sum: 300, squares: 100 * 9 + 99)
        let rival = BrandAnswers(n: 100, sum: 350, squares: 100 * 12 + 25 + 99)
        let gaps = BrandBenchmark.gaps([own, rival], own: 0)
        let gap = try #require(gaps.first)
        #expect(gap.competitor == 1 && abs(gap.comparison.difference + 0.5) < 1e-12)
        #expect(gap.competitorLeads)
        #expect(BrandBenchmark.ranking([own, rival, BrandAnswers(n: 0, sum: 0, squares: 0)]) == [1, 0, 2])
    }
}
