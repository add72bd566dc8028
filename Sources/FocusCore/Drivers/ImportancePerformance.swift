/// Where an attribute stands when its importance is set against how well it is rated.
public enum Quadrant: String, Sendable, Codable, CaseIterable {
    /// Important and rated below the others: fix first.
    case concentrateHere = "concentrate_here"
    /// Important and rated well: keep it so.
    case keepUpTheGoodWork = "keep_up_the_good_work"
    /// Less important and rated below the others.
    case lowPriority = "low_priority"
    /// Less important but rated well: effort that may be spent elsewhere.
    case possibleOverkill = "possible_overkill"

    public var label: String {
        switch self {
        case .concentrateHere: "Concentrate here"
        case .keepUpTheGoodWork: "Keep up the good work"
        case .lowPriority: "Low priority"
        case .possibleOverkill: "Possible overkill"
        }
    }
}

/// One attribute in the importance-performance matrix.
public struct AttributePriority: Sendable, Equatable {
    public let driver: Int
    /// Its share of the explained variance (0–1).
    public let importance: Double
    /// Its mean rating, as a percentage of its scale (0 the lowest point, 100 the highest).
    public let performance: Double
    public let quadrant: Quadrant
    /// The expected change in the outcome's mean if the attribute's mean rose by one scale point,
    /// the others staying as they are (the regression's slope, in outcome units); nil when the
    /// drivers are collinear.
    public let gainPerPoint: Double?
    /// The expected change if the attribute rose to the best competitor's mean (nil when no
    /// competitor rates higher, or no slope).
    public let gainToBestCompetitor: Double?
    /// A competitor rates it significantly higher: among the priorities that matter most.
    public let competitorLeads: Bool

    public init(driver: Int, importance: Double, performance: Double, quadrant: Quadrant, gainPerPoint: Double?, gainToBestCompetitor: Double?,
                competitorLeads: Bool = false) {
        self.competitorLeads = competitorLeads
        self.driver = driver
        self.importance = importance
        self.performance = performance
        self.quadrant = quadrant
        self.gainPerPoint = gainPerPoint
        self.gainToBestCompetitor = gainToBestCompetitor
    }
}

/// The importance-performance matrix and the improvement priorities it ranks.
public enum ImportancePerformance {
    /// Quadrants split at the mean importance and the mean performance of the attributes, so that
    /// each attribute is placed against the others. Priorities come ranked: attributes on which a
    /// competitor leads significantly first, then "concentrate here", then by the larger expected
    /// gain, then by importance.
    ///
    /// - Parameters:
    ///   - shares: each driver's share of R² (``KeyDriverResult/shares``).
    ///   - means, scales: each driver's mean rating and its scale.
    ///   - slopes: each driver's slope (β·sd(outcome)/sd(driver)), nil if not known.
    ///   - bestCompetitorMeans: per driver, the highest mean among competitors (nil: none higher or no benchmark).
    ///   - competitorLeads: per driver, whether a competitor rates significantly higher (empty: none).
    public static func priorities(shares: [Double], means: [Double], scales: [ClosedRange<Int>], slopes: [Double?],
                                  bestCompetitorMeans: [Double?], competitorLeads: [Bool] = []) -> [AttributePriority] {
        let m = shares.count
        guard m > 0 else { return [] }
        let performance = (0..<m).map { i in
            100 * (means[i] - Double(scales[i].lowerBound)) / Double(scales[i].upperBound - scales[i].lowerBound)
        }
        let importanceCut = shares.reduce(0, +) / Double(m)
        let performanceCut = performance.reduce(0, +) / Double(m)
        let items = (0..<m).map { i -> AttributePriority in
            let important = shares[i] >= importanceCut, good = performance[i] >= performanceCut
            let quadrant: Quadrant = important ? (good ? .keepUpTheGoodWork : .concentrateHere) : (good ? .possibleOverkill : .lowPriority)
            let toCompetitor: Double? = bestCompetitorMeans[i].flatMap { best in
                guard best > means[i], let slope = slopes[i] else { return nil }
                return slope * (best - means[i])
            }
            return AttributePriority(driver: i, importance: shares[i], performance: performance[i], quadrant: quadrant,
                                     gainPerPoint: slopes[i], gainToBestCompetitor: toCompetitor,
                                     competitorLeads: competitorLeads.indices.contains(i) && competitorLeads[i])
        }
        func gain(_ p: AttributePriority) -> Double { max(p.gainPerPoint ?? 0, p.gainToBestCompetitor ?? 0) }
        return items.sorted { a, b in
            if a.competitorLeads != b.competitorLeads { return a.competitorLeads }
            let fa = a.quadrant == .concentrateHere, fb = b.quadrant == .concentrateHere
            if fa != fb { return fa }
            if gain(a) != gain(b) { return gain(a) > gain(b) }
            return a.importance > b.importance
        }
    }
}
