/// The sums a driver analysis is computed from, for `count` variables whose answers are whole
/// numbers (an outcome such as the NPS rating, and the attribute ratings): kept exactly, added
/// one response at a time or one set of sums to another, so that an analysis never needs the
/// responses themselves.
///
/// Two kinds are kept side by side, so either way of handling missing answers can be chosen later:
/// - **pairwise**: for every pair of variables, over the responses that answered both, the count,
///   each one's sum and sum of squares, and the sum of their products;
/// - **listwise**: over the responses that answered every variable, the count, the sums and the
///   sums of products.
public struct DriverMoments: Sendable, Equatable {
    /// How many variables.
    public let count: Int
    /// Row-major `count × count`; entry `[i, j]` is over the responses that answered both i and j.
    public internal(set) var pairCount: [Int]
    /// `[i, j]`: the sum of i's answers.
    public internal(set) var pairSum: [Int]
    /// `[i, j]`: the sum of the squares of i's answers.
    public internal(set) var pairSquares: [Int]
    /// `[i, j]`: the sum of the products of i's and j's answers.
    public internal(set) var pairProducts: [Int]
    /// The responses that answered every variable.
    public internal(set) var complete: Int
    /// Per variable, over the complete responses: the sum of its answers.
    public internal(set) var completeSum: [Int]
    /// `[i, j]` over the complete responses: the sum of products (`[i, i]`: of squares).
    public internal(set) var completeProducts: [Int]

    public init(count: Int) {
        self.count = count
        pairCount = Array(repeating: 0, count: count * count)
        pairSum = pairCount
        pairSquares = pairCount
        pairProducts = pairCount
        complete = 0
        completeSum = Array(repeating: 0, count: count)
        completeProducts = pairCount
    }

    /// Adds one response's answers, `nil` where a variable was not answered.
    public mutating func add(_ values: [Int?]) {
        precondition(values.count == count, "one value per variable")
        var all = true
        for i in 0..<count {
            guard let x = values[i] else { all = false; continue }
            for j in 0..<count {
                guard let y = values[j] else { continue }
                let k = i * count + j
                pairCount[k] += 1
                pairSum[k] += x
                pairSquares[k] += x * x
                pairProducts[k] += x * y
            }
        }
        guard all else { return }
        complete += 1
        for i in 0..<count {
            let x = values[i]!
            completeSum[i] += x
            for j in 0..<count { completeProducts[i * count + j] += x * values[j]! }
        }
    }

    public static func += (a: inout DriverMoments, b: DriverMoments) {
        precondition(a.count == b.count, "the same variables")
        for k in 0..<a.pairCount.count {
            a.pairCount[k] += b.pairCount[k]
            a.pairSum[k] += b.pairSum[k]
            a.pairSquares[k] += b.pairSquares[k]
            a.pairProducts[k] += b.pairProducts[k]
            a.completeProducts[k] += b.completeProducts[k]
        }
        for i in 0..<a.count { a.completeSum[i] += b.completeSum[i] }
        a.complete += b.complete
    }

    public static func + (a: DriverMoments, b: DriverMoments) -> DriverMoments {
        var sum = a
        sum += b
        return sum
    }

    /// These sums over the variables `variables` (new names, in their order), given that these sums
    /// are over `from`: a variable missing from `from` counts as never answered, so the result adds up
    /// with sums kept before a question was added to a survey. Listwise sums survive only if `from`
    /// holds every variable (else none of their responses answered them all).
    public func mapped(from: [String], to variables: [String]) -> DriverMoments {
        precondition(from.count == count, "one name per variable")
        var result = DriverMoments(count: variables.count)
        let position = Dictionary(from.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let source = variables.map { position[$0] }
        for (i, si) in source.enumerated() {
            guard let si else { continue }
            for (j, sj) in source.enumerated() {
                guard let sj else { continue }
                let k = i * variables.count + j, l = si * count + sj
                result.pairCount[k] = pairCount[l]
                result.pairSum[k] = pairSum[l]
                result.pairSquares[k] = pairSquares[l]
                result.pairProducts[k] = pairProducts[l]
            }
        }
        if source.allSatisfy({ $0 != nil }) {
            result.complete = complete
            for (i, si) in source.enumerated() {
                result.completeSum[i] = completeSum[si!]
                for (j, sj) in source.enumerated() { result.completeProducts[i * variables.count + j] = completeProducts[si! * count + sj!] }
            }
        }
        return result
    }

    /// One variable's answers (all of them, whatever else was answered): count, sum, sum of squares.
    public func single(_ i: Int) -> (n: Int, sum: Int, squares: Int) {
        let k = i * count + i
        return (pairCount[k], pairSum[k], pairSquares[k])
    }
}
