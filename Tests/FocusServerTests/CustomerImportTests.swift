@testable import FocusServer
import FocusCore
import Foundation
import SQLKit
import Testing

@Suite("Importing customers: row errors with lines, attributes from other columns, updates without duplicates")
struct CustomerImportTests {
    static let header = "external_id,name,email,segment,value_per_year,since,status,churned_on,region"

    /// One bad row for each kind of column, between good ones; line numbers count the header as line 1.
    static let rows = [
        "K-1,Ada Park,ada@example.com,Private,1200,2020-04-01,active,,North",      // line 2: good, region becomes an attribute
        ",Nameless,,,,,,,",                                                       // 3: external_id missing
        "K-3,Bea,not-an-address,,,,,,",                                           // 4: email
        "K-4,Cy,,,lots,,,,",                                                      // 5: value_per_year (text)
        "K-5,Di,,,-3,,,,",                                                        // 6: value_per_year (negative)
        "K-6,Ed,,,,01/02/2020,,,",                                                // 7: since (not ISO)
        "K-7,Flo,,,,,gone,,",                                                     // 8: status
        "K-8,Gus,,,,,churned,,",                                                  // 9: churned_on missing for a churned customer
        "K-9,Hal,,,,2021-01-01,active,2022-01-01,",                               // 10: churned_on for an active customer
        "K-1,Ada again,,,,,,,",                                                   // 11: external_id twice in the file
        "K-10,\(String(repeating: "n", count: 201)),,,,,,,",                      // 12: name too long
        "K-11,Ivo Lind,ivo@example.com,Business,90000,2019-01-01,churned,2025-06-30,South", // 13: good, churned
    ]

    static func importCSV(_ app: TestApp, _ workspace: WorkspaceRecord, _ csv: String, dryRun: Bool) async throws -> ImportReport {
        let reader = try ImportRowReader(stream: InputStream(data: Data(csv.utf8)), format: .csv)
        return try await ImportKind.customers.run(app.services, workspace.id, rows: reader, mapping: [:], dryRun: dryRun)
    }

    @Test("a bad row of every column type is reported with its line; a second import changes nothing; a changed row updates", arguments: TestBackend.allCases)
    func importCustomers(backend: TestBackend) async throws {
        try await TestApp.run(backend) { app, client in
            // setup
            let (workspace, _) = try await app.liveSurvey()
            let before = try await app.services.customers.count(workspace.id)
            let csv = ([Self.header] + Self.rows).joined(separator: "\n")

            // MUT: a dry run, the import, the same file again, then with one customer changed
            let dry = try await Self.importCSV(app, workspace, csv, dryRun: true)
            let afterDry = try await app.services.customers.count(workspace.id)
            let first = try await Self.importCSV(app, workspace, csv, dryRun: false)
            let again = try await Self.importCSV(app, workspace, csv, dryRun: false)
            let changed = try await Self.importCSV(app, workspace, csv.replacingOccurrences(of: "Ada Park", with: "Ada Park-Lee"), dryRun: false)
            // A file with fewer columns changes only what it has: Ivo's e-mail, segment, dates and region stay.
            let partial = try await Self.importCSV(app, workspace, "external_id,name,plan\nK-11,Ivo Lindqvist,Gold", dryRun: false)

            // validate
            #expect(dry.imported == 2 && dry.failed == 10 && dry.rows == 12)
            #expect(dry.errors.map(\.line) == Array(3...12))
            #expect(dry.errors.map(\.field) == ["external_id", "email", "value_per_year", "value_per_year", "since", "status", "churned_on",
                                                "churned_on", "external_id", "name"])
            #expect(dry.errors[8].message.contains("line 2"), "the repeated id names the line it was first on")
            #expect(afterDry == before, "a dry run writes nothing")
            #expect(first.imported == 2 && first.updated == 0 && first.duplicates == 0)
            #expect(again.imported == 0 && again.updated == 0 && again.duplicates == 2 && again.failed == 10)
            #expect(changed.imported == 0 && changed.updated == 1 && changed.duplicates == 1)
            #expect(try await app.services.customers.count(workspace.id) == before + 2)
            let (items, _) = try await app.services.customers.list(workspace.id, search: "K-", cursor: nil, limit: 10)
            let ada = items.first { $0.customer.externalID == "K-1" }?.customer
            let ivo = items.first { $0.customer.externalID == "K-11" }?.customer
            #expect(ada?.name == "Ada Park-Lee" && ada?.attributes == ["region": "North"] && ada?.valuePerYear == 1200
                    && ada?.since == CalendarDate(iso: "2020-04-01") && ada?.status == .active)
            #expect(partial.updated == 1 && partial.failed == 0)
            #expect(ivo?.name == "Ivo Lindqvist" && ivo?.email == "ivo@example.com" && ivo?.valuePerYear == 90000)
            #expect(ivo?.status == .churned && ivo?.churnedOn == CalendarDate(iso: "2025-06-30") && ivo?.segment == "Business")
            #expect(ivo?.attributes == ["region": "South", "plan": "Gold"])
        }
    }

    @Test("the mapping must name customer fields and columns the file has; the file needs an external id")
    func mapping() throws {
        #expect(throws: FieldError("mapping.nickname", "is not a customer field; fields are \(CustomerImport.fields.joined(separator: ", "))")) {
            try CustomerImport.checkMapping(["nickname": "Name"], columns: ["external_id", "Name"])
        }
        #expect(throws: FieldError("mapping.name", "the file has no column Full name")) {
            try CustomerImport.checkMapping(["name": "Full name"], columns: ["external_id"])
        }
        #expect(throws: FieldError("mapping.external_id", "the file needs an external_id column (or map one with external_id=COLUMN)")) {
            try CustomerImport.checkMapping([:], columns: ["name"])
        }
        try CustomerImport.checkMapping(["external_id": "Customer no."], columns: ["Customer no.", "name"])
    }
}
