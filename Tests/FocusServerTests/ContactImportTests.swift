@testable import FocusServer
import FocusCore
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import SQLKit
import Testing

@Suite("Importing contacts: row errors with lines, dry runs, no duplicates")
struct ContactImportTests {
    static let header = "external_id,channel,category,reason,touchpoint,customer_id,occurred_at,wait_seconds,handling_seconds,resolved_first_contact,team,cost,note"

    /// One bad row for each kind of column, between good ones; line numbers count the header as line 1.
    static let rows = [
        "T-1,phone,Personal details,Address change,,C-1,2026-01-05T10:00:00Z,120,300,yes,Desk,,",      // line 2: good
        "T-2,pigeon,,Report a claim,,,,,,,,,",                                                            // 3: channel
        "T-3,phone,,Teleportation,,,,,,,,,",                                                              // 4: reason
        "T-4,phone,,Report a claim,Moon base,,,,,,,,",                                                    // 5: touchpoint
        "T-5,phone,,Report a claim,,C-404,,,,,,,",                                                         // 6: customer_id
        "T-6,phone,,Report a claim,,,last tuesday,,,,,,",                                                 // 7: occurred_at
        "T-7,phone,,Report a claim,,,,soon,,,,,",                                                         // 8: wait_seconds (text)
        "T-8,phone,,Report a claim,,,,,-5,,,,",                                                           // 9: handling_seconds (negative)
        "T-9,phone,,Report a claim,,,,,,maybe,,,",                                                        // 10: resolved_first_contact
        "T-10,phone,,Report a claim,,,,,,,,abc,",                                                         // 11: cost
        "T-11,phone,,Report a claim,,,,,,,\(String(repeating: "x", count: 81)),,",                         // 12: team
        "T-12,email,Claims,Claim status,,C-1,2026-01-06,,,no,Claims,2.5,\"said \"\"call me\"\", twice\"",  // 13: good (quoted)
    ]

    static func form(_ client: any TestClientProtocol, token: String, _ fields: [String: String]) async throws -> PageResponse {
        let body = fields.map { "\($0.key)=\(Browser.encode($0.value))" }.joined(separator: "&")
        let r = try await client.execute(uri: "/w/acme-insurance/import", method: .post,
                                         headers: [.authorization: "Bearer \(token)", .contentType: "application/x-www-form-urlencoded"],
                                         body: ByteBuffer(string: body))
        return PageResponse(status: r.status, headers: r.headers, text: String(buffer: r.body))
    }

    @Test("a bad row of every column type is reported with its line; fixed and imported again, nothing is duplicated", arguments: TestBackend.allCases)
    func pastedImport(backend: TestBackend) async throws {
        try await TestApp.run(backend) { app, client in
            // setup
            let (workspace, api, _) = try await ContactsTests.setUp(app, client)
            let csv = ([Self.header] + Self.rows).joined(separator: "\n")

            // MUT: a dry run, the import, then the file with its bad rows fixed
            let dry = try await Self.form(client, token: api.token, ["text": csv, "dry_run": "on"])
            let afterDry = try await ContactsTests.count(app, workspace)
            let first = try await Self.form(client, token: api.token, ["text": csv])
            let fixed = csv.replacingOccurrences(of: "pigeon", with: "letter").replacingOccurrences(of: "soon", with: "60")
            let second = try await Self.form(client, token: api.token, ["text": fixed])

            // validate
            #expect(dry.status == .ok)
            #expect(dry.text.contains("Dry run, nothing written: 2 of 12 rows would be imported; 0 already imported before; 10 bad."), "\(dry.text.prefix(0))")
            for (line, field) in [(3, "channel"), (4, "reason"), (5, "touchpoint"), (6, "customer_id"), (7, "occurred_at"), (8, "wait_seconds"),
                                  (9, "handling_seconds"), (10, "resolved_first_contact"), (11, "cost"), (12, "team")] {
                #expect(dry.text.contains("<td class=\"num\">\(line)</td><td>\(field)</td>"), "line \(line) names \(field)")
            }
            #expect(afterDry == 0, "a dry run writes nothing")
            #expect(first.text.contains("2 of 12 rows imported; 0 already imported before; 10 bad."))
            #expect(second.text.contains("2 of 12 rows imported; 2 already imported before; 8 bad."), "only the two fixed rows are new")
            #expect(try await ContactsTests.count(app, workspace) == 4)
            struct Row: Decodable { let note: String?; let cost: Double }
            let quoted = try await app.services.database.sql.select().columns("note", "cost").from("contacts")
                .where("import_key", .equal, SQLBind("id:T-12")).first(decoding: Row.self)
            #expect(quoted?.note == "said \"call me\", twice" && quoted?.cost == 2.5)
        }
    }

    @Test("a file sent by the page's script is imported in the background, with progress to ask for", arguments: TestBackend.allCases)
    func upload(backend: TestBackend) async throws {
        try await TestApp.run(backend) { app, client in
            // setup
            let (workspace, api, _) = try await ContactsTests.setUp(app, client)
            var lines = [Self.header]
            for i in 1...12_000 { lines.append("U-\(i),\(i % 1000 == 0 ? "fax" : "chat"),Claims,Claim status,,,,,,,,,") }

            // MUT
            let started = try await client.execute(uri: "/w/acme-insurance/import/upload?format=csv&dry_run=0", method: .post,
                                                   headers: [.authorization: "Bearer \(api.token)", .contentType: "application/octet-stream"],
                                                   body: ByteBuffer(string: lines.joined(separator: "\r\n")))
            let id = try #require((try JSONSerialization.jsonObject(with: Data(String(buffer: started.body).utf8)) as? [String: Any])?["id"] as? String)
            var job: [String: Any] = [:]
            for _ in 0..<200 {
                job = try await api.call(.get, "/w/acme-insurance/import/jobs/\(id)").json()
                if job["state"] as? String != "running" { break }
                try await Task.sleep(nanoseconds: 50_000_000)
            }
            let badMapping = try await client.execute(uri: "/w/acme-insurance/import/upload?map_channel=via", method: .post,
                                                      headers: [.authorization: "Bearer \(api.token)"], body: ByteBuffer(string: lines[0...2].joined(separator: "\n")))

            // validate
            #expect(started.status == .accepted)
            #expect(job["state"] as? String == "done", "\(job)")
            let report = try #require(job["report"] as? [String: Any])
            #expect(report["rows"] as? Int == 12_000 && report["imported"] as? Int == 11_988 && report["failed"] as? Int == 12)
            #expect((report["errors"] as? [[String: Any]])?.first?["line"] as? Int == 1001)
            #expect(try await ContactsTests.count(app, workspace) == 11_988)
            #expect(badMapping.status == .unprocessableContent)
        }
    }

    @Test("chunk by chunk, a repeat and a duplicate are found across chunks as within one", arguments: TestBackend.allCases)
    func acrossChunks(backend: TestBackend) async throws {
        try await TestApp.run(backend) { app, client in
            // setup: two rows per chunk, so each pair of related rows below lies in different chunks
            let (workspace, _, _) = try await ContactsTests.setUp(app, client)
            let csv = """
                external_id,channel,category,reason,customer_id,occurred_at
                A-1,phone,Personal details,Address change,C-1,2026-01-05T10:00:00Z
                A-2,phone,Claims,Report a claim,C-1,2026-01-06T10:00:00Z
                A-3,email,Personal details,Address change,C-1,2026-01-07T10:00:00Z
                A-1,phone,Personal details,Address change,C-1,2026-01-05T10:00:00Z
                A-4,phone,Personal details,Address change,C-1,2026-01-20T10:00:00Z
                A-5,chat,Personal details,Address change,C-1,2026-01-26T10:00:00Z
                """
            let reader = try ImportRowReader(stream: InputStream(data: Data(csv.utf8)), format: .csv)

            // MUT
            let report = try await ContactImport(services: app.services).run(workspace.id, rows: reader, mapping: [:], dryRun: false, chunkSize: 2)

            // validate: A-3 is two days after A-1 (same reason), A-5 six days after A-4; A-2 is another
            // reason and A-4 thirteen days after A-3; the second A-1 is the first one again.
            #expect(report.rows == 6 && report.imported == 5 && report.duplicates == 1 && report.failed == 0)
            struct Row: Decodable { let import_key: String; let is_repeat: Bool }
            let rows = try await app.services.database.sql.select().columns("import_key", "is_repeat").from("contacts")
                .where("workspace_id", .equal, SQLBind(workspace.id)).all(decoding: Row.self)
            #expect(rows.count == 5)
            #expect(Set(rows.filter(\.is_repeat).map(\.import_key)) == ["id:A-3", "id:A-5"])
        }
    }

    @Test("JSON Lines with a column mapping read the same fields")
    func jsonLines() throws {
        let text = #"{"id":"J-1","via":"phone","reason":"Claim status","waited":42.5,"resolved_first_contact":true}"# + "\n\n"
            + #"{"id":"J-2","via":"email","reason":null}"# + "\n"
        let reader = try ImportRowReader(stream: InputStream(data: Data(text.utf8)), format: .jsonl)
        let first = try #require(try reader.nextRow())
        let second = try #require(try reader.nextRow())
        #expect(try reader.nextRow() == nil)
        #expect(first.line == 1 && second.line == 3, "blank lines count")
        #expect(first.values["waited"] == "42.5" && first.values["resolved_first_contact"] == "true")
        #expect(second.values["reason"] == "")
        #expect(throws: FieldError.self) { try ContactImport.checkMapping(["channel": "channel"], columns: reader.columns) }
        try ContactImport.checkMapping(["channel": "via", "external_id": "id", "wait_seconds": "waited"], columns: reader.columns)
    }
}
