import FocusCore
import Foundation

/// The wire format of a driver report (schema `DriverReport` in the OpenAPI document). Fields that
/// can be null are written as null, not left out.
struct DriverReportDTO: Encodable {
    let report: DriverReport

    enum Keys: String, CodingKey {
        case surveyID = "survey_id", outcome, period, responses, missing, missingDescription = "missing_description", analysis, problem
        case performanceOf = "performance_of", priorities, benchmark
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(report.survey.id, forKey: .surveyID)
        try c.encode(["key": report.outcome.key, "kind": report.outcome.kind.rawValue], forKey: .outcome)
        try c.encode(PeriodDTO(report.period), forKey: .period)
        try c.encode(report.responses, forKey: .responses)
        switch report.analysis {
        case .success(let result):
            try c.encode(result.missing.rawValue, forKey: .missing)
            try c.encode(result.missing.description, forKey: .missingDescription)
            try c.encode(AnalysisDTO(result: result, report: report), forKey: .analysis)
            try c.encodeNil(forKey: .problem)
        case .failure(let problem):
            try c.encodeNil(forKey: .missing)
            try c.encodeNil(forKey: .missingDescription)
            try c.encodeNil(forKey: .analysis)
            try c.encode(Self.describe(problem, report), forKey: .problem)
        }
        try c.encode(report.performanceOf, forKey: .performanceOf)
        try c.encode(report.priorities.map { PriorityDTO(p: $0, key: report.drivers[$0.driver].key) }, forKey: .priorities)
        try c.encode(report.benchmark.map(BenchmarkDTO.init), forKey: .benchmark)
    }

    static func describe(_ problem: KeyDriverAnalysis.Problem, _ report: DriverReport) -> String {
        switch problem {
        case .tooFewResponses(let n):
            "too few responses: \(n) behind the thinnest correlation, at least \(KeyDriverAnalysis.minimumResponses) needed"
        case .noVariance: "no rating varies together with the outcome in these responses"
        case .neverAnsweredTogether(let a, let b):
            "\(report.drivers[a].key) and \(report.drivers[b].key) were never answered together: choose listwise or a longer period"
        }
    }

    struct AnalysisDTO: Encodable {
        let result: KeyDriverResult
        let report: DriverReport

        enum Keys: String, CodingKey { case r2, n, replicates, intervalsFor = "intervals_for", drivers, excluded }
        enum DriverKeys: String, CodingKey {
            case key, attribute, correlation, beta, shapley, relativeWeight = "relative_weight", importance, share
            case importanceInterval = "importance_interval", relativeWeightInterval = "relative_weight_interval", mean
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(result.r2, forKey: .r2)
            try c.encode(result.n, forKey: .n)
            try c.encode(result.replicates, forKey: .replicates)
            let measure: String? = result.drivers.contains { $0.shapleyInterval != nil } ? "shapley"
                : result.drivers.contains { $0.relativeWeightInterval != nil } ? "relative_weight" : nil
            try c.encode(measure, forKey: .intervalsFor)
            try c.encode(result.excluded.map { report.drivers[$0].key }, forKey: .excluded)
            var list = c.nestedUnkeyedContainer(forKey: .drivers)
            for (d, share) in zip(result.drivers, result.shares) {
                var item = list.nestedContainer(keyedBy: DriverKeys.self)
                let q = report.drivers[d.driver]
                try item.encode(q.key, forKey: .key)
                try item.encode(q.attribute, forKey: .attribute)
                try item.encode(d.correlation, forKey: .correlation)
                try item.encode(d.beta, forKey: .beta)
                try item.encode(d.shapley, forKey: .shapley)
                try item.encode(d.relativeWeight, forKey: .relativeWeight)
                try item.encode(d.importance, forKey: .importance)
                try item.encode(share, forKey: .share)
                try item.encode(d.importanceInterval.map { IntervalDTO(low: $0.low, high: $0.high) }, forKey: .importanceInterval)
                try item.encode(d.relativeWeightInterval.map { IntervalDTO(low: $0.low, high: $0.high) }, forKey: .relativeWeightInterval)
                try item.encode(report.means[d.driver], forKey: .mean)
            }
        }
    }

    struct PriorityDTO: Encodable {
        let p: AttributePriority
        let key: String
        enum Keys: String, CodingKey {
            case key, quadrant, importance, performance, gainPerPoint = "gain_per_point", gainToBestCompetitor = "gain_to_best_competitor"
            case competitorLeads = "competitor_leads"
        }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(key, forKey: .key)
            try c.encode(p.quadrant.rawValue, forKey: .quadrant)
            try c.encode(p.importance, forKey: .importance)
            try c.encode(p.performance, forKey: .performance)
            try c.encode(p.gainPerPoint, forKey: .gainPerPoint)
            try c.encode(p.gainToBestCompetitor, forKey: .gainToBestCompetitor)
            try c.encode(p.competitorLeads, forKey: .competitorLeads)
        }
    }

    struct BenchmarkDTO: Encodable {
        let b: BrandBenchmarkReport
        init(_ b: BrandBenchmarkReport) { self.b = b }
        enum Keys: String, CodingKey { case ownBrandID = "own_brand_id", brands, questions }
        enum QuestionKeys: String, CodingKey { case key, kind, byBrand = "by_brand", gaps, ranking }
        enum BrandKeys: String, CodingKey { case brandID = "brand_id", n, mean }
        enum GapKeys: String, CodingKey { case brandID = "brand_id", change, competitorLeads = "competitor_leads" }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(b.brands[b.own].id, forKey: .ownBrandID)
            try c.encode(b.brands.map(BrandDTO.init), forKey: .brands)
            var questions = c.nestedUnkeyedContainer(forKey: .questions)
            for row in b.rows {
                var q = questions.nestedContainer(keyedBy: QuestionKeys.self)
                try q.encode(row.question.key, forKey: .key)
                try q.encode(row.question.kind.rawValue, forKey: .kind)
                var byBrand = q.nestedUnkeyedContainer(forKey: .byBrand)
                for (i, a) in row.answers.enumerated() {
                    var item = byBrand.nestedContainer(keyedBy: BrandKeys.self)
                    try item.encode(b.brands[i].id, forKey: .brandID)
                    try item.encode(a.n, forKey: .n)
                    try item.encode(a.mean, forKey: .mean)
                }
                var gaps = q.nestedUnkeyedContainer(forKey: .gaps)
                for gap in row.gaps {
                    var item = gaps.nestedContainer(keyedBy: GapKeys.self)
                    try item.encode(b.brands[gap.competitor].id, forKey: .brandID)
                    try item.encode(ChangeDTO(gap.comparison), forKey: .change)
                    try item.encode(gap.competitorLeads, forKey: .competitorLeads)
                }
                try q.encode(row.ranking.map { b.brands[$0].id }, forKey: .ranking)
            }
        }
    }
}
