/// The demo insurer's competitor benchmark: customers of each of the four brands rate their own
/// insurer, so that two things are true and can be found in the data:
///
/// - claims handling drives the benchmark's NPS most, then speed, friendliness and price;
/// - Northstar Insurance leads Harbour Mutual on claims handling, clearly (0.7 points on 1–5);
///   on every other attribute Harbour Mutual is at least level.
extension DemoInsurer {
    public struct DemoBenchmarkResponse: Sendable, Equatable {
        /// Index into ``DemoInsurer/brands``.
        public let brand: Int
        public let receivedAt: Double
        public let language: String
        public let answers: [String: Answer]
    }

    public static let benchmarkSurveyName = "How does your insurer compare? (competitor benchmark)"

    /// The planted weights of the benchmark's drivers on the NPS (per rating point).
    public static let benchmarkWeights: [(attribute: String, weight: Double)] = [
        ("claims", 0.95), ("speed", 0.70), ("friendliness", 0.40), ("price", 0.20),
    ]

    /// Mean ratings per brand (in ``brands`` order) and attribute.
    static let benchmarkMeans: [[String: Double]] = [
        ["claims": 3.5, "speed": 3.4, "friendliness": 3.8, "price": 3.3], // Harbour Mutual
        ["claims": 4.2, "speed": 3.3, "friendliness": 3.7, "price": 3.2], // Northstar: leads on claims
        ["claims": 3.3, "speed": 3.2, "friendliness": 3.6, "price": 3.1], // Bluewave
        ["claims": 3.2, "speed": 3.1, "friendliness": 3.4, "price": 3.2], // Keystone
    ]

    /// The competitor that leads, and on what.
    public static let benchmarkLeader = (brand: 1, attribute: "claims")

    /// One response in 40 of the demo's size per brand, at least 100, spread over the year.
    public var benchmarkResponses: [DemoBenchmarkResponse] {
        var random = SeededRandom(seed: options.seed).fork(7)
        let perBrand = max(100, options.responses / 40)
        let end = Double(options.asOf.daysSinceEpoch) * 86400
        var result: [DemoBenchmarkResponse] = []
        result.reserveCapacity(perBrand * brands.count)
        for index in 0..<(perBrand * brands.count) {
            let brand = index % brands.count
            let at = end - 365 * 86400 + (Double(index) + random.unit()) / Double(perBrand * brands.count) * 365 * 86400
            let general = random.normal(sd: 0.5)
            var answers: [String: Answer] = [:]
            var latent = 0.0
            for (attribute, weight) in Self.benchmarkWeights {
                let mean = Self.benchmarkMeans[brand][attribute]!
                let rating = Int((mean + general + random.normal(sd: 0.75)).rounded()).clamped(to: 1...5)
                latent += weight * (Double(rating) - 3.4)
                // One in twenty leaves an attribute out.
                if random.unit() >= 0.05 { answers[attribute] = .number(rating) }
            }
            answers["nps"] = .number(Int((7.2 + latent + random.normal(sd: 1.2)).rounded()).clamped(to: 0...10))
            result.append(DemoBenchmarkResponse(brand: brand, receivedAt: at, language: random.unit() < 0.8 ? "en" : "de", answers: answers))
        }
        return result
    }
}
