/// The answers of one brand's customers to one question: count, sum and sum of squares.
public struct BrandAnswers: Sendable, Equatable {
    public let n: Int
    public let sum: Int
    public let squares: Int

    public init(n: Int, sum: Int, squares: Int) {
        self.n = n
        self.sum = sum
        self.squares = squares
    }

    public var mean: Double? { n > 0 ? Double(sum) / Double(n) : nil }
}

/// The own brand against one competitor on one question.
public struct BrandGap: Sendable, Equatable {
    public let competitor: Int
    /// Own mean minus the competitor's (negative: the competitor leads).
    public let comparison: Comparison
    /// The competitor leads and the difference is significant.
    public var competitorLeads: Bool { comparison.significant && comparison.difference < 0 }
}

/// Competitor benchmarks: each question's mean per brand, the own brand against each competitor
/// (Welch's t-test and interval on the difference of means), and the ranking of the brands.
public enum BrandBenchmark {
    /// The own brand (`own`, an index into `brands`) against every other brand with answers.
    public static func gaps(_ brands: [BrandAnswers], own: Int, alpha: Double = 0.05) -> [BrandGap] {
        let a = brands[own]
        return brands.indices.compactMap { i in
            // compareMeans gives the second minus the first: own minus the competitor.
            guard i != own, let comparison = ScoreStatistics.compareMeans(
                (n: brands[i].n, sum: Double(brands[i].sum), sumOfSquares: Double(brands[i].squares)),
                (n: a.n, sum: Double(a.sum), sumOfSquares: Double(a.squares)), alpha: alpha)
            else { return nil }
            return BrandGap(competitor: i, comparison: comparison)
        }
    }

    /// Brand indices from the highest mean to the lowest (brands without answers last).
    public static func ranking(_ brands: [BrandAnswers]) -> [Int] {
        brands.indices.sorted { (brands[$0].mean ?? -.infinity) > (brands[$1].mean ?? -.infinity) }
    }
}
