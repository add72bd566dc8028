@testable import FocusServer
import FocusCore
import Foundation
import HTTPTypes
import HummingbirdTesting
import SQLKit
import Testing

/// A small workspace with responses spread over days, touchpoints, brands, channels, segments
/// and hidden attributes, on three surveys (NPS, CSAT, CES), stored through the API.
struct ScoreFixture {
    let workspace: WorkspaceRecord
    let api: APIClient
    let nps: SurveyRecord
    let csat: SurveyRecord
    let ces: SurveyRecord
    let touchpoints: [TouchpointRecord]
    let brands: [BrandRecord]
    /// The last day responses were given on; they span the 60 days up to it.
    let lastDay: CalendarDate

    static let base = "/api/v1/workspaces/acme-insurance"

    static func make(_ app: TestApp, _ client: any TestClientProtocol) async throws -> ScoreFixture {
        let (workspace, csat) = try await app.liveSurvey(.transactionalCSAT)
        let s = app.services
        func live(_ t: SurveyTemplate) async throws -> SurveyRecord {
            let survey = try await s.surveys.createFromTemplate(workspace.id, t, name: nil, touchpointID: nil)
            return try await s.surveys.setStatus(workspace.id, id: survey.id, to: .live)
        }
        let nps = try await live(.relationshipNPS)
        let ces = try await live(.customerEffort)
        var touchpoints: [TouchpointRecord] = []
        for (name, stage) in [("Phone", "Service"), ("Web", "Service"), ("Invoice", "Billing")] {
            touchpoints.append(try await s.catalogue.createTouchpoint(workspace.id, Touchpoint(name: name, stage: stage)))
        }
        let brands = [try await s.catalogue.createBrand(workspace.id, Brand(name: "Acme", isOwn: true)),
                      try await s.catalogue.createBrand(workspace.id, Brand(name: "Rival", isOwn: false))]
        for i in 1...6 {
            _ = try await s.customers.create(workspace.id, Customer(externalID: "S-\(i)", segment: i <= 3 ? "Private" : "Business"))
        }
        let api = APIClient(client: client, token: try await app.token(workspace: workspace, role: .agent))
        let lastDay = CalendarDate.today.adding(days: -1)
        // A fixed pseudo-random walk, so the data is the same each run.
        var state: UInt64 = 42
        func next(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(n))
        }
        let channels = ["api", "email", "sms", "widget"]
        var items: [String] = []
        for i in 0..<240 {
            let day = lastDay.adding(days: -next(60))
            let at = Double(day.daysSinceEpoch) * 86400 + Double(next(86_000))
            let survey: String
            let answers: String
            switch i % 3 {
            case 0: survey = nps.id.uuidString; answers = #""nps":\#(next(11))"#
            case 1: survey = csat.id.uuidString; answers = #""csat":\#(1 + next(5))"#
            default: survey = ces.id.uuidString; answers = #""ces":\#(1 + next(7))"#
            }
            var fields = [#""survey_id":"\#(survey)""#, #""answers":{\#(answers)}"#, #""channel":"\#(channels[next(4)])""#,
                          #""received_at":"\#(Timestamp.format(at))""#]
            if next(4) > 0 { fields.append(#""touchpoint_id":"\#(touchpoints[next(3)].id)""#) }
            if next(3) == 0 { fields.append(#""brand":"\#(brands[next(2)].brand.name)""#) }
            if next(3) > 0 { fields.append(#""customer_id":"S-\#(1 + next(6))""#) }
            if next(2) == 0 { fields.append(#""hidden":{"plan":"\#(["gold", "silver"][next(2)])","region":"north"}"#) }
            items.append("{" + fields.joined(separator: ",") + "}")
        }
        // Most in batches, some one at a time: both paths keep the tallies.
        for chunk in stride(from: 0, to: 200, by: 50) {
            let r = try await api.call(.post, "\(base)/responses/batch", json: #"{"responses":[\#(items[chunk..<chunk + 50].joined(separator: ","))]}"#)
            #expect(r.status == .created, "\(r.text.prefix(300))")
        }
        for item in items[200...] {
            let r = try await api.call(.post, "\(base)/responses", json: item)
            #expect(r.status == .created, "\(r.text.prefix(300))")
        }
        return ScoreFixture(workspace: workspace, api: api, nps: nps, csat: csat, ces: ces, touchpoints: touchpoints, brands: brands, lastDay: lastDay)
    }
}

/// The stored tallies as sorted lines of text, to compare two states of the tables.
func tallySnapshot(_ app: TestApp) async throws -> [String] {
    let sql = app.services.database.sql
    var lines: [String] = []
    for (table, keys) in [(ScoreAggregates.crossTable, ScoreAggregates.crossKeyColumns),
                          (ScoreAggregates.facetTable, ScoreAggregates.facetKeyColumns)] {
        for row in try await sql.select().column(SQLLiteral.all).from(table).all() {
            var cells = [table]
            for key in keys {
                if key == "day" { cells.append(String(try row.decode(column: key, as: Int.self))) }
                else if key.hasSuffix("_id") || key.hasSuffix("_key") { cells.append(try row.decode(column: key, as: UUID.self).uuidString) }
                else { cells.append(try row.decode(column: key, as: String.self)) }
            }
            let t = try ScoreAggregates.storedTally(row)
            guard t.responses > 0 else { continue } // a row emptied by a move is the same as no row
            cells += [String(t.responses)] + (t.nps + t.csat + t.ces).map(String.init)
            lines.append(cells.joined(separator: "|"))
        }
    }
    return lines.sorted()
}

@Suite("Score tallies: kept by ingest, equal to a rebuild and to a count of the rows")
struct ScoreAggregateTests {
    @Test("tallies kept by ingest equal the rebuilt ones, also after a touchpoint and a brand are deleted", arguments: TestBackend.allCases)
    func rebuiltEqualsIncremental(backend: TestBackend) async throws {
        try await TestApp.run(backend) { app, client in
            // setup
            let f = try await ScoreFixture.make(app, client)
            let incremental = try await tallySnapshot(app)

            // MUT
            let rows = try await app.services.database.rebuildScoreAggregates()
            let rebuilt = try await tallySnapshot(app)

            // validate
            #expect(rows > 0)
            #expect(incremental.count > 50, "the fixture spreads over many keys")
            #expect(incremental == rebuilt)

            // MUT: the catalogue changes under the tallies
            try await app.services.catalogue.deleteTouchpoint(f.workspace.id, id: f.touchpoints[0].id)
            try await app.services.catalogue.deleteBrand(f.workspace.id, id: f.brands[1].id)
            let moved = try await tallySnapshot(app)
            try await app.services.database.rebuildScoreAggregates()

            // validate
            #expect(moved == (try await tallySnapshot(app)))
            #expect(!moved.contains { $0.contains(f.touchpoints[0].id.uuidString) })
        }
    }

    @Test("the tallies sum to a direct count of the stored responses", arguments: TestBackend.allCases)
    func tallyEqualsRows(backend: TestBackend) async throws {
        try await TestApp.run(backend) { app, client in
            // setup
            let f = try await ScoreFixture.make(app, client)
            struct Raw: Decodable { let nps: Int?; let csat: Int?; let ces: Int?; let hidden: String }
            let raw = try await app.services.database.sql.select().columns("nps", "csat", "ces", "hidden").from("responses")
                .where("workspace_id", .equal, SQLBind(f.workspace.id)).all(decoding: Raw.self)

            // MUT
            let period = Period(start: f.lastDay.adding(days: -59), end: f.lastDay.adding(days: 1))
            let d = try await app.services.scores.dashboard(f.workspace.id, ScoreFilter(period: period))
            let gold = try await app.services.scores.breakdown(f.workspace.id, ScoreFilter(period: period), by: .attribute("plan"))

            // validate: counted by hand from the rows
            #expect(raw.count == 240)
            #expect(d.current.responses == 240)
            #expect(d.current.promoters == raw.filter { ($0.nps ?? -1) >= 9 }.count)
            #expect(d.current.detractors == raw.filter { $0.nps.map { $0 <= 6 } ?? false }.count)
            #expect(d.current.satisfied == raw.filter { ($0.csat ?? 0) >= 4 }.count)
            #expect(d.current.cesSum == Double(raw.compactMap(\.ces).reduce(0, +)))
            #expect(gold.first { $0.key == "gold" }?.current.responses == raw.filter { $0.hidden.contains(#""plan":"gold""#) }.count)
            #expect(d.touchpoints.map(\.current.responses).reduce(0, +) == 240)
        }
    }
}
