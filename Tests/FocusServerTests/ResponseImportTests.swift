@testable import FocusServer
import FocusCore
import Foundation
import SQLKit
import Testing

@Suite("Importing responses: checked like API answers, counted by the dashboards, never twice")
struct ResponseImportTests {
    static let header = "external_id,survey,csat,resolved,comment,customer_id,received_at,touchpoint,region"

    static func rows(_ survey: String) -> [String] {
        [
            "R-1,\(survey),5,yes,Quick and kind,C-1,2026-01-05T10:00:00Z,,North",  // line 2: good; region becomes a hidden attribute
            "R-2,,4,yes,,,,,",                                                   // 3: survey missing
            "R-3,Nonexistent survey,4,yes,,,,,",                                 // 4: survey unknown
            "R-4,\(survey),lots,yes,,,,,",                                       // 5: csat not a number
            "R-5,\(survey),9,yes,,,,,",                                          // 6: csat out of its 1-5 scale
            "R-6,\(survey),,yes,,,,,",                                           // 7: csat is required
            "R-7,\(survey),4,perhaps,,,,,",                                      // 8: resolved: not an option
            "R-8,\(survey),4,yes,,C-404,,,",                                     // 9: customer_id unknown
            "R-9,\(survey),4,yes,,,yesterday,,",                                 // 10: received_at
            "R-10,\(survey),4,yes,,,,Moon base,",                                // 11: touchpoint
            "R-11,\(survey),2,no,\"Slow, \"\"very\"\" slow\",,2026-01-06,,",     // 12: good (quoted comment)
        ]
    }

    static func importCSV(_ app: TestApp, _ workspace: WorkspaceRecord, _ csv: String, dryRun: Bool) async throws -> ImportReport {
        let reader = try ImportRowReader(stream: InputStream(data: Data(csv.utf8)), format: .csv)
        return try await ImportKind.responses.run(app.services, workspace.id, rows: reader, mapping: [:], dryRun: dryRun)
    }

    @Test("a bad row of every column type is reported with its line; the same file again adds nothing; the scores count the rest",
          arguments: TestBackend.allCases)
    func importResponses(backend: TestBackend) async throws {
        try await TestApp.run(backend) { app, _ in
            // setup: the fixture's live transactional CSAT survey, found by its name
            let (workspace, survey) = try await app.liveSurvey()
            let csv = ([Self.header] + Self.rows(survey.definition.name)).joined(separator: "\n")

            // MUT
            let dry = try await Self.importCSV(app, workspace, csv, dryRun: true)
            let afterDry = try await app.responseCount(workspace)
            let first = try await Self.importCSV(app, workspace, csv, dryRun: false)
            let again = try await Self.importCSV(app, workspace, csv, dryRun: false)

            // validate
            #expect(dry.rows == 11 && dry.imported == 2 && dry.failed == 9)
            #expect(dry.errors.map(\.line) == Array(3...11))
            #expect(dry.errors.map(\.field) == ["survey", "survey", "answers.csat", "answers.csat", "answers.csat", "answers.resolved",
                                                "customer_id", "received_at", "touchpoint"])
            #expect(afterDry == 0, "a dry run writes nothing")
            #expect(first.imported == 2 && first.failed == 9 && first.duplicates == 0)
            #expect(again.imported == 0 && again.duplicates == 2)
            #expect(try await app.responseCount(workspace) == 2)
            // The tallies the dashboards read count them: one satisfied of two, in January 2026.
            let january = Period(start: CalendarDate(iso: "2026-01-01")!, end: CalendarDate(iso: "2026-02-01")!)
            let tally = try await app.services.scores.dashboard(workspace.id, ScoreFilter(period: january)).current
            #expect(tally.csatAnswers == 2 && tally.satisfied == 1)
            struct Row: Decodable { let hidden: String; let comment: String?; let channel: String }
            let stored = try await app.services.database.sql.select().columns("hidden", "comment", "channel").from("responses")
                .where("import_key", .equal, SQLBind("id:R-11")).first(decoding: Row.self)
            #expect(stored?.comment == "Slow, \"very\" slow" && stored?.channel == "import")
            let first2 = try await app.services.database.sql.select().columns("hidden", "comment", "channel").from("responses")
                .where("import_key", .equal, SQLBind("id:R-1")).first(decoding: Row.self)
            #expect(first2?.hidden.contains("\"region\":\"North\"") == true)
        }
    }
}
