import FocusCore
import Foundation
import HTTPTypes

/// What drives a survey's outcome: the key-driver analysis over its attribute ratings, the
/// importance-performance matrix, and (for a benchmark survey) every question by brand.
public struct DriverReport: Sendable {
    public let survey: SurveyRecord
    public let outcome: Question
    /// The attribute ratings analysed, in the survey's order.
    public let drivers: [Question]
    public let period: Period
    /// Responses in the sums (before missing answers are set aside).
    public let responses: Int
    public let analysis: Result<KeyDriverResult, KeyDriverAnalysis.Problem>
    /// Per driver (in `drivers` order): its mean rating, as performance is measured.
    public let means: [Double?]
    /// Whose ratings the means are: the own brand's customers in a benchmark survey, else everyone's.
    public let performanceOf: String
    public let priorities: [AttributePriority]
    public let benchmark: BrandBenchmarkReport?
}

/// Every outcome and attribute of a benchmark survey by brand, the own brand against each competitor.
public struct BrandBenchmarkReport: Sendable {
    public struct Row: Sendable {
        public let question: Question
        /// Per brand, in `brands` order.
        public let answers: [BrandAnswers]
        public let gaps: [BrandGap]
        public let ranking: [Int]
    }
    public let brands: [BrandRecord]
    public let own: Int
    public let rows: [Row]
}

public struct DriverService: Sendable {
    let database: FocusDatabase
    let surveys: SurveyService
    let catalogue: CatalogueService

    /// Bootstrap samples behind the importance intervals.
    public static let replicates = 200
    /// Days with responses needed for intervals: the bootstrap draws whole days.
    public static let minimumDays = 10

    public func report(_ workspaceID: UUID, surveyID: UUID, filter: ScoreFilter, outcomeKey: String?, missing: MissingAnswers,
                       replicates: Int = replicates) async throws -> DriverReport {
        if filter.channel != nil { throw APIError(.badRequest, "driver analyses can be filtered by period, touchpoint, brand and segment, not by channel", field: "channel") }
        if filter.attribute != nil { throw APIError(.badRequest, "driver analyses can be filtered by period, touchpoint, brand and segment, not by attribute", field: "attribute") }
        let survey = try await surveys.get(workspaceID, id: surveyID)
        guard let questions = survey.definition.driverQuestions else {
            throw APIError(.unprocessableContent, "this survey has no attribute ratings and outcome (NPS, CSAT or CES) to analyse", field: "survey_id")
        }
        let outcomes = questions.filter { $0.kind != .rating }
        let outcome: Question
        if let outcomeKey {
            guard let found = outcomes.first(where: { $0.key == outcomeKey }) else {
                throw APIError(.badRequest, "must be one of this survey's outcome questions: \(outcomes.map(\.key).joined(separator: ", "))", field: "outcome")
            }
            outcome = found
        } else {
            outcome = outcomes[0]
        }
        let keys = questions.map(\.key)
        let outcomeIndex = keys.firstIndex(of: outcome.key)!
        let driverIndices = questions.indices.filter { questions[$0].kind == .rating }
        let rows = try await DriverAggregates.read(
            workspaceID, survey: survey.id, days: filter.period.start.daysSinceEpoch...filter.period.lastDay.daysSinceEpoch,
            touchpoints: filter.touchpointIDs, brand: nil, segment: filter.segment, variables: keys, on: database.sql)
        // The analysis: the chosen brand's responses, or all; one group per day for the bootstrap.
        var byDay: [Int: DriverMoments] = [:]
        var total = DriverMoments(count: keys.count)
        for row in rows where filter.brandID == nil || row.brand == filter.brandID {
            byDay[row.day, default: DriverMoments(count: keys.count)] += row.moments
            total += row.moments
        }
        var analysis = KeyDriverAnalysis.analyse(total, outcome: outcomeIndex, drivers: driverIndices, missing: missing)
        if case .success(let result) = analysis, byDay.count >= Self.minimumDays {
            let groups = byDay.sorted { $0.key < $1.key }.map(\.value)
            analysis = .success(KeyDriverAnalysis.bootstrap(result, groups: groups, outcome: outcomeIndex, drivers: driverIndices,
                                                            replicates: replicates))
        }
        let benchmark = survey.definition.asksBrand ? try await benchmark(workspaceID, questions: questions, rows: rows) : nil
        // Performance: the own brand's customers in a benchmark survey, else everyone analysed.
        var performance = total
        var performanceOf = "all responses analysed"
        if let benchmark, filter.brandID == nil {
            performance = DriverMoments(count: keys.count)
            for row in rows where row.brand == benchmark.brands[benchmark.own].id { performance += row.moments }
            performanceOf = "the customers of \(benchmark.brands[benchmark.own].brand.name)"
        }
        let means = driverIndices.map { i -> Double? in
            let s = performance.single(i)
            return s.n > 0 ? Double(s.sum) / Double(s.n) : nil
        }
        var priorities: [AttributePriority] = []
        if case .success(let result) = analysis {
            let correlations = total.correlations(missing)
            let analysed = result.drivers.map(\.driver)
            let shares = result.shares
            let benchmarkRows = analysed.map { d in benchmark?.rows.first { $0.question.key == keys[driverIndices[d]] } }
            let best: [Double?] = benchmarkRows.map { row in
                guard let benchmark, let row else { return nil }
                return row.answers.indices.filter { $0 != benchmark.own && row.answers[$0].n >= 30 }.compactMap { row.answers[$0].mean }.max()
            }
            let leads = benchmarkRows.map { row in row?.gaps.contains { $0.competitorLeads } ?? false }
            let slopes: [Double?] = result.drivers.map { d in
                let i = driverIndices[d.driver]
                guard let beta = d.beta else { return nil }
                return beta * correlations.standardDeviations[outcomeIndex] / correlations.standardDeviations[i]
            }
            if analysed.allSatisfy({ means[$0] != nil }) {
                priorities = ImportancePerformance.priorities(
                    shares: shares, means: analysed.map { means[$0]! }, scales: analysed.map { questions[driverIndices[$0]].scale ?? 1...5 },
                    slopes: slopes, bestCompetitorMeans: best, competitorLeads: leads)
                // Back to positions in `drivers`.
                priorities = priorities.map { p in
                    AttributePriority(driver: analysed[p.driver], importance: p.importance, performance: p.performance, quadrant: p.quadrant,
                                      gainPerPoint: p.gainPerPoint, gainToBestCompetitor: p.gainToBestCompetitor, competitorLeads: p.competitorLeads)
                }
            }
        }
        return DriverReport(survey: survey, outcome: outcome, drivers: driverIndices.map { questions[$0] }, period: filter.period,
                            responses: total.pairCount[outcomeIndex * keys.count + outcomeIndex], analysis: analysis, means: means,
                            performanceOf: performanceOf, priorities: priorities, benchmark: benchmark)
    }

    private func benchmark(_ workspaceID: UUID, questions: [Question], rows: [(day: Int, brand: UUID, moments: DriverMoments)]) async throws
        -> BrandBenchmarkReport? {
        let brands = try await catalogue.brands(workspaceID)
        guard let own = brands.firstIndex(where: { $0.brand.isOwn }) else { return nil }
        var byBrand = Array(repeating: DriverMoments(count: questions.count), count: brands.count)
        for row in rows { if let b = brands.firstIndex(where: { $0.id == row.brand }) { byBrand[b] += row.moments } }
        let table = questions.indices.map { i in
            let answers = byBrand.map { m in let s = m.single(i); return BrandAnswers(n: s.n, sum: s.sum, squares: s.squares) }
            return BrandBenchmarkReport.Row(question: questions[i], answers: answers, gaps: BrandBenchmark.gaps(answers, own: own),
                                            ranking: BrandBenchmark.ranking(answers))
        }
        return BrandBenchmarkReport(brands: brands, own: own, rows: table)
    }
}
