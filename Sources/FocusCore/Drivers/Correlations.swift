/// How answers left blank are treated.
public enum MissingAnswers: String, Sendable, Codable, CaseIterable {
    /// Each correlation over the responses that answered both of its variables.
    case pairwise
    /// Only responses that answered every variable.
    case listwise

    public var description: String {
        switch self {
        case .pairwise: "pairwise: each correlation uses every response that answered both of its questions"
        case .listwise: "listwise: only responses that answered every question are used"
        }
    }
}

/// Pearson correlations between variables, with the means and standard deviations they came from.
public struct Correlations: Sendable, Equatable {
    public let count: Int
    /// Row-major `count × count`; NaN where a variable has no spread (or too few answers).
    public let matrix: [Double]
    /// Responses behind each correlation, row-major like `matrix`.
    public let n: [Int]
    /// Per variable, over its own answers (pairwise) or the complete responses (listwise).
    public let means: [Double]
    public let standardDeviations: [Double]

    public subscript(i: Int, j: Int) -> Double { matrix[i * count + j] }

    public init(count: Int, matrix: [Double], n: [Int], means: [Double], standardDeviations: [Double]) {
        self.count = count
        self.matrix = matrix
        self.n = n
        self.means = means
        self.standardDeviations = standardDeviations
    }
}

extension DriverMoments {
    /// The correlation matrix, with missing answers handled as asked. Sums are exact whole numbers
    /// until the last division, so no cancellation creeps in however many responses there are.
    public func correlations(_ missing: MissingAnswers) -> Correlations {
        var matrix = Array(repeating: Double.nan, count: count * count)
        var n = Array(repeating: 0, count: count * count)
        var means = Array(repeating: Double.nan, count: count)
        var sds = Array(repeating: Double.nan, count: count)
        // n·Σx² − (Σx)², and n·Σxy − Σx·Σy, as exact integers (exact up to about 3·10⁸ answers of 0–10).
        func spread(_ n: Int, _ sum: Int, _ squares: Int) -> Double { Double(n * squares - sum * sum) }
        for i in 0..<count {
            let (ni, si, qi): (Int, Int, Int) = missing == .pairwise
                ? single(i) : (complete, completeSum[i], completeProducts[i * count + i])
            if ni > 0 { means[i] = Double(si) / Double(ni) }
            if ni > 1 { sds[i] = (spread(ni, si, qi) / Double(ni) / Double(ni - 1)).squareRoot() }
        }
        for i in 0..<count {
            for j in 0..<count {
                let k = i * count + j
                let nij: Int, sx: Int, sy: Int, qx: Int, qy: Int, p: Int
                switch missing {
                case .pairwise:
                    nij = pairCount[k]
                    sx = pairSum[k]; sy = pairSum[j * count + i]
                    qx = pairSquares[k]; qy = pairSquares[j * count + i]
                    p = pairProducts[k]
                case .listwise:
                    nij = complete
                    sx = completeSum[i]; sy = completeSum[j]
                    qx = completeProducts[i * count + i]; qy = completeProducts[j * count + j]
                    p = completeProducts[k]
                }
                n[k] = nij
                guard nij > 1 else { continue }
                let vx = spread(nij, sx, qx), vy = spread(nij, sy, qy)
                guard vx > 0, vy > 0 else { continue }
                matrix[k] = i == j ? 1 : Double(nij * p - sx * sy) / (vx * vy).squareRoot()
            }
        }
        return Correlations(count: count, matrix: matrix, n: n, means: means, standardDeviations: sds)
    }
}
