@testable import FocusServer
import FocusCore
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import SQLKit
import Testing

@Suite("Contacts: reasons, ingest, repeats and the analysis")
struct ContactsTests {
    static let base = "/api/v1/workspaces/acme-insurance"

    /// The workspace with a live survey (and customer C-1), the insurance taxonomy adopted, and an agent's API client.
    static func setUp(_ app: TestApp, _ client: any TestClientProtocol) async throws -> (WorkspaceRecord, APIClient, [String: UUID]) {
        let (workspace, _) = try await app.liveSurvey()
        let api = APIClient(client: client, token: try await app.token(workspace: workspace, role: .owner))
        let adopted = try await api.call(.post, "\(base)/contact-reasons/adopt", json: #"{"taxonomy":"insurance"}"#)
        #expect(adopted.status == .ok, "\(adopted.text.prefix(200))")
        let reasons = Dictionary(uniqueKeysWithValues: try await app.services.contacts.reasons(workspace.id).map { ($0.reason.name, $0.id) })
        return (workspace, api, reasons)
    }

    static func count(_ app: TestApp, _ workspace: WorkspaceRecord) async throws -> Int {
        struct Row: Decodable { let n: Int }
        return try await app.services.database.sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("contacts")
            .where("workspace_id", .equal, SQLBind(workspace.id)).first(decoding: Row.self)?.n ?? 0
    }

    @Test("each kind of bad input gets a 4xx naming the field, and writes nothing", arguments: TestBackend.allCases)
    func badInput(backend: TestBackend) async throws {
        try await TestApp.run(backend) { app, client in
            // setup
            let (workspace, api, reasons) = try await Self.setUp(app, client)
            let r = reasons["Address change"]!.uuidString
            let long = String(repeating: "x", count: 81)
            let cases: [(String, String, HTTPResponse.Status, String)] = [
                ("contacts", #"{"channel":"pigeon"}"#, .unprocessableContent, "channel"),
                ("contacts", #"{"reason_id":"\#(r)"}"#, .badRequest, "channel"),
                ("contacts", #"{"channel":"phone","reason_id":"\#(UUID())"}"#, .unprocessableContent, "reason_id"),
                ("contacts", #"{"channel":"phone","reason_id":"nope"}"#, .badRequest, "reason_id"),
                ("contacts", #"{"channel":"phone","touchpoint_id":"\#(UUID())"}"#, .unprocessableContent, "touchpoint_id"),
                ("contacts", #"{"channel":"phone","customer_id":"nobody"}"#, .unprocessableContent, "customer_id"),
                ("contacts", #"{"channel":"phone","occurred_at":"yesterday"}"#, .unprocessableContent, "occurred_at"),
                ("contacts", #"{"channel":"phone","occurred_at":"1999-01-01"}"#, .unprocessableContent, "occurred_at"),
                ("contacts", #"{"channel":"phone","wait_seconds":-1}"#, .unprocessableContent, "wait_seconds"),
                ("contacts", #"{"channel":"phone","handling_seconds":9999999}"#, .unprocessableContent, "handling_seconds"),
                ("contacts", #"{"channel":"phone","handling_seconds":"long"}"#, .badRequest, "handling_seconds"),
                ("contacts", #"{"channel":"phone","resolved_first_contact":"yes"}"#, .badRequest, "resolved_first_contact"),
                ("contacts", #"{"channel":"phone","cost":-3}"#, .unprocessableContent, "cost"),
                ("contacts", #"{"channel":"phone","team":"\#(long)"}"#, .unprocessableContent, "team"),
                ("contacts/batch", #"{"contacts":[{"channel":"phone"},{"channel":"fax"}]}"#, .unprocessableContent, "contacts[1].channel"),
                ("contacts/batch", #"{"contacts":[{"channel":"phone"},{"channel":"phone","occurred_at":"soon"}]}"#, .unprocessableContent, "contacts[1].occurred_at"),
                ("contacts/batch", #"{"contacts":[]}"#, .unprocessableContent, "contacts"),
                ("contact-reasons", #"{"category":"Billing","name":"Dunning","avoidable":true}"#, .unprocessableContent, "fix"),
                ("contact-reasons", #"{"category":"Billing","name":"Dunning","fix":"magic"}"#, .unprocessableContent, "fix"),
                ("contact-reasons", #"{"category":"","name":"Dunning"}"#, .unprocessableContent, "category"),
                ("contact-reasons", #"{"category":"Billing","name":"Invoice unclear"}"#, .unprocessableContent, "name"),
                ("contact-reasons/adopt", #"{"taxonomy":"banking"}"#, .unprocessableContent, "taxonomy"),
            ]
            let reasonsBefore = try await app.services.contacts.reasons(workspace.id).count
            for (path, body, status, field) in cases {
                // MUT
                let response = try await api.call(.post, "\(Self.base)/\(path)", json: body)
                // validate
                #expect(response.status == status, "\(path) \(body.prefix(90)): \(response.text.prefix(200))")
                #expect(try (response.json()["error"] as? [String: Any])?["field"] as? String == field, "\(body.prefix(90))")
            }
            let settings = try await api.call(.put, "\(Self.base)/contact-settings", json: #"{"repeat_days":0}"#)
            let cost = try await api.call(.put, "\(Self.base)/contact-settings", json: #"{"costs":{"fax":2}}"#)
            #expect(try (settings.json()["error"] as? [String: Any])?["field"] as? String == "repeat_days")
            #expect(try (cost.json()["error"] as? [String: Any])?["field"] as? String == "costs.fax")
            #expect(try await Self.count(app, workspace) == 0)
            #expect(try await app.services.contacts.reasons(workspace.id).count == reasonsBefore)
        }
    }

    @Test("costs come from the channel, repeats are flagged within the window, a retried key stores once", arguments: TestBackend.allCases)
    func ingest(backend: TestBackend) async throws {
        try await TestApp.run(backend) { app, client in
            // setup
            let (workspace, api, reasons) = try await Self.setUp(app, client)
            let r = reasons["Claim status"]!
            _ = try await api.call(.put, "\(Self.base)/contact-settings", json: #"{"repeat_days":7,"costs":{"phone":5.5}}"#)
            let day0 = CalendarDate.today.adding(days: -30)
            func at(_ days: Double) -> String { Timestamp.format(Double(day0.daysSinceEpoch) * 86400 + days * 86400) }

            // MUT
            let first = try await api.call(.post, "\(Self.base)/contacts", json: #"{"channel":"phone","reason_id":"\#(r)","customer_id":"C-1","occurred_at":"\#(at(0))"}"#)
            let batch = try await api.call(.post, "\(Self.base)/contacts/batch", json: #"{"contacts":[{"channel":"email","reason_id":"\#(r)","customer_id":"C-1","occurred_at":"\#(at(7))"},{"channel":"chat","reason_id":"\#(r)","customer_id":"C-1","occurred_at":"\#(at(20))","cost":1.25},{"channel":"phone","reason_id":"\#(r)","occurred_at":"\#(at(1))"}]}"#)
            var headers: HTTPFields = [.authorization: "Bearer \(api.token)", .contentType: "application/json"]
            headers[HTTPField.Name("Idempotency-Key")!] = "call-77"
            let body = ByteBuffer(string: #"{"channel":"visit","reason_id":"\#(r)","customer_id":"C-1","occurred_at":"\#(at(21))"}"#)
            let once = try await client.execute(uri: "\(Self.base)/contacts", method: .post, headers: headers, body: body)
            let twice = try await client.execute(uri: "\(Self.base)/contacts", method: .post, headers: headers, body: body)

            // validate
            #expect(first.status == .created)
            #expect(try first.json()["cost"] as? Double == 5.5, "the workspace's phone cost")
            #expect(try first.json()["is_repeat"] as? Bool == false)
            let items = try #require(try batch.json()["contacts"] as? [[String: Any]])
            #expect(items.map { $0["is_repeat"] as? Bool } == [true, false, false],
                    "7 days after: a repeat (the window includes its end); 13 days after the last: not; no customer: never")
            #expect(items.map { $0["cost"] as? Double } == [ContactChannel.email.defaultCost, 1.25, 5.5])
            #expect(once.status == .created && twice.status == .created)
            #expect(twice.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
            #expect(String(buffer: once.body) == String(buffer: twice.body))
            let replayed = try JSONSerialization.jsonObject(with: Data(String(buffer: once.body).utf8)) as? [String: Any]
            #expect(replayed?["is_repeat"] as? Bool == true, "a day after the chat contact")
            #expect(try await Self.count(app, workspace) == 5)
        }
    }

    @Test("contacts posted at once share commits: each idempotency key stores once, each request hears its own contact", arguments: TestBackend.allCases)
    func concurrentIngest(backend: TestBackend) async throws {
        try await TestApp.run(backend) { app, client in
            // setup: 20 contacts of one customer and reason, 8 days apart with a 7-day window, so none is a repeat
            // whatever order they arrive in; each is sent twice at the same time under its own key.
            let (workspace, api, reasons) = try await Self.setUp(app, client)
            let r = reasons["Claim status"]!
            _ = try await api.call(.put, "\(Self.base)/contact-settings", json: #"{"repeat_days":7}"#)
            let day0 = CalendarDate.today.adding(days: -200)
            func body(_ i: Int) -> String {
                let at = Timestamp.format(Double(day0.daysSinceEpoch + 8 * i) * 86400)
                return #"{"channel":"phone","reason_id":"\#(r)","customer_id":"C-1","occurred_at":"\#(at)","agent":"A\#(i)"}"#
            }

            // MUT
            let answers = try await withThrowingTaskGroup(of: (Int, Int, String, Bool).self) { tasks in
                for i in 0..<40 {
                    tasks.addTask {
                        var headers: HTTPFields = [.authorization: "Bearer \(api.token)", .contentType: "application/json"]
                        headers[HTTPField.Name("Idempotency-Key")!] = "burst-\(i % 20)"
                        let answer = try await client.execute(uri: "\(Self.base)/contacts", method: .post, headers: headers,
                                                              body: ByteBuffer(string: body(i % 20)))
                        return (i % 20, Int(answer.status.code), String(buffer: answer.body),
                                answer.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
                    }
                }
                return try await tasks.reduce(into: []) { $0.append($1) }
            }

            // validate
            #expect(answers.allSatisfy { $0.1 == 201 }, "\(answers.first { $0.1 != 201 }.map { "\($0.1) \($0.2.prefix(200))" } ?? "")")
            for key in 0..<20 {
                let pair = answers.filter { $0.0 == key }
                #expect(pair.count == 2 && pair[0].2 == pair[1].2, "both requests under one key hear the same contact")
                #expect(pair.filter(\.3).count == 1, "one of the two is the replay")
                let json = try JSONSerialization.jsonObject(with: Data(pair[0].2.utf8)) as? [String: Any]
                #expect(json?["agent"] as? String == "A\(key)" && json?["is_repeat"] as? Bool == false)
            }
            #expect(try await Self.count(app, workspace) == 20)
        }
    }

    @Test("the analysis adds up as worked out by hand", arguments: TestBackend.allCases)
    func analysis(backend: TestBackend) async throws {
        try await TestApp.run(backend) { app, client in
            // setup: 3 address changes by phone (avoidable, 6.00 each) and 1 claim report by e-mail costing 10.00, in a 10-day period
            let (_, api, reasons) = try await Self.setUp(app, client)
            let address = reasons["Address change"]!, claim = reasons["Report a claim"]!
            let day = CalendarDate.today.adding(days: -5)
            let t = Timestamp.format(Double(day.daysSinceEpoch) * 86400 + 3600)
            let body = #"{"contacts":[{"channel":"phone","reason_id":"\#(address)","occurred_at":"\#(t)","resolved_first_contact":true,"team":"Desk"},{"channel":"phone","reason_id":"\#(address)","occurred_at":"\#(t)","resolved_first_contact":false,"team":"Desk"},{"channel":"phone","reason_id":"\#(address)","occurred_at":"\#(t)","team":"Desk"},{"channel":"email","reason_id":"\#(claim)","occurred_at":"\#(t)","cost":10,"resolved_first_contact":true,"team":"Claims"}]}"#
            _ = try await api.call(.post, "\(Self.base)/contacts/batch", json: body)
            let range = "from=\(day.adding(days: -4).iso)&to=\(day.adding(days: 5).iso)"

            // MUT
            let response = try await api.call(.get, "\(Self.base)/contacts/analysis?\(range)")
            let page = try await api.call(.get, "/w/acme-insurance/contacts?\(range)")

            // validate
            let json = try response.json()
            #expect((json["total"] as? [String: Any])?["contacts"] as? Int == 4)
            #expect((json["total"] as? [String: Any])?["cost"] as? Double == 28)                       // 3 × 6 + 10
            #expect((json["avoidable_share"] as? [String: Any])?["value"] as? Double == 75)           // 3 of 4
            #expect(abs((json["avoidable_yearly_cost"] as? Double ?? 0) - 18 * 365 / 10) < 1e-9)     // 18 in 10 days → 657 a year
            let rows = try #require(json["reasons"] as? [[String: Any]])
            #expect(rows.map { $0["name"] as? String } == ["Address change", "Report a claim"])
            #expect(rows.map { $0["cumulative_share"] as? Double } == [75, 100])
            let fcr = ((rows[0]["figures"] as? [String: Any])?["first_contact_resolution"] as? [String: Any])?["value"] as? Double
            #expect(fcr == 50, "one of the two address changes whose resolution is known")
            let fixes = try #require(json["fixes"] as? [[String: Any]])
            #expect(fixes.count == 1 && fixes[0]["reason"] as? String == "Address change" && fixes[0]["fix"] as? String == "self_service")
            #expect(page.status == .ok && page.text.contains("Change of address online") && page.text.contains("75.0%") && page.text.contains("657"))
        }
    }

    @Test("a response that names a contact is counted in its wait band, as worked out by hand; an unknown contact is refused", arguments: TestBackend.allCases)
    func waitAgainstSatisfaction(backend: TestBackend) async throws {
        try await TestApp.run(backend) { app, client in
            // setup: two calls answered within a minute and one after twelve minutes
            let (workspace, api, reasons) = try await Self.setUp(app, client)
            let survey = try #require(try await app.services.surveys.list(workspace.id).first)
            let r = reasons["Report a claim"]!
            let batch = try await api.call(.post, "\(Self.base)/contacts/batch", json: #"{"contacts":[{"channel":"phone","reason_id":"\#(r)","wait_seconds":30},{"channel":"phone","reason_id":"\#(r)","wait_seconds":59.5},{"channel":"chat","reason_id":"\#(r)","wait_seconds":720}]}"#)
            let ids = try #require((try batch.json()["contacts"] as? [[String: Any]])?.compactMap { $0["id"] as? String })
            #expect(ids.count == 3)
            func respond(_ csat: Int, _ contact: String) async throws -> PageResponse {
                try await api.call(.post, "\(Self.base)/responses", json: #"{"survey_id":"\#(survey.id)","answers":{"csat":\#(csat)},"contact_id":"\#(contact)"}"#)
            }

            // MUT
            let unknown = try await respond(5, UUID().uuidString)
            let created = [try await respond(5, ids[0]), try await respond(4, ids[1]), try await respond(1, ids[2])]
            let json = try await api.call(.get, "\(Self.base)/contacts/analysis").json()
            let page = try await api.call(.get, "/w/acme-insurance/contacts")

            // validate
            #expect(unknown.status == .unprocessableContent && unknown.text.contains("contact_id"))
            #expect(try await app.responseCount(workspace) == 3, "the refused response wrote nothing")
            #expect(created.allSatisfy { $0.status == .created })
            #expect(try created[0].json()["contact_id"] as? String == ids[0], "the response says which contact it is about")
            let listed = try await api.call(.get, "\(Self.base)/responses").json()["items"] as? [[String: Any]] ?? []
            #expect(Set(listed.compactMap { $0["contact_id"] as? String }) == Set(ids))
            let malformed = try await api.call(.post, "\(Self.base)/responses", json: #"{"survey_id":"\#(survey.id)","answers":{"csat":3},"contact_id":"not-an-id"}"#)
            #expect(malformed.status == .badRequest && malformed.text.contains("contact_id must be an id"))
            let wait = try #require(json["wait_satisfaction"] as? [String: Any])
            #expect(wait["responses"] as? Int == 3 && wait["score"] as? String == "csat")
            let bands = try #require(wait["bands"] as? [[String: Any]])
            #expect(bands.map { $0["label"] as? String } == ["under 1 min", "1–3 min", "3–5 min", "5–10 min", "10 min or more"])
            #expect(bands.map { $0["responses"] as? Int } == [2, 0, 0, 0, 1])
            func csat(_ band: [String: Any]) -> Double? { ((band["scores"] as? [String: Any])?["csat"] as? [String: Any])?["value"] as? Double }
            #expect(csat(bands[0]) == 100 && csat(bands[4]) == 0)   // 4 and 5 are satisfied; 1 is not
            #expect(wait["shortest_against_longest"] is NSNull, "one or two answers a band are too few to compare")
            #expect(page.status == .ok && page.text.contains("Satisfaction against the wait") && page.text.contains("10 min or more")
                    && page.text.contains("Too few answers"))
        }
    }

    @Test("the contact tallies kept by ingest, import and a deleted reason equal a rebuild from the contacts", arguments: TestBackend.allCases)
    func tallies(backend: TestBackend) async throws {
        try await TestApp.run(backend) { app, client in
            // setup: contacts by API (with fractional costs and waits) and by import, then a reason deleted
            let (workspace, api, reasons) = try await Self.setUp(app, client)
            let address = reasons["Address change"]!, claim = reasons["Report a claim"]!
            _ = try await api.call(.post, "\(Self.base)/contacts/batch", json: #"{"contacts":[{"channel":"phone","reason_id":"\#(address)","wait_seconds":59.5,"cost":4.125,"resolved_first_contact":true,"team":"Desk"},{"channel":"chat","reason_id":"\#(claim)","wait_seconds":0.3,"handling_seconds":100.25},{"channel":"phone"}]}"#)
            let csv = "channel,reason,occurred_at,wait_seconds,team\nemail,Report a claim,2026-01-05T10:00:00Z,,Claims\nphone,Address change,2026-01-05T11:00:00Z,30,Desk"
            _ = try await ImportKind.contacts.run(app.services, workspace.id, rows: try ImportRowReader(stream: InputStream(data: Data(csv.utf8)), format: .csv),
                                                  mapping: [:], dryRun: false)
            try await app.services.contacts.deleteReason(workspace.id, id: claim)
            func snapshot() async throws -> [String] {
                try await app.services.database.sql.select().columns(ContactAggregates.keyColumns + ContactAggregates.valueColumns)
                    .from(ContactAggregates.table).all().map { row in
                        let key = "\(try row.decode(column: "day", as: Int.self))|\(try row.decode(column: "reason_id", as: UUID.self))|"
                            + "\(try row.decode(column: "channel", as: String.self))|\(try row.decode(column: "team", as: String.self))"
                        let s = try ContactAggregates.storedSums(row)
                        return key + "|\([s.contacts, s.costCents, s.resolutionKnown, s.resolvedFirst, s.repeats, s.waitMilliseconds, s.waitKnown, s.handlingMilliseconds, s.handlingKnown])"
                    }.sorted()
            }

            // MUT
            let incremental = try await snapshot()
            let written = try await app.services.database.rebuildContactAggregates()
            let rebuilt = try await snapshot()

            // validate
            #expect(incremental == rebuilt)
            #expect(written == rebuilt.count && rebuilt.count == 5)
            #expect(rebuilt.contains { $0.contains("|phone|Desk|[1, 413, 1, 1, 0, 59500, 1, 0, 0]") }, "4.125 rounds to 413 cents; 59.5 s is 59,500 ms")
            #expect(!rebuilt.contains { $0.contains(claim.uuidString) }, "the deleted reason's contacts count as no reason")
        }
    }

    @Test("the demo's address changes by phone drop after the day they went online", arguments: TestBackend.allCases)
    func demoDrop(backend: TestBackend) async throws {
        try await TestApp.run(backend) { app, client in
            // setup
            let options = DemoInsurer.Options(seed: 7, responses: 12_000, asOf: CalendarDate(iso: "2026-07-01")!)
            let demo = DemoInsurer(options: options)
            let workspace = try await DemoLoader(services: app.services).load(options, logger: TestBackend.logger)
            let api = APIClient(client: client, token: try await app.token(workspace: workspace, role: .viewer))
            let online = demo.addressChangeOnlineFrom
            func share(_ from: CalendarDate, _ to: CalendarDate) async throws -> Double {
                let json = try await api.call(.get, "/api/v1/workspaces/\(workspace.slug)/contacts/analysis?from=\(from.iso)&to=\(to.iso)").json()
                let rows = json["reasons"] as? [[String: Any]] ?? []
                return rows.first { $0["name"] as? String == "Address change" }?["share"] as? Double ?? 0
            }

            // MUT
            let before = try await share(online.adding(days: -90), online.adding(days: -1))
            let after = try await share(online, online.adding(days: 89))
            let page = try await api.call(.get, "/w/\(workspace.slug)/contacts?from=\(online.adding(days: -182).iso)&to=\(online.adding(days: 181).iso)")

            // validate: one in five before, one in fifty after (planted), measured on 6,000 contacts
            #expect(before > 15 && before < 25, "\(before)")
            #expect(after < 4, "\(after)")
            #expect(page.status == .ok && page.text.contains("Address change") && page.text.contains("Fixes ranked"))
            // The survey after a call: the longer the wait, the lower the CSAT (planted), significantly so.
            let year = try await api.call(.get, "/api/v1/workspaces/\(workspace.slug)/contacts/analysis?from=\(options.asOf.adding(days: -365).iso)&to=\(options.asOf.iso)").json()
            let wait = try #require(year["wait_satisfaction"] as? [String: Any])
            let change = try #require(wait["shortest_against_longest"] as? [String: Any])
            #expect((change["difference"] as? Double ?? 0) < -30 && change["significant"] as? Bool == true, "\(change)")
            #expect((wait["responses"] as? Int ?? 0) == demo.contactResponses.count)
        }
    }
}
