@testable import FocusServer
import FocusCore
import Foundation
import HTTPTypes
import SQLKit
import Testing

@Suite("Key drivers: the API and page over the daily sums, and the demo's planted drivers")
struct DriversTests {
    static let base = "/api/v1/workspaces/acme-insurance"

    /// 400 relationship-NPS answers over the last 40 days whose NPS follows speed (weight 1.2),
    /// friendliness (0.6), competence (0.3), clarity (0.15) and price (0.05) plus noise; one rating in
    /// twenty left out.
    static func plantedBatch(_ surveyID: UUID) -> String {
        var random = SeededRandom(seed: 3)
        let formatter = ISO8601DateFormatter()
        var number = 0
        let weights = [("speed", 1.2), ("friendliness", 0.6), ("competence", 0.3), ("clarity", 0.15), ("price", 0.05)]
        let items = (0..<400).map { _ -> String in
            var latent = 0.0
            var answers: [String] = []
            let general = random.normal(sd: 0.5)
            for (key, weight) in weights {
                let rating = min(5, max(1, Int((3.4 + general + random.normal(sd: 0.8)).rounded())))
                latent += weight * (Double(rating) - 3)
                if random.unit() >= 0.05 { answers.append("\"\(key)\":\(rating)") }
            }
            answers.append("\"nps\":\(min(10, max(0, Int((7 + latent + random.normal(sd: 1)).rounded()))))")
            number += 1
            let at = formatter.string(from: Date().addingTimeInterval(-Double(number % 40) * 86400 - 60))
            return #"{"survey_id":"\#(surveyID)","received_at":"\#(at)","answers":{\#(answers.joined(separator: ","))}}"#
        }
        return #"{"responses":[\#(items.joined(separator: ","))]}"#
    }

    /// Every row of the driver sums, as text (key, count and the sums' bytes).
    static func snapshot(_ app: TestApp) async throws -> [String] {
        try await app.services.database.sql.select().columns("survey_id", "day", "touchpoint_key", "brand_key", "segment", "variables", "responses", "moments")
            .from(DriverAggregates.table).all().map { row in
                let moments = try DriverMoments(decoding: try row.decode(column: "moments", as: Data.self))
                return ["\(try row.decode(column: "survey_id", as: UUID.self))", "\(try row.decode(column: "day", as: Int.self))",
                        "\(try row.decode(column: "touchpoint_key", as: UUID.self))", "\(try row.decode(column: "brand_key", as: UUID.self))",
                        try row.decode(column: "segment", as: String.self), try row.decode(column: "variables", as: String.self),
                        "\(try row.decode(column: "responses", as: Int.self))", "\(moments.encoded())"].joined(separator: "|")
            }.sorted()
    }

    @Test("the API ranks the planted drivers, matches its schema, and the sums rebuilt from the responses equal those kept on ingest",
          arguments: TestBackend.allCases)
    func planted(backend: TestBackend) async throws {
        try await TestApp.run(backend) { app, client in
            // setup
            let (workspace, survey) = try await app.liveSurvey(.relationshipNPS)
            let api = APIClient(client: client, token: try await app.token(workspace: workspace, role: .analyst))
            let posted = try await api.call(.post, "\(Self.base)/responses/batch", json: Self.plantedBatch(survey.id))
            #expect(posted.status == .created, "\(posted.text.prefix(300))")
            let doc = try await OpenAPITests.document(client)
            let check = SchemaCheck(components: try #require((doc["components"] as? [String: Any])?["schemas"] as? [String: Any]))

            // MUT
            let response = try await api.call(.get, "\(Self.base)/surveys/\(survey.id)/drivers")
            let listwise = try await api.call(.get, "\(Self.base)/surveys/\(survey.id)/drivers?missing=listwise")
            let kept = try await Self.snapshot(app)
            try await app.services.database.rebuildScoreAggregates()
            let rebuilt = try await Self.snapshot(app)

            // validate
            #expect(response.status == .ok, "\(response.text.prefix(300))")
            let json = try response.json()
            #expect(check.problems(json, ["$ref": "#/components/schemas/DriverReport"]) == [])
            let analysis = try #require(json["analysis"] as? [String: Any])
            let drivers = try #require(analysis["drivers"] as? [[String: Any]])
            let ranked = drivers.sorted { ($0["importance"] as! Double) > ($1["importance"] as! Double) }.map { $0["key"] as! String }
            #expect(ranked.prefix(3) == ["speed", "friendliness", "competence"], "planted order, strongest first: \(ranked)")
            #expect(abs(drivers.map { $0["share"] as! Double }.reduce(0, +) - 1) < 1e-9)
            #expect((analysis["replicates"] as? Int) == DriverService.replicates)
            #expect(json["responses"] as? Int == 400)
            let complete = try #require((try listwise.json()["analysis"] as? [String: Any])?["n"] as? Int)
            #expect(complete < 400 && complete > 250, "listwise keeps only responses that answered all six: \(complete)")
            let priorities = try #require(json["priorities"] as? [[String: Any]])
            #expect(priorities.count == 5)
            #expect(!kept.isEmpty && kept == rebuilt)
        }
    }

    @Test("bad options and surveys without ratings get a 4xx naming the field", arguments: TestBackend.allCases)
    func badInput(backend: TestBackend) async throws {
        try await TestApp.run(backend) { app, client in
            // setup
            let (workspace, csat) = try await app.liveSurvey(.transactionalCSAT)
            let nps = try await app.services.surveys.createFromTemplate(workspace.id, .relationshipNPS, name: nil, touchpointID: nil)
            let api = APIClient(client: client, token: try await app.token(workspace: workspace, role: .viewer))
            let cases: [(String, HTTPResponse.Status, String?)] = [
                ("surveys/\(nps.id)/drivers?missing=sometimes", .badRequest, "missing"),
                ("surveys/\(nps.id)/drivers?outcome=speed", .badRequest, "outcome"),
                ("surveys/\(nps.id)/drivers?channel=email", .badRequest, "channel"),
                ("surveys/\(nps.id)/drivers?from=2026-13-01", .badRequest, "from"),
                ("surveys/\(csat.id)/drivers", .unprocessableContent, "survey_id"),
                ("surveys/\(UUID())/drivers", .notFound, nil),
            ]
            for (path, status, field) in cases {
                // MUT
                let response = try await api.call(.get, "\(Self.base)/\(path)")

                // validate
                #expect(response.status == status, "\(path): \(response.text.prefix(200))")
                let error = try response.json()["error"] as? [String: Any]
                if let field { #expect(error?["field"] as? String == field, "\(path) names \(field)") }
            }
            // A survey without answers yet: an answer that says why, not an error.
            let empty = try await api.call(.get, "\(Self.base)/surveys/\(nps.id)/drivers")
            let problem = try empty.json()["problem"] as? String
            #expect(empty.status == .ok && problem?.contains("too few responses") == true)
        }
    }

    @Test("the demo: planted drivers in their order, speed to concentrate on, Northstar's lead on claims significant",
          arguments: TestBackend.allCases)
    func demo(backend: TestBackend) async throws {
        try await TestApp.run(backend) { app, client in
            // setup
            let options = DemoInsurer.Options(seed: 42, responses: 6_000, asOf: CalendarDate(iso: "2026-06-30")!)
            let workspace = try await DemoLoader(services: app.services).load(options, logger: TestBackend.logger)
            let surveys = try await app.services.surveys.list(workspace.id)
            let relationship = try #require(surveys.first { $0.definition.name.contains("relationship") })
            let benchmark = try #require(surveys.first { $0.definition.name == DemoInsurer.benchmarkSurveyName })
            let year = ScoreFilter(period: Period(start: CalendarDate(iso: "2025-07-01")!, end: CalendarDate(iso: "2026-07-01")!))

            // MUT
            let drivers = try await app.services.drivers.report(workspace.id, surveyID: relationship.id, filter: year, outcomeKey: nil, missing: .pairwise)
            let brands = try await app.services.drivers.report(workspace.id, surveyID: benchmark.id, filter: year, outcomeKey: nil, missing: .pairwise)
            let viewer = APIClient(client: client, token: try await app.token(workspace: workspace, role: .viewer))
            let page = try await viewer.call(.get, "/w/\(workspace.slug)/surveys/\(relationship.id)/drivers?from=2025-07-01&to=2026-06-30")

            // validate
            let result = try drivers.analysis.get()
            let order = result.drivers.sorted { $0.importance > $1.importance }.map { drivers.drivers[$0.driver].key }
            #expect(order == DemoInsurer.plantedWeights.map(\.attribute), "planted order: \(order)")
            let speed = try #require(drivers.priorities.first { drivers.drivers[$0.driver].key == "speed" })
            #expect(speed.quadrant == .concentrateHere)
            let benchmarkOrder = try brands.analysis.get().drivers.sorted { $0.importance > $1.importance }.map { brands.drivers[$0.driver].key }
            #expect(benchmarkOrder == DemoInsurer.benchmarkWeights.map(\.attribute), "planted order: \(benchmarkOrder)")
            let table = try #require(brands.benchmark)
            let leaderName = DemoInsurer(options: options).brands[DemoInsurer.benchmarkLeader.brand].name
            let leader = try #require(table.brands.first { $0.brand.name == leaderName }).id
            for row in table.rows where row.question.kind == .rating {
                let leads = row.gaps.contains { table.brands[$0.competitor].id == leader && $0.competitorLeads }
                #expect(leads == (row.question.key == DemoInsurer.benchmarkLeader.attribute), "\(row.question.key)")
            }
            #expect(brands.priorities.first.map { brands.drivers[$0.driver].key } == "claims", "the competitor's lead comes first")
            #expect(page.status == .ok && page.text.contains("Concentrate here") && page.text.contains("<svg"))
        }
    }
}
