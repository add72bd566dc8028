@testable import FocusServer
import FocusCore
import Foundation
import HTTPTypes
import HummingbirdTesting
import SQLKit
import Testing

@Suite("Scores through the API and on the dashboards")
struct ScoresAPITests {
    static let base = ScoreFixture.base

    @Test("the API's scores equal a direct computation from the stored rows", arguments: TestBackend.allCases)
    func apiEqualsRows(backend: TestBackend) async throws {
        try await TestApp.run(backend) { app, client in
            // setup
            let f = try await ScoreFixture.make(app, client)
            let phone = f.touchpoints[0].id
            struct Raw: Decodable { let nps: Int?; let csat: Int?; let ces: Int?; let touchpoint_id: UUID? }
            let raw = try await app.services.database.sql.select().columns("nps", "csat", "ces", "touchpoint_id").from("responses")
                .all(decoding: Raw.self)
            let range = "from=\(f.lastDay.adding(days: -59).iso)&to=\(f.lastDay.iso)"

            // MUT
            let summary = try await f.api.call(.get, "\(Self.base)/scores?\(range)")
            let byTouchpoint = try await f.api.call(.get, "\(Self.base)/scores/breakdown?by=touchpoint&\(range)")
            let trend = try await f.api.call(.get, "\(Self.base)/scores/trend?score=csat&granularity=week&\(range)")
            let stage = try await f.api.call(.get, "\(Self.base)/scores?stage=Service&\(range)")

            // validate: NPS = %promoters − %detractors; CSAT = % of 4–5; CES = mean, all from the rows
            #expect(summary.status == .ok, "\(summary.text.prefix(300))")
            let current = try #require(try summary.json()["current"] as? [String: Any])
            func value(_ score: String) -> Double { (current[score] as? [String: Any])?["value"] as? Double ?? .nan }
            let npsAnswers: [Int] = raw.compactMap(\.nps)
            let promoters = npsAnswers.filter { $0 >= 9 }.count, detractors = npsAnswers.filter { $0 <= 6 }.count
            let expectedNPS = 100 * Double(promoters - detractors) / Double(npsAnswers.count)
            #expect(abs(value("nps") - expectedNPS) < 1e-9)
            #expect((current["nps"] as? [String: Any])?["n"] as? Int == npsAnswers.count)
            let csat: [Int] = raw.compactMap(\.csat)
            let expectedCSAT = 100 * Double(csat.filter { $0 >= 4 }.count) / Double(csat.count)
            #expect(abs(value("csat") - expectedCSAT) < 1e-9)
            let ces: [Int] = raw.compactMap(\.ces)
            let expectedCES = Double(ces.reduce(0, +)) / Double(ces.count)
            #expect(abs(value("ces") - expectedCES) < 1e-9)
            #expect(current["responses"] as? Int == 240)

            let groups = try #require(try byTouchpoint.json()["groups"] as? [[String: Any]])
            let phoneGroup = try #require(groups.first { $0["key"] as? String == phone.uuidString })
            #expect((phoneGroup["current"] as? [String: Any])?["responses"] as? Int == raw.filter { $0.touchpoint_id == phone }.count)
            #expect(groups.contains { $0["label"] as? String == "No touchpoint" })

            let points = try #require(try trend.json()["points"] as? [[String: Any]])
            #expect(points.map { $0["responses"] as? Int ?? 0 }.reduce(0, +) == 240)
            #expect(points.compactMap { ($0["estimate"] as? [String: Any])?["n"] as? Int }.reduce(0, +) == csat.count)

            let service = Set([f.touchpoints[0].id, f.touchpoints[1].id])
            #expect((try stage.json()["current"] as? [String: Any])?["responses"] as? Int
                    == raw.filter { $0.touchpoint_id.map(service.contains) ?? false }.count)
        }
    }

    @Test("bad filters get a 400 naming the parameter", arguments: TestBackend.allCases)
    func badFilters(backend: TestBackend) async throws {
        try await TestApp.run(backend) { app, client in
            // setup
            let (workspace, _) = try await app.liveSurvey()
            let api = APIClient(client: client, token: try await app.token(workspace: workspace, role: .viewer))
            let cases: [(String, String)] = [
                ("scores?from=yesterday", "from"),
                ("scores?from=2026-05-01&to=2026-04-01", "from"),
                ("scores?from=2000-01-01&to=2026-01-01", "from"),
                ("scores?to=2026-02-30", "to"),
                ("scores/trend?from=9999-01-01&to=9999-12-31", "to"),
                ("scores/trend?to=0001-01-01", "to"),
                ("scores?from=1975-01-01&to=1980-02-01", "from"),
                ("scores?survey_id=42", "survey_id"),
                ("scores?touchpoint_id=nope", "touchpoint_id"),
                ("scores?stage=Nowhere", "stage"),
                ("scores?brand=Nobody", "brand"),
                ("scores?channel=pigeon", "channel"),
                ("scores?attribute=plan", "attribute"),
                ("scores?attribute=plan:gold&segment=Private", "attribute"),
                ("scores/trend?granularity=hourly", "granularity"),
                ("scores/trend?granularity=day&from=2020-01-01&to=2026-01-01", "granularity"),
                ("scores/trend?score=happiness", "score"),
                ("scores/trend?format=xml", "format"),
                ("scores/breakdown", "by"),
                ("scores/breakdown?by=colour", "by"),
                ("scores/breakdown?by=attribute:plan&attribute=region:north", "by"),
            ]
            for (path, field) in cases {
                // MUT
                let response = try await api.call(.get, "\(Self.base)/\(path)")
                // validate
                #expect(response.status.code / 100 == 4, "\(path)")
                #expect(try (response.json()["error"] as? [String: Any])?["field"] as? String == field, "\(path): \(response.text.prefix(200))")
            }
        }
    }

    @Test("the dashboards show the API's numbers, link touchpoints, keep filters in the URL and export CSV", arguments: TestBackend.allCases)
    func pages(backend: TestBackend) async throws {
        try await TestApp.run(backend) { app, client in
            // setup
            let f = try await ScoreFixture.make(app, client)
            let range = "from=\(f.lastDay.adding(days: -59).iso)&to=\(f.lastDay.iso)"
            let summary = try await f.api.call(.get, "\(Self.base)/scores?\(range)&segment=Private")
            let nps = try #require(((try summary.json()["current"] as? [String: Any])?["nps"] as? [String: Any])?["value"] as? Double)

            // MUT
            let overview = try await f.api.call(.get, "/w/acme-insurance/scores?\(range)&segment=Private&score=nps")
            let touchpoint = try await f.api.call(.get, "/w/acme-insurance/touchpoints/\(f.touchpoints[2].id)/scores?\(range)")
            let survey = try await f.api.call(.get, "/w/acme-insurance/surveys/\(f.csat.id)/scores?\(range)")
            let csv = try await f.api.call(.get, "/w/acme-insurance/scores?\(range)&segment=Private&score=nps&export=groups")
            let trendCSV = try await f.api.call(.get, "/w/acme-insurance/scores?\(range)&export=trend&granularity=week")
            let empty = try await f.api.call(.get, "/w/acme-insurance/scores?from=2001-01-01&to=2001-03-01")
            let byAttribute = try await f.api.call(.get, "/w/acme-insurance/touchpoints/\(f.touchpoints[2].id)/scores?\(range)&attribute=plan:gold")
            let segmentRate = try await f.api.call(.get, "\(Self.base)/scores?\(range)&segment=Private")
            let byStage = try await f.api.call(.get, "/w/acme-insurance/scores?\(range)&by=stage")
            let badBy = try await f.api.call(.get, "/w/acme-insurance/scores?\(range)&by=colour")

            // validate
            #expect(overview.status == .ok, "\(overview.text.prefix(300))")
            #expect(overview.text.contains(ScoreTables.number(nps, .nps)), "the page shows the API's NPS")
            #expect(overview.text.contains("<svg"), "charts are inline SVG")
            #expect(overview.text.contains(#"<option value="Private" selected>"#), "the filter stays selected")
            #expect(overview.text.contains("/w/acme-insurance/touchpoints/\(f.touchpoints[0].id)/scores?"), "touchpoints link to their page, keeping the filters")
            #expect(overview.text.contains("export=groups"))
            #expect(touchpoint.status == .ok && touchpoint.text.contains("Invoice"))
            #expect(survey.status == .ok)
            #expect(csv.status == .ok && csv.headers[.contentType]?.hasPrefix("text/csv") == true)
            #expect(csv.text.hasPrefix("touchpoint,key,responses,nps_n,nps,"))
            #expect(csv.text.split(separator: "\r\n").count >= 3)
            #expect(trendCSV.text.hasPrefix("period,from,to,responses"))
            #expect(empty.status == .ok && empty.text.contains("No responses in this period"))
            #expect(byAttribute.status == .ok && byAttribute.text.contains("gold"), "a touchpoint page filtered by an attribute breaks down by its values")
            #expect(byStage.status == .ok && byStage.text.contains("Billing") && byStage.text.contains("Journey stages ranked by"),
                    "a page groups by what the URL asks")
            #expect(badBy.status == .badRequest)
            #expect(try segmentRate.json()["response_rate"] is NSNull, "invitations carry no segment: no rate rather than a wrong one")
        }
    }

    @Test("the demo's spring invoice problem shows as a significant drop", arguments: TestBackend.allCases)
    func demoSpringDecline(backend: TestBackend) async throws {
        try await TestApp.run(backend) { app, client in
            // setup
            let options = DemoInsurer.Options(seed: 7, responses: 12_000, asOf: CalendarDate(iso: "2026-07-01")!)
            let workspace = try await DemoLoader(services: app.services).load(options, logger: TestBackend.logger)
            let api = APIClient(client: client, token: try await app.token(workspace: workspace, role: .viewer))
            let invoices = try #require(try await app.services.catalogue.touchpoints(workspace.id)
                .first { $0.touchpoint.name == DemoInsurer(options: options).touchpoints[DemoInsurer.springDeclineTouchpoint].name })
            let base = "/api/v1/workspaces/\(workspace.slug)/scores"

            // MUT
            let spring = try await api.call(.get, "\(base)?touchpoint_id=\(invoices.id)&from=2026-03-01&to=2026-05-31")
            let trend = try await api.call(.get, "\(base)/trend?touchpoint_id=\(invoices.id)&score=csat&granularity=month&from=2025-07-01&to=2026-06-30")
            let page = try await api.call(.get, "/w/\(workspace.slug)/scores?from=2026-03-01&to=2026-05-31&score=csat")

            // validate
            let change = try #require(((try spring.json()["changes"] as? [String: Any])?["csat"]) as? [String: Any])
            #expect(change["significant"] as? Bool == true)
            #expect((change["difference"] as? Double ?? 0) < -10, "CSAT fell by more than ten points")
            let points = try #require(try trend.json()["points"] as? [[String: Any]])
            let march = try #require(points.first { $0["label"] as? String == "Mar 2026" })
            let marchChange = try #require(march["change"] as? [String: Any])
            #expect(marchChange["significant"] as? Bool == true && (marchChange["difference"] as? Double ?? 0) < 0)
            let june = try #require(points.first { $0["label"] as? String == "Jun 2026" }?["change"] as? [String: Any])
            #expect(june["significant"] as? Bool == true && (june["difference"] as? Double ?? 0) > 0, "and recovers in June")
            #expect(page.status == .ok && page.text.contains("significant drop"), "the dashboard marks it")
        }
    }
}
